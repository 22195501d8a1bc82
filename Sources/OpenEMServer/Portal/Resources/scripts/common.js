// What every portal page's script shares, served first in /static/portal.js: the CSRF header on API calls, API
// errors with the problems the API named, element building, a map on a plain background with a scale bar (tiles
// when configured), the words for the API's codes, and instants in UK local time.
var OpenEM = (function () {
  "use strict";
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // An API call with the session cookie and the CSRF header. A refusal rejects with the API's message, and
  // `status` and `details` (the problems it named) on the error.
  function send(method, url, body, type) {
    var headers = { "X-CSRF-Token": csrf };
    if (body !== undefined) { headers["Content-Type"] = type || "application/json"; }
    return fetch(url, { method: method, credentials: "same-origin", headers: headers,
                        body: body === undefined ? undefined : (type ? body : JSON.stringify(body)) })
      .then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) {
            var err = new Error((j.error && j.error.message) || ("HTTP " + r.status));
            err.status = r.status;
            err.details = (j.error && j.error.details) || [];
            throw err;
          }
          return j;
        });
      });
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // A view first: vector layers cannot be drawn on a map that has none.
  function plainMap(box, centre, zoom) {
    if (!window.L) { return null; }
    var map = L.map(box, { preferCanvas: true }).setView(centre, zoom);
    var tiles = box.getAttribute("data-tiles");
    if (tiles) { L.tileLayer(tiles, { maxZoom: 19 }).addTo(map); }
    L.control.scale({ imperial: false }).addTo(map);
    return map;
  }

  // The words for the API's codes, from the server's one table (DisplayNames.swift), handed over in the layout.
  var names = JSON.parse((document.getElementById("display-names") || {}).textContent || "{}");
  function label(kind, code) { return (names[kind] || {})[code] || code; }

  // Instants as PortalClock.words says them on the server: "04:51 today (3 min ago)", in UK local time.
  var zone = "Europe/London";
  var dayKey = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
  var hourMinute = new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  var dayMonth = new Intl.DateTimeFormat("en-GB", { timeZone: zone, weekday: "short", day: "numeric", month: "short" });
  var dayMonthYear = new Intl.DateTimeFormat("en-GB", { timeZone: zone, day: "numeric", month: "short", year: "numeric" });
  function dayNumber(d) { return Math.round(Date.parse(dayKey.format(d) + "T00:00:00Z") / 86400000); }
  function relative(seconds) {
    var a = Math.abs(seconds);
    if (a >= 48 * 3600) { return null; }
    if (a < 60) { return "just now"; }
    var amount = a < 90 * 60 ? Math.floor(a / 60) + " min" : Math.round(a / 3600) + " h";
    return seconds < 0 ? amount + " ago" : "in " + amount;
  }
  function when(iso) {
    if (!iso) { return ""; }
    var d = new Date(iso), now = new Date();
    if (isNaN(d.getTime())) { return iso; }
    var days = dayNumber(d) - dayNumber(now);
    var day = days === 0 ? "today" : days === -1 ? "yesterday" : days === 1 ? "tomorrow"
      : (dayKey.format(d).slice(0, 4) === dayKey.format(now).slice(0, 4) ? dayMonth : dayMonthYear).format(d).replace(/,/g, "");
    var rel = relative((d.getTime() - now.getTime()) / 1000);
    return hourMinute.format(d) + " " + day + (rel ? " (" + rel + ")" : "");
  }
  // A <time> for an instant: the words to read, the ISO form for machines and on hover.
  function time(iso) { return el("time", { datetime: iso, title: iso }, when(iso)); }

  function cell(row, text) { var td = el("td", {}, text); row.appendChild(td); return td; }
  function metres(m) { return Math.round(m) + " m"; }
  // A fix's accuracy in words: "+/- 12 m", or "accuracy unknown" when the device did not say (the key is absent).
  function accuracy(m) { return (m === undefined || m === null) ? "accuracy unknown" : "+/- " + metres(m); }

  // A wearer's passes through a searched area or a crime's radius, in words and on a map.
  function passesText(passes) {
    return (passes || []).map(function (p) {
      return p.label + " " + label("matchKind", p.kind).toLowerCase() + " " + when(p.enter) + " to " + when(p.exit) +
        " (" + metres(p.closestMetres) + ")";
    }).join("; ");
  }

  function drawPasses(map, passes, layers) {
    (passes || []).forEach(function (p) {
      var line = [];
      (p.positions || []).forEach(function (q) {
        line.push([q.lat, q.lon]);
        layers.push(L.circle([q.lat, q.lon], { radius: Math.max(q.accuracyMetres || 0, 1), weight: 1, color: "#505a5f", fillOpacity: 0.1 })
          .bindTooltip(q.label + " " + when(q.time) + " (" + accuracy(q.accuracyMetres) + ")").addTo(map));
      });
      if (line.length > 1) { layers.push(L.polyline(line, { color: "#0b0c0c", weight: 2 }).addTo(map)); }
    });
  }

  return { send: send, get: function (url) { return send("GET", url); }, el: el, plainMap: plainMap, label: label,
           when: when, time: time, cell: cell, metres: metres, accuracy: accuracy, passesText: passesText, drawPasses: drawPasses };
})();
