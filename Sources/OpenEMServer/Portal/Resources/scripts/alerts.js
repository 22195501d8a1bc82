// The live alert queue: Server-Sent Events, acknowledge and decide in place.
(function () {
  "use strict";
  var el = OpenEM.el;
  function post(url, body) { return OpenEM.send("POST", url, body || {}); }

  var table = document.getElementById("alert-table");
  if (table) {
    var decisions = JSON.parse((document.getElementById("decisions") || {}).textContent || "[]");
    var tbody = table.querySelector("tbody");
    var status = document.getElementById("live-status");
    var wantStatus = table.getAttribute("data-filter-status");
    var order = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
    var wantSeverity = table.getAttribute("data-filter-severity");

    // After an action the row's controls are rebuilt: focus moves to the row's next action (or its status), so a
    // keyboard user carries on where they were instead of starting again from the top of the page.
    function acted(a) {
      update(a, false);
      var row = tbody.querySelector('tr[data-alert-id="' + a.id + '"]');
      if (!row) { return; }
      var next = row.querySelector(".actions select, .actions button");
      if (!next) { next = row.querySelector(".status"); next.setAttribute("tabindex", "-1"); }
      next.focus();
    }

    function actions(row, alert) {
      var cell = row.querySelector(".actions");
      cell.textContent = "";
      var form = el("form", {});
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      function fail(err) { cell.appendChild(el("p", { "class": "error", role: "alert" }, "Not done: " + err.message)); }
      if (alert.status === "OPEN") {
        var ack = el("button", { type: "button", "data-action": "acknowledge" }, "Acknowledge");
        ack.addEventListener("click", function () {
          post("/api/v1/alerts/" + alert.id + "/acknowledge").then(acted).catch(fail);
        });
        form.appendChild(ack);
      } else if (alert.status === "ACKNOWLEDGED" && decisions.length) {
        var id = "decision-" + alert.id;
        form.appendChild(el("label", { "for": id, "class": "visually-hidden" }, "Decision"));
        var select = el("select", { id: id, name: "decision" });
        decisions.forEach(function (d) { select.appendChild(el("option", { value: d }, OpenEM.label("decision", d))); });
        form.appendChild(select);
        form.appendChild(el("label", { "for": id + "-note", "class": "visually-hidden" }, "Note"));
        var note = el("input", { id: id + "-note", name: "note", placeholder: "Note" });
        form.appendChild(note);
        var record = el("button", { type: "button", "data-action": "decide" }, "Record decision");
        record.addEventListener("click", function () {
          post("/api/v1/alerts/" + alert.id + "/decision", { decision: select.value, note: note.value })
            .then(acted).catch(fail);
        });
        form.appendChild(record);
      } else if (alert.status === "ACTIONED") {
        var close = el("button", { type: "button", "class": "secondary", "data-action": "close" }, "Close");
        close.addEventListener("click", function () {
          post("/api/v1/alerts/" + alert.id + "/close").then(acted).catch(fail);
        });
        form.appendChild(close);
      }
      cell.appendChild(form);
    }

    function fill(row, a) {
      // The controls are rebuilt only when the status changes: the stream repeating a change this page made (or one
      // that leaves the status as it is) must not take the keyboard focus away from the control a person is on.
      var cell = row.querySelector(".actions");
      var rebuild = row.getAttribute("data-status") !== a.status || !cell.querySelector("form");
      var hadFocus = cell.contains(document.activeElement);
      row.setAttribute("data-status", a.status);
      row.className = "sev-" + a.severity;
      var cells = row.children;
      cells[1].textContent = "";
      cells[1].appendChild(el("span", { "class": "badge sev-" + a.severity }, OpenEM.label("severity", a.severity)));
      if (a.escalated) { cells[1].appendChild(document.createTextNode(" ")); cells[1].appendChild(el("span", { "class": "badge" }, "Escalated")); }
      cells[4].textContent = OpenEM.label("alertStatus", a.status) + (a.decision ? ": " + OpenEM.label("decision", a.decision) : "");
      cells[5].textContent = ""; cells[5].appendChild(OpenEM.time(a.ackDueAt));
      if (!rebuild) { return; }
      actions(row, a);
      var next = hadFocus && cell.querySelector("select, button");
      if (next) { next.focus(); }
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
        var when = el("td"); when.appendChild(OpenEM.time(a.raisedAt)); row.appendChild(when);
        row.appendChild(el("td"));
        row.appendChild(el("td", {}, OpenEM.label("violationType", a.violationType) + (a.late ? " (late data)" : "")));
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
})();
