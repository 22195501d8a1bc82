// Administration: users and the audit log with chain verification.
(function () {
  "use strict";
  var send = OpenEM.send, get = OpenEM.get, el = OpenEM.el, cell = OpenEM.cell;

  var usersTable = document.getElementById("users");
  if (usersTable) {
    var uStatus = document.getElementById("user-status");
    var loadUsers = function () {
      return get("/api/v1/users").then(function (page) {
        var body = usersTable.querySelector("tbody");
        body.textContent = "";
        (page.items || []).forEach(function (u) {
          var tr = el("tr");
          cell(tr, u.username); cell(tr, (u.roles || []).map(function (r) { return OpenEM.label("role", r); }).join(", ")); cell(tr, u.forceArea || ""); cell(tr, u.probationRegion || "");
          body.appendChild(tr);
        });
      });
    };
    loadUsers().catch(function (err) { uStatus.textContent = "Users could not be loaded: " + err.message; });
    var locksTable = document.getElementById("locks");
    var scopes = { USER_CLIENT: "This user name from this address", USER: "This user name from any address", CLIENT: "This address, any user name" };
    get("/api/v1/auth/locks").then(function (page) {
      var body = locksTable.querySelector("tbody");
      (page.items || []).forEach(function (l) {
        var tr = el("tr");
        cell(tr, scopes[l.scope] || l.scope); cell(tr, l.username || ""); cell(tr, l.client || "");
        var until = el("td"); until.appendChild(OpenEM.time(l.lockedUntil)); tr.appendChild(until);
        cell(tr, String(l.lockouts));
        body.appendChild(tr);
      });
      document.getElementById("locks-status").textContent = (page.items || []).length ? "" : "No sign-in is locked now.";
    }).catch(function (err) { document.getElementById("locks-status").textContent = "Locks could not be loaded: " + err.message; });
    var holdsTable = document.getElementById("holds");
    get("/api/v1/legal-holds").then(function (page) {
      var today = new Date().toISOString().slice(0, 10);
      var inForce = (page.items || []).filter(function (h) { return h.status === "ACTIVE"; });
      inForce.sort(function (a, b) { return a.reviewDate < b.reviewDate ? -1 : a.reviewDate > b.reviewDate ? 1 : 0; });
      var body = holdsTable.querySelector("tbody");
      inForce.forEach(function (h) {
        var tr = el("tr");
        cell(tr, h.reviewDate <= today ? "Review due" : "");
        cell(tr, h.reviewDate);
        cell(tr, h.subjectId ? "Wearer " + h.subjectId : h.crimeId ? "Crime " + h.crimeId : "Reference " + h.reference);
        cell(tr, h.reason);
        var placed = el("td"); placed.appendChild(OpenEM.time(h.placedAt)); tr.appendChild(placed);
        body.appendChild(tr);
      });
      var due = inForce.filter(function (h) { return h.reviewDate <= today; }).length;
      document.getElementById("holds-status").textContent = inForce.length
        ? inForce.length + " in force, " + due + " due for review." : "No legal hold is in force.";
    }).catch(function (err) { document.getElementById("holds-status").textContent = "Holds could not be loaded: " + err.message; });
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
          cell(tr, String(a.seq)); cell(tr, "").appendChild(OpenEM.time(a.at)); cell(tr, a.actorId + " (" + OpenEM.label("role", a.actorRole) + ")"); cell(tr, a.action);
          cell(tr, a.resourceType + (a.resourceId ? " " + a.resourceId : "")); cell(tr, a.purpose || ""); cell(tr, OpenEM.label("auditOutcome", a.outcome));
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
