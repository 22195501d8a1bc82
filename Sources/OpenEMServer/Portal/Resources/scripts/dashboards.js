// The dashboards: the stats API's figures in tables and charts.
(function () {
  "use strict";
  var el = OpenEM.el;

  // "2026-11" as "Nov 2026".
  function monthName(m) {
    return new Date(m + "-15T12:00:00Z").toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });
  }

  // The monthly series in a table, and its caseload with the forecast after it on one chart.
  function monthly(r) {
    var series = r[0], forecast = r[1], pct = function (x) { return (x * 100).toFixed(1) + "%"; };
    document.getElementById("forecast-method").textContent = forecast.months.length ? forecast.method
      : "no forecast yet: it needs three full months of history";
    var body = document.querySelector("#monthly-table tbody");
    series.months.slice().reverse().forEach(function (m) {
      var tr = el("tr");
      tr.appendChild(el("th", { scope: "row" }, monthName(m.month)));
      [String(m.caseload.total), String(m.starts), String(m.ends), pct(m.complianceRate), String(m.alerts),
       m.medianHoursToFit === undefined || m.medianHoursToFit === null ? "-" : m.medianHoursToFit.toFixed(1)]
        .forEach(function (v) { tr.appendChild(el("td", {}, v)); });
      body.appendChild(tr);
    });
    if (!window.Chart) { return; }
    var past = series.months, ahead = forecast.months;
    var labels = past.map(function (m) { return monthName(m.month); })
      .concat(ahead.filter(function (f) { return !past.some(function (m) { return m.month === f.month; }); })
        .map(function (f) { return monthName(f.month); }));
    var at = function (month) { return labels.indexOf(monthName(month)); };
    var line = function (pick) {
      var data = labels.map(function () { return null; });
      ahead.forEach(function (f) { data[at(f.month)] = pick(f); });
      return data;
    };
    new Chart(document.getElementById("chart-monthly"), { type: "line", data: { labels: labels, datasets: [
      { label: "Caseload at month end", data: past.map(function (m) { return m.caseload.total; }), borderColor: "#1d70b8" },
      { label: "Forecast", data: line(function (f) { return f.caseload; }), borderColor: "#505a5f", borderDash: [6, 4] },
      { label: "95% interval, low", data: line(function (f) { return f.low; }), borderColor: "#b1b4b6", pointRadius: 0 },
      { label: "95% interval, high", data: line(function (f) { return f.high; }), borderColor: "#b1b4b6", pointRadius: 0 }] } });
  }

  // Service performance: a row per measure ("-" where there is nothing to measure yet).
  function service(sv) {
    var body = document.querySelector("#service-table tbody");
    var num = function (x, digits, unit) { return x === undefined || x === null ? "-" : x.toFixed(digits) + unit; };
    var share = function (x) { return x === undefined || x === null ? "-" : (x * 100).toFixed(1) + "%"; };
    var rows = [
      ["Hours from order to fitting, median / 90th percentile (" + sv.fitting.orders + " orders)",
       num(sv.fitting.p50Hours, 1, " h") + " / " + num(sv.fitting.p90Hours, 1, " h")],
      ["Fitted within 24 hours", share(sv.fitting.within24HoursShare)]
    ];
    sv.alertSla.forEach(function (s) {
      rows.push(["Alerts acknowledged within SLA, " + OpenEM.label("severity", s.severity) + " (" + s.alerts + ")", share(s.withinSlaShare)]);
    });
    rows.push(["Device faults per 100 wearer-weeks (flat battery, no communication)", num(sv.deviceFaults.per100WearerWeeks, 1, "")]);
    rows.push(["Telemetry delay, median / 95th percentile", num(sv.telemetryDelay.p50, 0, " s") + " / " + num(sv.telemetryDelay.p95, 0, " s")]);
    rows.push(["Trail request answered in, median / 95th percentile (the 2022 inspection: up to three days)",
               num(sv.trailRequests.p50, 0, " ms") + " / " + num(sv.trailRequests.p95, 0, " ms")]);
    rows.forEach(function (r) {
      var tr = el("tr"); tr.appendChild(el("th", { scope: "row" }, r[0])); tr.appendChild(el("td", {}, r[1])); body.appendChild(tr);
    });
  }

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
          var tr = el("tr"); tr.appendChild(el("th", { scope: "row" }, OpenEM.label("violationType", k)));
          tr.appendChild(el("td", {}, String(dh.openProblems[k] || 0))); problems.appendChild(tr);
        });
        set("caseload-total", c.total);
        var types = Object.keys(c.table).sort(), cohorts = Object.keys(c.byCohort).sort();
        var head = document.querySelector("#caseload-table thead"), body = document.querySelector("#caseload-table tbody");
        var hr = el("tr"); hr.appendChild(el("th", { scope: "col" }, "Order type"));
        cohorts.forEach(function (k) { hr.appendChild(el("th", { scope: "col" }, OpenEM.label("cohort", k))); });
        hr.appendChild(el("th", { scope: "col" }, "Total")); head.appendChild(hr);
        types.forEach(function (t) {
          var tr = el("tr"); tr.appendChild(el("th", { scope: "row" }, OpenEM.label("orderType", t)));
          cohorts.forEach(function (k) { tr.appendChild(el("td", {}, String(c.table[t][k] || 0))); });
          tr.appendChild(el("td", {}, String(c.byOrderType[t]))); body.appendChild(tr);
        });
        set("compliance-rate", pct(co.complianceRate)); set("monitored-days", co.monitoredDays);
        set("sober-rate", pct(al.soberDayRate)); set("alcohol-days", al.monitoredDays);
        set("alerts-total", a.total); set("sla-rate", pct(a.slaMetRate)); set("escalated", a.escalated);
        if (window.Chart) {
          new Chart(document.getElementById("chart-caseload"), { type: "bar", data: { labels: types.map(function (t) { return OpenEM.label("orderType", t); }),
            datasets: [{ label: "Active orders", data: types.map(function (t) { return c.byOrderType[t]; }), backgroundColor: "#1d70b8" }] } });
          new Chart(document.getElementById("chart-trend"), { type: "line", data: { labels: co.weeklyTrend.map(function (w) { return "Week " + Number(w.week.slice(6)); }),
            datasets: [{ label: "Confirmed violations", data: co.weeklyTrend.map(function (w) { return w.violations; }), borderColor: "#d4351c" }] } });
          var st = Object.keys(a.byStatus).sort();
          new Chart(document.getElementById("chart-alerts"), { type: "bar", data: { labels: st.map(function (s) { return OpenEM.label("alertStatus", s); }),
            datasets: [{ label: "Alerts", data: st.map(function (s) { return a.byStatus[s]; }), backgroundColor: "#f47738" }] } });
        }
        return Promise.all([get("/api/v1/stats/monthly"), get("/api/v1/stats/forecast")]).then(monthly)
          .then(function () { return get("/api/v1/stats/service"); }).then(service);
      })
      .then(function () {
        dashStatus.textContent = "Up to date.";
      })
      .catch(function (err) { dashStatus.textContent = "The figures could not be loaded: " + err.message; });
  }

  // An MI analyst's extract: the projects to choose from, then the row counts and the CSV's link.
  var form = document.getElementById("extract-form");
  if (form) {
    var extractStatus = document.getElementById("extract-status");
    var projects = document.getElementById("extract-project");
    OpenEM.get("/api/v1/extract-projects")
      .then(function (r) {
        if (!r.items.length) { extractStatus.textContent = "There is no extract project yet: an administrator makes one."; }
        r.items.forEach(function (p) { projects.appendChild(el("option", { value: p.id }, p.name + " (k = " + p.k + ")")); });
      })
      .catch(function (err) { extractStatus.textContent = "The projects could not be loaded: " + err.message; });
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var body = {};
      new FormData(form).forEach(function (v, k) { if (v) { body[k] = v; } });
      extractStatus.textContent = "Making the extract...";
      OpenEM.send("POST", "/api/v1/extracts", body)
        .then(function (x) {
          extractStatus.textContent = x.rows + " rows, " + x.suppressedRows + " left out as too rare (k = " + x.k + "). ";
          extractStatus.appendChild(el("a", { href: "/api/v1/extracts/" + encodeURIComponent(x.id) + "/data.csv", download: "" },
            "Download the CSV"));
        })
        .catch(function (err) { extractStatus.textContent = "No extract was made: " + err.message; });
    });
  }
})();
