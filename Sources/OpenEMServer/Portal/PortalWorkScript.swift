/// The script of the investigative and administrative pages: crime batch upload and matches, area search drawn on
/// a map, users and the audit log. Everything goes through the API with the session cookie and the CSRF header.
enum PortalWorkScript {
    static let js = #"""
    (function () {
      "use strict";
      var send = OpenEM.send, get = OpenEM.get, el = OpenEM.el, plainMap = OpenEM.plainMap;
      function cell(row, text) { var td = el("td", {}, text); row.appendChild(td); return td; }
      function clock(iso) { return iso ? iso.replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, "Z") : ""; }
      function metres(m) { return Math.round(m) + " m"; }

      function passesText(passes) {
        return (passes || []).map(function (p) {
          return p.label + " " + p.kind + " " + clock(p.enter) + " to " + clock(p.exit) + " (" + metres(p.closestMetres) + ")";
        }).join("; ");
      }

      function drawPasses(map, passes, layers) {
        (passes || []).forEach(function (p) {
          var line = [];
          (p.positions || []).forEach(function (q) {
            line.push([q.lat, q.lon]);
            layers.push(L.circle([q.lat, q.lon], { radius: Math.max(q.accuracyMetres, 1), weight: 1, color: "#505a5f", fillOpacity: 0.1 })
              .bindTooltip(q.label + " " + clock(q.time) + " (+/- " + metres(q.accuracyMetres) + ")").addTo(map));
          });
          if (line.length > 1) { layers.push(L.polyline(line, { color: "#0b0c0c", weight: 2 }).addTo(map)); }
        });
      }

      // ---- crime matching ----
      var crimeForm = document.getElementById("crime-upload");
      if (crimeForm) {
        var cStatus = document.getElementById("crime-status");
        var cMap = null;

        var showBatch = function (b) {
          document.getElementById("crime-result").hidden = false;
          document.getElementById("batch-ref").textContent = b.batchRef || "(no batch id)";
          document.getElementById("batch-status").textContent = b.status;
          document.getElementById("batch-kept").textContent = String(b.crimes);
          document.getElementById("batch-refused").textContent = String((b.errors || []).length);
          var table = document.getElementById("row-errors"), body = table.querySelector("tbody");
          body.textContent = "";
          (b.errors || []).forEach(function (e) {
            var tr = el("tr");
            cell(tr, String(e.row)); cell(tr, e.code); cell(tr, e.message); cell(tr, e.action);
            body.appendChild(tr);
          });
          table.hidden = !(b.errors || []).length;
        };

        var showMatches = function (m) {
          var table = document.getElementById("crime-matches"), body = table.querySelector("tbody");
          body.textContent = "";
          var box = document.getElementById("crime-map");
          if (!cMap) { cMap = plainMap(box, [51.5074, -0.1278], 11); }
          var layers = [], count = 0;
          (m.crimes || []).forEach(function (c) {
            if (cMap && c.location) {
              layers.push(L.circle([c.location.lat, c.location.lon], { radius: c.radiusMetres, color: "#d4351c" })
                .bindTooltip(c.reference + " (" + c.type + ")").addTo(cMap));
            }
            (c.matches || []).forEach(function (x) {
              count += 1;
              var tr = el("tr", { "data-kind": x.kind });
              cell(tr, c.reference + (c.version > 1 ? " (version " + c.version + ")" : ""));
              var who = cell(tr, ""); who.appendChild(el("a", { href: "/people/" + x.subjectId }, "Open the wearer"));
              cell(tr, x.kind); cell(tr, metres(x.closestMetres)); cell(tr, passesText(x.passes));
              var pack = cell(tr, "");
              ["html", "csv", "geojson"].forEach(function (f, i) {
                if (i) { pack.appendChild(document.createTextNode(" | ")); }
                pack.appendChild(el("a", { href: "/api/v1/crimes/" + c.crimeId + "/evidence?subjectId=" + x.subjectId + "&format=" + f,
                                           target: "_blank", rel: "noopener" }, f === "html" ? "Evidence pack" : f.toUpperCase()));
              });
              body.appendChild(tr);
              if (cMap) { drawPasses(cMap, x.passes, layers); }
            });
          });
          table.hidden = count === 0;
          document.getElementById("no-matches").hidden = count !== 0;
          box.setAttribute("data-layers", String(layers.length));
          if (cMap && layers.length) { cMap.fitBounds(L.featureGroup(layers).getBounds().pad(0.2)); }
          return count;
        };

        var loadMatches = function (id) {
          return get("/api/v1/crime-batches/" + encodeURIComponent(id) + "/matches").then(function (m) {
            var n = showMatches(m);
            cStatus.textContent = "Matched: " + n + (n === 1 ? " wearer-crime match." : " wearer-crime matches.");
          });
        };

        crimeForm.addEventListener("submit", function (e) {
          e.preventDefault();
          var file = document.getElementById("crime-file").files[0];
          if (!file) { cStatus.textContent = "Choose a file first."; return; }
          cStatus.textContent = "Uploading and matching...";
          file.text()
            .then(function (text) { return send("POST", "/api/v1/crime-batches", text, "text/csv"); })
            .then(function (b) {
              showBatch(b);
              history.replaceState(null, "", "/crime?batch=" + encodeURIComponent(b.id));
              return loadMatches(b.id);
            })
            .catch(function (err) { cStatus.textContent = "Not uploaded: " + err.message; });
        });

        var reopen = crimeForm.getAttribute("data-batch");
        if (reopen) {
          cStatus.textContent = "Loading the batch...";
          get("/api/v1/crime-batches/" + encodeURIComponent(reopen))
            .then(function (b) { showBatch(b); return loadMatches(reopen); })
            .catch(function (err) { cStatus.textContent = "The batch could not be opened: " + err.message; });
        }
      }

      // ---- area search ----
      var searchForm = document.getElementById("area-search");
      if (searchForm) {
        var sStatus = document.getElementById("search-status");
        var sBox = document.getElementById("search-map");
        var sMap = plainMap(sBox, [51.5074, -0.1278], 12);
        var shapeLayer = null, found = [], corners = [];
        var val = function (id) { return document.getElementById(id).value.trim(); };
        var mode = function () { return searchForm.querySelector('input[name="shape"]:checked').value; };
        var drawShape = function () {
          document.getElementById("polygon-summary").textContent =
            mode() === "polygon" ? corners.length + " corners placed" + (corners.length < 3 ? " (at least 3 are needed)." : ".") : "";
          if (!sMap) { return; }
          if (shapeLayer) { sMap.removeLayer(shapeLayer); shapeLayer = null; }
          if (mode() === "circle") {
            var lat = parseFloat(val("search-lat")), lon = parseFloat(val("search-lon")), r = parseFloat(val("search-radius"));
            if (isFinite(lat) && isFinite(lon) && r > 0) { shapeLayer = L.circle([lat, lon], { radius: r, color: "#1d70b8" }).addTo(sMap); }
          } else if (corners.length) {
            shapeLayer = (corners.length > 2 ? L.polygon(corners, { color: "#1d70b8" }) : L.polyline(corners, { color: "#1d70b8" })).addTo(sMap);
          }
          sBox.setAttribute("data-shape", shapeLayer ? mode() : "");
        };
        if (sMap) {
          sMap.on("click", function (e) {
            if (mode() === "circle") {
              document.getElementById("search-lat").value = e.latlng.lat.toFixed(6);
              document.getElementById("search-lon").value = e.latlng.lng.toFixed(6);
            } else {
              corners.push([e.latlng.lat, e.latlng.lng]);
            }
            drawShape();
          });
        }
        ["search-lat", "search-lon", "search-radius"].forEach(function (id) { document.getElementById(id).addEventListener("input", drawShape); });
        Array.prototype.forEach.call(searchForm.querySelectorAll('input[name="shape"]'), function (r) { r.addEventListener("change", drawShape); });
        document.getElementById("search-clear").addEventListener("click", function () {
          corners = [];
          document.getElementById("search-lat").value = "";
          document.getElementById("search-lon").value = "";
          drawShape();
        });

        searchForm.addEventListener("submit", function (e) {
          e.preventDefault();
          var from = new Date(val("search-from")), to = new Date(val("search-to"));
          if (isNaN(from.getTime()) || isNaN(to.getTime())) { sStatus.textContent = "Give a start and an end time."; return; }
          var body = { from: from.toISOString(), to: to.toISOString(), purpose: val("search-purpose"), reference: val("search-reference") };
          if (mode() === "circle") {
            body.center = { lat: parseFloat(val("search-lat")), lon: parseFloat(val("search-lon")) };
            body.radiusMetres = parseFloat(val("search-radius"));
            if (!isFinite(body.center.lat) || !isFinite(body.center.lon)) { sStatus.textContent = "Place the circle: click the map or type its centre."; return; }
          } else {
            if (corners.length < 3) { sStatus.textContent = "A polygon needs at least 3 corners."; return; }
            var ring = corners.map(function (c) { return [c[1], c[0]]; });
            ring.push(ring[0]);
            body.geometry = { type: "Polygon", coordinates: [ring] };
          }
          sStatus.textContent = "Searching...";
          send("POST", "/api/v1/searches/area", body).then(function (res) {
            var table = document.getElementById("search-results"), tbody = table.querySelector("tbody");
            tbody.textContent = "";
            if (sMap) { found.forEach(function (l) { sMap.removeLayer(l); }); }
            found = [];
            (res.results || []).forEach(function (h) {
              var tr = el("tr", { "data-kind": h.kind });
              var who = cell(tr, ""); who.appendChild(el("a", { href: "/people/" + h.subjectId }, "Open the wearer"));
              cell(tr, h.kind); cell(tr, metres(h.closestMetres)); cell(tr, passesText(h.passes));
              tbody.appendChild(tr);
              if (sMap) { drawPasses(sMap, h.passes, found); }
            });
            table.hidden = false;
            var n = (res.results || []).length;
            sStatus.textContent = n + (n === 1 ? " wearer was" : " wearers were") + " there. This search is recorded (" + res.id + ").";
          }).catch(function (err) { sStatus.textContent = "Not searched: " + err.message; });
        });
        drawShape();
      }

      // ---- admin: users and the audit log ----
      var usersTable = document.getElementById("users");
      if (usersTable) {
        var uStatus = document.getElementById("user-status");
        var loadUsers = function () {
          return get("/api/v1/users").then(function (page) {
            var body = usersTable.querySelector("tbody");
            body.textContent = "";
            (page.items || []).forEach(function (u) {
              var tr = el("tr");
              cell(tr, u.username); cell(tr, (u.roles || []).join(", ")); cell(tr, u.forceArea || ""); cell(tr, u.probationRegion || "");
              body.appendChild(tr);
            });
          });
        };
        loadUsers().catch(function (err) { uStatus.textContent = "Users could not be loaded: " + err.message; });
        document.getElementById("user-add").addEventListener("submit", function (e) {
          e.preventDefault();
          var v = function (id) { return document.getElementById(id).value.trim(); };
          var body = { username: v("new-username"), password: document.getElementById("new-password").value, roles: [v("new-role")] };
          if (v("new-force")) { body.forceArea = v("new-force"); }
          if (v("new-region")) { body.probationRegion = v("new-region"); }
          send("POST", "/api/v1/users", body)
            .then(function (u) { uStatus.textContent = "Added " + u.username + "."; e.target.reset(); return loadUsers(); })
            .catch(function (err) { uStatus.textContent = "Not added: " + err.message; });
        });

        var auditBody = document.querySelector("#audit tbody"), more = document.getElementById("audit-more");
        var cursor = null;
        var auditURL = function () {
          var q = ["limit=100"];
          var from = new Date(document.getElementById("audit-from").value);
          if (!isNaN(from.getTime())) { q.push("from=" + encodeURIComponent(from.toISOString())); }
          var actor = document.getElementById("audit-actor").value.trim();
          if (actor) { q.push("actor=" + encodeURIComponent(actor)); }
          if (cursor) { q.push("cursor=" + encodeURIComponent(cursor)); }
          return "/api/v1/audit?" + q.join("&");
        };
        var loadAudit = function () {
          return get(auditURL()).then(function (page) {
            (page.items || []).forEach(function (a) {
              var tr = el("tr");
              cell(tr, String(a.seq)); cell(tr, clock(a.at)); cell(tr, a.actorId + " (" + a.actorRole + ")"); cell(tr, a.action);
              cell(tr, a.resourceType + (a.resourceId ? " " + a.resourceId : "")); cell(tr, a.purpose || ""); cell(tr, a.outcome);
              auditBody.appendChild(tr);
            });
            cursor = page.nextCursor || null;
            more.hidden = !cursor;
          }).catch(function (err) { document.getElementById("audit-result").textContent = "The log could not be loaded: " + err.message; });
        };
        document.getElementById("audit-filter").addEventListener("submit", function (e) {
          e.preventDefault(); cursor = null; auditBody.textContent = ""; loadAudit();
        });
        more.addEventListener("click", loadAudit);
        loadAudit();
        document.getElementById("audit-verify").addEventListener("click", function () {
          var out = document.getElementById("audit-result");
          out.textContent = "Verifying...";
          get("/api/v1/audit/verify").then(function (v) {
            out.textContent = v.valid ? "The chain is intact: " + v.entries + " entries verified."
              : "The chain is BROKEN at entry " + (v.firstBadSeq || "?") + (v.problem ? ": " + v.problem : "") + ".";
            out.setAttribute("data-valid", String(v.valid));
          }).catch(function (err) { out.textContent = "Not verified: " + err.message; });
        });
      }
    })();
    """#
}
