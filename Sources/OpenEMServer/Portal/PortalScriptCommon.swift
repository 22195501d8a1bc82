/// What every portal page's script shares, served first in `/static/portal.js`: the CSRF header on API calls, API
/// errors with the problems the API named, element building, and a map on a plain background with a scale bar
/// (tiles when configured).
enum PortalScriptCommon {
    static let js = #"""
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

      return { send: send, get: function (url) { return send("GET", url); }, el: el, plainMap: plainMap };
    })();

    """#
}
