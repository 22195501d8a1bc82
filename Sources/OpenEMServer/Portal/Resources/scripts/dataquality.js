// The data-quality page: every rule's figures now, and each day's figures as a trend.
(function () {
  "use strict";
  if (!document.getElementById("dq")) { return; }
  var el = OpenEM.el, get = OpenEM.get;
  var status = document.getElementById("dq-status");
  var pct = function (x) { return (x * 100).toFixed(1) + "%"; };
  var chart = null;
  // "2026-11-20" as "20 Nov 2026".
  function day(iso) {
    return new Date(iso + "T12:00:00Z").toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  }

  // An example id as a link where the portal has a page for it.
  function example(entity, id) {
    var short = id.length > 8 ? id.slice(0, 8) + "\u2026" : id;
    if (entity === "subject") { return el("a", { href: "/people/" + encodeURIComponent(id), title: id }, short); }
    if (entity === "order") { return el("a", { href: "/orders/" + encodeURIComponent(id) + "/vary", title: id }, short); }
    return el("code", { title: id }, short);
  }

  function showRules(r) {
    var body = document.querySelector("#dq-rules tbody");
    body.textContent = "";
    var failingRules = 0, select = document.getElementById("dq-rule");
    // By dimension as the API lists them, the worst first within each.
    var order = [];
    r.rules.forEach(function (rule) { if (order.indexOf(rule.dimension) < 0) { order.push(rule.dimension); } });
    var rules = r.rules.slice().sort(function (a, b) {
      return order.indexOf(a.dimension) - order.indexOf(b.dimension) || a.passRate - b.passRate;
    });
    rules.forEach(function (rule) {
      if (rule.failing > 0) { failingRules += 1; }
      var tr = el("tr", rule.failing > 0 ? { "class": "dq-failing" } : {});
      tr.appendChild(el("td", {}, OpenEM.label("qualityDimension", rule.dimension)));
      var what = el("th", { scope: "row" }, rule.title);
      what.appendChild(el("br"));
      what.appendChild(el("span", { "class": "hint" }, rule.description));
      tr.appendChild(what);
      tr.appendChild(el("td", {}, String(rule.checked)));
      tr.appendChild(el("td", {}, String(rule.failing)));
      tr.appendChild(el("td", {}, pct(rule.passRate)));
      var ex = el("td");
      rule.examples.forEach(function (id, i) {
        if (i > 0) { ex.appendChild(document.createTextNode(" ")); }
        ex.appendChild(example(rule.entity, id));
      });
      if (rule.failing > rule.examples.length && rule.examples.length > 0) {
        ex.appendChild(document.createTextNode(" and " + (rule.failing - rule.examples.length) + " more"));
      }
      tr.appendChild(ex);
      body.appendChild(tr);
      select.appendChild(el("option", { value: rule.id }, rule.title));
    });
    document.getElementById("dq-summary").textContent =
      failingRules + " of " + r.rules.length + " rules find problems.";
    document.getElementById("dq-examples-note").hidden = r.examplesShown;
  }

  // Each day's figures for one rule, or summed over every rule.
  function showHistory(ruleId) {
    return get("/api/v1/data-quality/history" + (ruleId ? "?rule=" + encodeURIComponent(ruleId) : "")).then(function (h) {
      var byDay = {};
      h.days.forEach(function (d) {
        var t = byDay[d.day] || (byDay[d.day] = { checked: 0, failing: 0 });
        t.checked += d.checked; t.failing += d.failing;
      });
      var days = Object.keys(byDay).sort();
      var body = document.querySelector("#dq-history tbody");
      body.textContent = "";
      days.slice().reverse().forEach(function (d) {
        var t = byDay[d], tr = el("tr");
        tr.appendChild(el("th", { scope: "row" }, day(d)));
        tr.appendChild(el("td", {}, String(t.checked)));
        tr.appendChild(el("td", {}, String(t.failing)));
        tr.appendChild(el("td", {}, t.checked ? pct((t.checked - t.failing) / t.checked) : "-"));
        body.appendChild(tr);
      });
      if (window.Chart) {
        if (chart) { chart.destroy(); }
        chart = new Chart(document.getElementById("dq-trend"), { type: "line", data: { labels: days.map(day),
          datasets: [{ label: "Records failing", data: days.map(function (d) { return byDay[d].failing; }), borderColor: "#d4351c" }] } });
      }
      return days.length;
    });
  }

  get("/api/v1/data-quality").then(function (r) {
    showRules(r);
    return showHistory("");
  }).then(function (days) {
    status.textContent = "Up to date; " + days + (days === 1 ? " day" : " days") + " of history.";
  }).catch(function (err) { status.textContent = "The figures could not be loaded: " + err.message; });

  document.getElementById("dq-rule").addEventListener("change", function (e) {
    status.textContent = "Loading...";
    showHistory(e.target.value).then(function (days) {
      status.textContent = "Up to date; " + days + (days === 1 ? " day" : " days") + " of history.";
    }).catch(function (err) { status.textContent = "The history could not be loaded: " + err.message; });
  });
})();
