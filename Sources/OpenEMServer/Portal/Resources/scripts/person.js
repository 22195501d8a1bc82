// A person's page: the transdermal alcohol chart, and the map (zones, curfew address, trail with confidence circles, playback).
(function () {
  "use strict";

  var alcoholData = document.getElementById("alcohol-data");
  if (alcoholData) {
    var alc = JSON.parse(alcoholData.textContent || "{}"), readings = alc.readings || [];
    var over = readings.filter(function (r) { return r.tac >= alc.threshold; }).length;
    document.getElementById("alcohol-summary").textContent = readings.length
      ? readings.length + " readings; " + over + " at or over " + alc.threshold + " g/dL." : "No readings in these two weeks.";
    if (window.Chart && readings.length) {
      new Chart(document.getElementById("chart-alcohol"), { type: "line", data: {
        labels: readings.map(function (r) { return OpenEM.when(r.time).replace(/ \(.*\)$/, ""); }),
        datasets: [{ label: "TAC g/dL", data: readings.map(function (r) { return r.tac; }), borderColor: "#1d70b8", pointRadius: 0 },
                   { label: "Threshold", data: readings.map(function () { return alc.threshold; }), borderColor: "#d4351c",
                     borderDash: [6, 4], pointRadius: 0 }] },
        options: { animation: false, scales: { x: { ticks: { maxTicksLimit: 14 } } } } });
    }
  }

  var mapBox = document.getElementById("map");
  if (mapBox) {
    var summary = document.getElementById("map-summary");
    var data = JSON.parse((document.getElementById("map-data") || {}).textContent || "{}");
    fetch(mapBox.getAttribute("data-trail"), { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (trail) {
        var fixes = (trail.features || []);
        summary.textContent = fixes.length ? fixes.length + " fixes from " + OpenEM.when(fixes[0].properties.time) + " to " +
          OpenEM.when(fixes[fixes.length - 1].properties.time) + "." : "No fixes in this window.";
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
            L.circle(ll, { radius: Math.max(f.properties.accuracyMetres || 0, 1), weight: 1, color: "#505a5f", fillOpacity: 0.05 })
              .bindTooltip(OpenEM.when(f.properties.time) + " (" + OpenEM.accuracy(f.properties.accuracyMetres) + ", "
                + f.properties.source + ")").addTo(map);
          }
        });
        if (line.length) { layers.push(L.polyline(line, { color: "#0b0c0c", weight: 2 }).addTo(map)); }
        // Violations where they happened (their first evidence fix), in red.
        (data.violations || []).forEach(function (v) {
          layers.push(L.circleMarker([v.lat, v.lon], { radius: 8, color: "#d4351c", fillColor: "#d4351c", fillOpacity: 0.7 })
            .bindTooltip(OpenEM.label("violationType", v.type) + " at " + OpenEM.when(v.time) + " (" + OpenEM.accuracy(v.accuracy) + ")").addTo(map));
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
            at.textContent = OpenEM.when(f.properties.time) + " (" + OpenEM.accuracy(f.properties.accuracyMetres) + ", " + f.properties.source + ")";
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
