// Crime matching: upload a batch, its refused rows, the matches on a map with evidence packs.
(function () {
  "use strict";
  var send = OpenEM.send, get = OpenEM.get, el = OpenEM.el, plainMap = OpenEM.plainMap, cell = OpenEM.cell;
  var metres = OpenEM.metres, passesText = OpenEM.passesText, drawPasses = OpenEM.drawPasses;

  var crimeForm = document.getElementById("crime-upload");
  if (crimeForm) {
    var cStatus = document.getElementById("crime-status");
    var cMap = null;

    var showBatch = function (b) {
      document.getElementById("crime-result").hidden = false;
      document.getElementById("batch-ref").textContent = b.batchRef || "(no batch id)";
      document.getElementById("batch-status").textContent = OpenEM.label("batchStatus", b.status);
      document.getElementById("batch-status").setAttribute("data-status", b.status);
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
          var crimeCell = cell(tr, c.reference + (c.version > 1 ? " (version " + c.version + ")" : ""));
          if (c.freeText) { crimeCell.appendChild(el("div", { "class": "free-text" }, c.freeText)); }
          var who = cell(tr, ""); who.appendChild(el("a", { href: "/people/" + x.subjectId }, "Open the wearer"));
          cell(tr, OpenEM.label("matchKind", x.kind)); cell(tr, metres(x.closestMetres)); cell(tr, passesText(x.passes));
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
})();
