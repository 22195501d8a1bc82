/// The portal's script: the live alert queue (Server-Sent Events, acknowledge and decide in place) and the map
/// (zones, curfew address, trail with confidence circles). No inline scripts: the page's CSP forbids them.
enum PortalScript {
    static let js = #"""
    (function () {
      "use strict";
      var el = OpenEM.el;
      function post(url, body) { return OpenEM.send("POST", url, body || {}); }

      // ---- alert queue ----
      var table = document.getElementById("alert-table");
      if (table) {
        var decisions = JSON.parse((document.getElementById("decisions") || {}).textContent || "[]");
        var tbody = table.querySelector("tbody");
        var status = document.getElementById("live-status");
        var wantStatus = table.getAttribute("data-filter-status");
        var order = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
        var wantSeverity = table.getAttribute("data-filter-severity");

        function actions(row, alert) {
          var cell = row.querySelector(".actions");
          cell.textContent = "";
          var form = el("form", {});
          form.addEventListener("submit", function (e) { e.preventDefault(); });
          function fail(err) { cell.appendChild(el("p", { "class": "error", role: "alert" }, "Not done: " + err.message)); }
          if (alert.status === "OPEN") {
            var ack = el("button", { type: "button", "data-action": "acknowledge" }, "Acknowledge");
            ack.addEventListener("click", function () {
              post("/api/v1/alerts/" + alert.id + "/acknowledge").then(function (a) { update(a, false); }).catch(fail);
            });
            form.appendChild(ack);
          } else if (alert.status === "ACKNOWLEDGED" && decisions.length) {
            var id = "decision-" + alert.id;
            form.appendChild(el("label", { "for": id, "class": "visually-hidden" }, "Decision"));
            var select = el("select", { id: id, name: "decision" });
            decisions.forEach(function (d) { select.appendChild(el("option", { value: d }, d.replace(/_/g, " ").toLowerCase())); });
            form.appendChild(select);
            form.appendChild(el("label", { "for": id + "-note", "class": "visually-hidden" }, "Note"));
            var note = el("input", { id: id + "-note", name: "note", placeholder: "Note" });
            form.appendChild(note);
            var record = el("button", { type: "button", "data-action": "decide" }, "Record decision");
            record.addEventListener("click", function () {
              post("/api/v1/alerts/" + alert.id + "/decision", { decision: select.value, note: note.value })
                .then(function (a) { update(a, false); }).catch(fail);
            });
            form.appendChild(record);
          } else if (alert.status === "ACTIONED") {
            var close = el("button", { type: "button", "class": "secondary", "data-action": "close" }, "Close");
            close.addEventListener("click", function () {
              post("/api/v1/alerts/" + alert.id + "/close").then(function (a) { update(a, false); }).catch(fail);
            });
            form.appendChild(close);
          }
          cell.appendChild(form);
        }

        function fill(row, a) {
          row.setAttribute("data-status", a.status);
          row.className = "sev-" + a.severity;
          var cells = row.children;
          cells[1].textContent = "";
          cells[1].appendChild(el("span", { "class": "badge sev-" + a.severity }, a.severity));
          if (a.escalated) { cells[1].appendChild(document.createTextNode(" ")); cells[1].appendChild(el("span", { "class": "badge" }, "ESCALATED")); }
          cells[4].textContent = a.status + (a.decision ? ": " + a.decision : "");
          cells[5].textContent = a.ackDueAt;
          actions(row, a);
        }

        function update(a, fromStream) {
          if (wantStatus ? a.status !== wantStatus : a.status === "CLOSED") {
            var gone = tbody.querySelector('tr[data-alert-id="' + a.id + '"]');
            if (gone && fromStream) { gone.remove(); }
            if (gone && !fromStream) { fill(gone, a); }
            return;
          }
          if (wantSeverity && order.indexOf(a.severity) < order.indexOf(wantSeverity)) { return; }
          var row = tbody.querySelector('tr[data-alert-id="' + a.id + '"]');
          if (!row) {
            row = el("tr", { "data-alert-id": a.id });
            var when = el("td"); when.appendChild(el("time", { datetime: a.raisedAt }, a.raisedAt)); row.appendChild(when);
            row.appendChild(el("td"));
            row.appendChild(el("td", {}, a.violationType + (a.late ? " (late data)" : "")));
            var who = el("td"); who.appendChild(el("a", { href: "/people/" + a.subjectId }, "View wearer")); row.appendChild(who);
            row.appendChild(el("td", { "class": "status" }));
            row.appendChild(el("td"));
            row.appendChild(el("td", { "class": "actions" }));
            tbody.insertBefore(row, tbody.firstChild);
            var none = document.getElementById("no-alerts"); if (none) { none.remove(); }
            if (fromStream) { row.classList.add("new"); }
          }
          fill(row, a);
          if (fromStream && row.className.indexOf("new") < 0) { row.classList.add("new"); }
        }

        Array.prototype.forEach.call(tbody.querySelectorAll("tr"), function (row) {
          var cells = row.children;
          actions(row, { id: row.getAttribute("data-alert-id"), status: row.getAttribute("data-status") });
          void cells;
        });

        if (window.EventSource) {
          var source = new EventSource("/api/v1/alerts/stream");
          source.addEventListener("open", function () { status.textContent = "Live."; });
          source.addEventListener("error", function () { status.textContent = "Reconnecting..."; });
          source.addEventListener("alert", function (e) { update(JSON.parse(e.data), true); });
        } else {
          status.textContent = "This browser cannot show live updates; reload to refresh.";
        }
      }

      // ---- dashboards ----
      if (document.getElementById("dash")) {
        var dashStatus = document.getElementById("dash-status");
        var get = OpenEM.get;
        var pct = function (x) { return (x * 100).toFixed(1) + "%"; };
        var set = function (id, v) { document.getElementById(id).textContent = v; };
        Promise.all([get("/api/v1/stats/caseload"), get("/api/v1/stats/compliance"), get("/api/v1/stats/alcohol"), get("/api/v1/stats/alerts"),
                     get("/api/v1/stats/devices")])
          .then(function (r) {
            var c = r[0], co = r[1], al = r[2], a = r[3], dh = r[4];
            set("devices-fitted", dh.fitted); set("devices-troubled", dh.devicesWithProblems); set("devices-healthy", pct(dh.healthyRate));
            var problems = document.querySelector("#device-problems tbody");
            ["LOW_BATTERY", "BATTERY_FLAT", "NO_COMMUNICATION", "TAMPER"].forEach(function (k) {
              var tr = el("tr"); tr.appendChild(el("th", { scope: "row" }, k.replace(/_/g, " ").toLowerCase()));
              tr.appendChild(el("td", {}, String(dh.openProblems[k] || 0))); problems.appendChild(tr);
            });
            set("caseload-total", c.total);
            var types = Object.keys(c.table).sort(), cohorts = Object.keys(c.byCohort).sort();
            var head = document.querySelector("#caseload-table thead"), body = document.querySelector("#caseload-table tbody");
            var hr = el("tr"); hr.appendChild(el("th", { scope: "col" }, "Order type"));
            cohorts.forEach(function (k) { hr.appendChild(el("th", { scope: "col" }, k)); });
            hr.appendChild(el("th", { scope: "col" }, "Total")); head.appendChild(hr);
            types.forEach(function (t) {
              var tr = el("tr"); tr.appendChild(el("th", { scope: "row" }, t));
              cohorts.forEach(function (k) { tr.appendChild(el("td", {}, String(c.table[t][k] || 0))); });
              tr.appendChild(el("td", {}, String(c.byOrderType[t]))); body.appendChild(tr);
            });
            set("compliance-rate", pct(co.complianceRate)); set("monitored-days", co.monitoredDays);
            set("sober-rate", pct(al.soberDayRate)); set("alcohol-days", al.monitoredDays);
            set("alerts-total", a.total); set("sla-rate", pct(a.slaMetRate)); set("escalated", a.escalated);
            if (window.Chart) {
              new Chart(document.getElementById("chart-caseload"), { type: "bar", data: { labels: types,
                datasets: [{ label: "Active orders", data: types.map(function (t) { return c.byOrderType[t]; }), backgroundColor: "#1d70b8" }] } });
              new Chart(document.getElementById("chart-trend"), { type: "line", data: { labels: co.weeklyTrend.map(function (w) { return w.week; }),
                datasets: [{ label: "Confirmed violations", data: co.weeklyTrend.map(function (w) { return w.violations; }), borderColor: "#d4351c" }] } });
              var st = Object.keys(a.byStatus).sort();
              new Chart(document.getElementById("chart-alerts"), { type: "bar", data: { labels: st,
                datasets: [{ label: "Alerts", data: st.map(function (s) { return a.byStatus[s]; }), backgroundColor: "#f47738" }] } });
            }
            dashStatus.textContent = "Up to date.";
          })
          .catch(function (err) { dashStatus.textContent = "The figures could not be loaded: " + err.message; });
      }

      // ---- alcohol chart ----
      var alcoholData = document.getElementById("alcohol-data");
      if (alcoholData) {
        var alc = JSON.parse(alcoholData.textContent || "{}"), readings = alc.readings || [];
        var over = readings.filter(function (r) { return r[1] >= alc.threshold; }).length;
        document.getElementById("alcohol-summary").textContent = readings.length
          ? readings.length + " readings; " + over + " at or over " + alc.threshold + " g/dL." : "No readings in these two weeks.";
        if (window.Chart && readings.length) {
          new Chart(document.getElementById("chart-alcohol"), { type: "line", data: {
            labels: readings.map(function (r) { return r[0].slice(5, 16).replace("T", " "); }),
            datasets: [{ label: "TAC g/dL", data: readings.map(function (r) { return r[1]; }), borderColor: "#1d70b8", pointRadius: 0 },
                       { label: "Threshold", data: readings.map(function () { return alc.threshold; }), borderColor: "#d4351c",
                         borderDash: [6, 4], pointRadius: 0 }] },
            options: { animation: false, scales: { x: { ticks: { maxTicksLimit: 14 } } } } });
        }
      }

      // ---- map ----
      var mapBox = document.getElementById("map");
      if (mapBox) {
        var summary = document.getElementById("map-summary");
        var data = JSON.parse((document.getElementById("map-data") || {}).textContent || "{}");
        fetch(mapBox.getAttribute("data-trail"), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (trail) {
            var fixes = (trail.features || []);
            summary.textContent = fixes.length ? fixes.length + " fixes from " + fixes[0].properties.time + " to " +
              fixes[fixes.length - 1].properties.time + "." : "No fixes in this window.";
            if (!window.L) { summary.textContent += " (The map library is not installed.)"; return; }
            var map = OpenEM.plainMap(mapBox, data.home || [51.5, -0.12], 13);
            var layers = [];
            (data.zones || []).forEach(function (z) {
              var style = z.kind === "exclusionZone" ? { color: "#d4351c" } : z.kind === "inclusionZone" ? { color: "#00703c" }
                : { color: "#1d70b8", dashArray: "4 4" };
              var g = z.geometry;
              var layer = g.type === "Point" ? L.circle([g.coordinates[1], g.coordinates[0]], Object.assign({ radius: z.radius }, style))
                : L.geoJSON(g, { style: style });
              layer.addTo(map); layers.push(layer);
            });
            if (data.home) { layers.push(L.circleMarker(data.home, { radius: 6, color: "#1d70b8" }).bindTooltip("Home").addTo(map)); }
            // Long windows are thinned for drawing (every fix is still in the downloads).
            var step = Math.max(1, Math.ceil(fixes.length / 3000));
            var line = [];
            fixes.forEach(function (f, i) {
              if (i % step !== 0 && i !== fixes.length - 1) { return; }
              var ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
              line.push(ll);
              if (i % (step * 10) === 0 || i === fixes.length - 1) {
                L.circle(ll, { radius: f.properties.accuracyMetres, weight: 1, color: "#505a5f", fillOpacity: 0.05 })
                  .bindTooltip(f.properties.time + " (+/- " + f.properties.accuracyMetres + " m, " + f.properties.source + ")").addTo(map);
              }
            });
            if (line.length) { layers.push(L.polyline(line, { color: "#0b0c0c", weight: 2 }).addTo(map)); }
            // Violations where they happened (their first evidence fix), in red.
            (data.violations || []).forEach(function (v) {
              layers.push(L.circleMarker([v.lat, v.lon], { radius: 8, color: "#d4351c", fillColor: "#d4351c", fillOpacity: 0.7 })
                .bindTooltip(v.type + " at " + v.time + " (+/- " + v.accuracy + " m)").addTo(map));
            });
            mapBox.setAttribute("data-violations", String((data.violations || []).length));
            // Playback: a marker that follows the trail fix by fix, by slider (keyboard too) or by the Play button.
            var slider = document.getElementById("playback"), play = document.getElementById("playback-play");
            var at = document.getElementById("playback-at");
            if (fixes.length && slider) {
              var cursor = L.circleMarker([0, 0], { radius: 7, color: "#ffdd00", fillColor: "#0b0c0c", fillOpacity: 1 });
              var show = function (i) {
                var f = fixes[i], ll = [f.geometry.coordinates[1], f.geometry.coordinates[0]];
                cursor.setLatLng(ll).addTo(map);
                at.textContent = f.properties.time + " (+/- " + f.properties.accuracyMetres + " m, " + f.properties.source + ")";
              };
              slider.max = String(fixes.length - 1);
              slider.disabled = false;
              play.disabled = false;
              slider.addEventListener("input", function () { show(parseInt(slider.value, 10)); });
              var timer = null;
              play.addEventListener("click", function () {
                if (timer) { clearInterval(timer); timer = null; play.textContent = "Play"; return; }
                play.textContent = "Pause";
                var stepBy = Math.max(1, Math.round(fixes.length / 300));
                timer = setInterval(function () {
                  var i = Math.min(fixes.length - 1, parseInt(slider.value, 10) + stepBy);
                  slider.value = String(i);
                  show(i);
                  if (i >= fixes.length - 1) { clearInterval(timer); timer = null; play.textContent = "Play"; }
                }, 100);
              });
            }
            mapBox.setAttribute("data-layers", String(layers.length));
            var group = L.featureGroup(layers);
            if (layers.length) { map.fitBounds(group.getBounds().pad(0.1)); } else { map.setView([51.5, -0.12], 11); }
          })
          .catch(function (err) { summary.textContent = "The trail could not be loaded: " + err.message; });
      }
    })();
    """#
}
