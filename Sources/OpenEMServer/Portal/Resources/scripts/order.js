// The order form: curfew timetable rows, zones drawn on the map, conditions the form does not edit kept as they
// are, and submission to the orders API with each problem the API names shown next to the form.
(function () {
  "use strict";
  var form = document.getElementById("order-form");
  if (!form) { return; }
  var el = OpenEM.el;
  var data = JSON.parse(document.getElementById("order-data").textContent || "{}");
  var status = document.getElementById("order-status");
  var DAYS = ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"];
  function $(id) { return document.getElementById(id); }

  // ---- curfew timetable ----
  var rows = document.querySelector("#curfew-rows tbody"), rowCount = 0;
  function addRow(days, from, to) {
    var n = rowCount++, tr = el("tr", { "class": "curfew-row" }), dayCell = el("td");
    DAYS.forEach(function (d) {
      var id = "curfew-" + n + "-" + d, box = el("input", { type: "checkbox", id: id, value: d });
      box.checked = days.indexOf(d) >= 0;
      dayCell.appendChild(box);
      dayCell.appendChild(el("label", { "for": id, "class": "day" }, OpenEM.label("weekday", d)));
    });
    tr.appendChild(dayCell);
    [["from", from], ["to", to]].forEach(function (p) {
      var td = el("td"), input = el("input", { type: "time", "class": p[0], value: p[1], "aria-label": p[0] === "from" ? "From" : "To" });
      td.appendChild(input); tr.appendChild(td);
    });
    var rm = el("button", { type: "button", "class": "secondary" }, "Remove");
    rm.addEventListener("click", function () { tr.remove(); });
    var td = el("td"); td.appendChild(rm); tr.appendChild(td);
    rows.appendChild(tr);
  }
  $("curfew-add-row").addEventListener("click", function () { addRow(DAYS, "19:00", "07:00"); });

  // ---- zones drawn on the map ----
  var box = $("zone-map"), map = OpenEM.plainMap(box, data.home || [51.5074, -0.1278], 14);
  if (map) {
    (data.addresses || []).forEach(function (a) { L.circleMarker([a.lat, a.lon], { radius: 6, color: "#1d70b8" }).bindTooltip("Address").addTo(map); });
  }
  var zones = [], corners = [], centre = null, sketch = null;
  function style(kind) { return kind === "inclusionZone" ? { color: "#00703c" } : { color: "#d4351c" }; }
  function drawSketch() {
    if (map && sketch) { map.removeLayer(sketch); sketch = null; }
    var shape = $("zone-shape").value, kind = $("zone-kind").value;
    if (shape === "circle" && centre) {
      if (map) { sketch = L.circle(centre, Object.assign({ radius: parseFloat($("zone-radius").value) || 0, dashArray: "4 4" }, style(kind))).addTo(map); }
      $("zone-drawing").textContent = "Circle centre placed.";
    } else if (shape === "polygon") {
      if (map && corners.length) { sketch = (corners.length > 2 ? L.polygon(corners, Object.assign({ dashArray: "4 4" }, style(kind))) : L.polyline(corners, style(kind))).addTo(map); }
      $("zone-drawing").textContent = corners.length + " corners placed" + (corners.length < 3 ? " (at least 3 are needed)." : ".");
    } else { $("zone-drawing").textContent = "Click the map to place the circle's centre."; }
    box.setAttribute("data-sketch", String(shape === "circle" ? (centre ? 1 : 0) : corners.length));
  }
  if (map) {
    map.on("click", function (e) {
      if ($("zone-shape").value === "circle") { centre = [e.latlng.lat, e.latlng.lng]; } else { corners.push([e.latlng.lat, e.latlng.lng]); }
      drawSketch();
    });
  }
  ["zone-shape", "zone-kind", "zone-radius"].forEach(function (id) { $(id).addEventListener("input", drawSketch); $(id).addEventListener("change", drawSketch); });
  function clearSketch() { corners = []; centre = null; drawSketch(); }
  $("zone-clear").addEventListener("click", clearSketch);

  function listZone(z) {
    if (map) {
      var g = z.geometry;
      z.layer = g.type === "Point" ? L.circle([g.coordinates[1], g.coordinates[0]], Object.assign({ radius: z.radiusMetres }, style(z.type))).addTo(map)
        : L.geoJSON(g, { style: style(z.type) }).addTo(map);
    }
    var li = el("li", { "class": "zone-item" }, (z.type === "inclusionZone" ? "Inclusion zone: " : "Exclusion zone: ") + z.name +
      (z.geometry.type === "Point" ? " (circle, " + z.radiusMetres + " m)" : " (polygon)") + " ");
    var rm = el("button", { type: "button", "class": "secondary" }, "Remove");
    rm.addEventListener("click", function () { zones.splice(zones.indexOf(z), 1); if (map && z.layer) { map.removeLayer(z.layer); } li.remove(); });
    li.appendChild(rm);
    $("zone-list").appendChild(li);
    zones.push(z);
  }
  $("zone-add").addEventListener("click", function () {
    var name = $("zone-name").value.trim(), kind = $("zone-kind").value;
    if (!name) { $("zone-drawing").textContent = "Give the zone a name."; return; }
    var z = { type: kind, name: name, bufferMetres: 0 };
    if ($("zone-shape").value === "circle") {
      if (!centre) { $("zone-drawing").textContent = "Click the map to place the circle's centre."; return; }
      z.geometry = { type: "Point", coordinates: [centre[1], centre[0]] };
      z.radiusMetres = parseFloat($("zone-radius").value);
    } else {
      if (corners.length < 3) { $("zone-drawing").textContent = "A polygon needs at least 3 corners."; return; }
      var ring = corners.map(function (c) { return [c[1], c[0]]; });
      ring.push(ring[0]);
      z.geometry = { type: "Polygon", coordinates: [ring] };
    }
    listZone(z);
    $("zone-name").value = "";
    clearSketch();
  });

  // ---- the current conditions ----
  var ids = {}, kept = [];
  (data.conditions || []).forEach(function (c) {
    if (c.type === "curfew" && !ids.curfew) {
      ids.curfew = c.id;
      $("curfew-on").checked = true;
      $("curfew-address").value = c.addressId;
      $("curfew-radius").value = c.radiusMetres;
      $("curfew-grace").value = c.graceMinutes;
      (c.timetable || []).forEach(function (r) { addRow(r.days, r.from, r.to); });
    } else if ((c.type === "exclusionZone" || c.type === "inclusionZone") && !c.schedule) {
      listZone({ id: c.id, type: c.type, name: c.name, geometry: c.geometry, radiusMetres: c.radiusMetres, bufferMetres: c.bufferMetres || 0 });
    } else if (c.type === "trail" && !ids.trail) {
      ids.trail = c.id; $("trail-on").checked = true;
    } else if (c.type === "alcohol" && c.mode === "ABSTINENCE" && !ids.alcohol) {
      ids.alcohol = c.id; $("alcohol-on").checked = true;
    } else {
      kept.push(c);
      $("kept-list").appendChild(el("li", {}, "Kept as it is: " + OpenEM.label("condition", c.type) + (c.name ? " (" + c.name + ")" : "")));
    }
  });
  if (!rows.children.length) { addRow(DAYS, "19:00", "07:00"); }
  drawSketch();

  function withId(c, id) { if (id) { c.id = id; } return c; }
  function conditions() {
    var out = [];
    if ($("curfew-on").checked) {
      var timetable = Array.prototype.map.call(rows.querySelectorAll("tr"), function (tr) {
        return { days: Array.prototype.filter.call(tr.querySelectorAll("input[type=checkbox]"), function (b) { return b.checked; })
                   .map(function (b) { return b.value; }),
                 from: tr.querySelector("input.from").value, to: tr.querySelector("input.to").value };
      });
      out.push(withId({ type: "curfew", addressId: $("curfew-address").value, radiusMetres: parseFloat($("curfew-radius").value),
                        graceMinutes: parseInt($("curfew-grace").value, 10), timetable: timetable }, ids.curfew));
    }
    zones.forEach(function (z) {
      var c = { type: z.type, name: z.name, geometry: z.geometry, bufferMetres: z.bufferMetres || 0 };
      if (z.radiusMetres) { c.radiusMetres = z.radiusMetres; }
      out.push(withId(c, z.id));
    });
    if ($("trail-on").checked) { out.push(withId({ type: "trail" }, ids.trail)); }
    if ($("alcohol-on").checked) { out.push(withId({ type: "alcohol", mode: "ABSTINENCE" }, ids.alcohol)); }
    return out.concat(kept);
  }

  function showProblems(message, details) {
    var box = $("order-errors"), list = box.querySelector("ul");
    list.textContent = "";
    list.appendChild(el("li", {}, message));
    (details || []).forEach(function (d) { list.appendChild(el("li", {}, (d.field ? d.field + ": " : "") + d.message)); });
    box.hidden = false;
    box.focus();
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    $("order-errors").hidden = true;
    var mode = form.getAttribute("data-mode"), subjectId = form.getAttribute("data-subject-id");
    var body = { conditions: conditions() }, url;
    if ($("order-end").value) { body.endDate = $("order-end").value; }
    if ($("order-review").value) { body.nextReviewDate = $("order-review").value; }
    if (mode === "vary") {
      url = "/api/v1/orders/" + form.getAttribute("data-order-id") + "/variations";
      if ($("order-reason").value.trim()) { body.reason = $("order-reason").value.trim(); }
    } else {
      url = "/api/v1/orders";
      body.subjectId = subjectId;
      body.orderType = $("order-type").value;
      body.cohort = $("order-cohort").value;
      body.startDate = $("order-start").value;
    }
    status.textContent = "Saving...";
    OpenEM.send("POST", url, body)
      .then(function (order) {
        status.textContent = "Saved: version " + order.version + ".";
        window.location.href = "/people/" + subjectId;
      })
      .catch(function (err) {
        if (err.status === undefined) { status.textContent = "Not saved: " + err.message; return; }
        status.textContent = "Not saved.";
        showProblems(err.message, err.details);
      });
  });
})();
