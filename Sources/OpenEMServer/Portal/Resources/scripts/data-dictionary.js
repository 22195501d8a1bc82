// The data dictionary: filter the fields as the user types (every word must appear in the row).
(function () {
  "use strict";
  var box = document.getElementById("dictionary-search");
  var table = document.getElementById("dictionary");
  if (!box || !table) { return; }
  var count = document.getElementById("dictionary-count");
  var total = Number(count.getAttribute("data-total"));
  var groups = Array.prototype.slice.call(table.querySelectorAll("tbody.dictionary-entity"));
  var index = groups.map(function (g) {
    var heading = g.querySelector(".entity-heading").textContent.toLowerCase();
    return {
      group: g,
      rows: Array.prototype.slice.call(g.querySelectorAll("tr.dictionary-field")).map(function (r) {
        return { row: r, text: heading + " " + r.textContent.toLowerCase() };
      })
    };
  });
  var timer = null;
  var filter = function () {
    var words = box.value.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var shown = 0;
    index.forEach(function (g) {
      var inGroup = 0;
      g.rows.forEach(function (r) {
        var match = words.every(function (w) { return r.text.indexOf(w) >= 0; });
        r.row.hidden = !match;
        if (match) { inGroup += 1; }
      });
      g.group.hidden = inGroup === 0;
      shown += inGroup;
    });
    count.textContent = words.length === 0 ? total + " fields" : shown + " of " + total + " fields match";
  };
  box.addEventListener("input", function () {
    // The count is announced once typing pauses, not on every key.
    clearTimeout(timer);
    timer = setTimeout(filter, 150);
  });
  document.getElementById("dictionary-filter").addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    filter();
  });
  if (box.value) { filter(); }
}());
