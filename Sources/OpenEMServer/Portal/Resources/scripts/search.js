// Area search drawn on a map, with purpose and reference.
(function () {
  "use strict";
  var send = OpenEM.send, el = OpenEM.el, plainMap = OpenEM.plainMap, cell = OpenEM.cell;
  var metres = OpenEM.metres, passesText = OpenEM.passesText, drawPasses = OpenEM.drawPasses;

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
          cell(tr, OpenEM.label("matchKind", h.kind)); cell(tr, metres(h.closestMetres)); cell(tr, passesText(h.passes));
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
})();
