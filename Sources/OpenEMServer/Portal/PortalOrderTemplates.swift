/// The order form (`PortalOrderPages`): one template for a new order and for a variation.
extension PortalTemplates {
    static let order = """
    <h1>{{heading}}</h1>
    <p>For <a href="/people/{{subjectId}}">{{subjectName}}</a>{{#version}}. The order is at version {{version}}: the
    conditions below replace the whole set as version {{nextVersion}}, and version {{version}} stays readable{{/version}}.</p>
    <div id="order-errors" class="error" role="alert" tabindex="-1" hidden><h2>There is a problem</h2><ul></ul></div>
    <form id="order-form" class="stack" data-mode="{{mode}}" data-order-id="{{orderId}}" data-subject-id="{{subjectId}}">
      {{^version}}
      <label for="order-type">Order type</label>
      <select id="order-type">{{#orderTypes}}<option value="{{.}}">{{.}}</option>{{/orderTypes}}</select>
      <label for="order-cohort">Cohort</label>
      <select id="order-cohort">{{#cohorts}}<option value="{{.}}">{{.}}</option>{{/cohorts}}</select>
      <label for="order-start">Start date</label><input id="order-start" type="date" value="{{today}}" required>
      {{/version}}
      <label for="order-end">End date</label><input id="order-end" type="date" value="{{endDate}}">
      <label for="order-review">Next review</label><input id="order-review" type="date" value="{{reviewDate}}">
      {{#version}}<label for="order-reason">Reason for the variation</label><input id="order-reason">{{/version}}

      <fieldset>
        <legend>Curfew</legend>
        <label><input type="checkbox" id="curfew-on"> A curfew at an address</label>
        <label for="curfew-address">Address</label>
        <select id="curfew-address">{{#addresses}}<option value="{{id}}">{{text}}</option>{{/addresses}}</select>
        <label for="curfew-radius">Radius in metres</label><input id="curfew-radius" type="number" min="10" max="500" value="50">
        <label for="curfew-grace">Grace in minutes</label><input id="curfew-grace" type="number" min="0" max="60" value="5">
        <table id="curfew-rows">
          <caption>Timetable: a window that crosses midnight belongs to the day it starts</caption>
          <thead><tr><th scope="col">Days</th><th scope="col">From</th><th scope="col">To</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
          <tbody></tbody>
        </table>
        <button type="button" id="curfew-add-row" class="secondary">Add a timetable row</button>
      </fieldset>

      <fieldset>
        <legend>Zones</legend>
        <p class="hint">Choose a kind and a shape, then click the map: each click adds a corner of a polygon, or places
        the centre of a circle. "Add this zone" keeps it.</p>
        <div id="zone-map" class="map" role="region" aria-label="Draw a zone" data-tiles="{{tileURL}}"></div>
        <label for="zone-kind">Kind</label>
        <select id="zone-kind"><option value="exclusionZone">Exclusion zone</option><option value="inclusionZone">Inclusion zone</option></select>
        <label for="zone-name">Name</label><input id="zone-name" placeholder="for example: the victim's street">
        <label for="zone-shape">Shape</label>
        <select id="zone-shape"><option value="polygon">Polygon</option><option value="circle">Circle</option></select>
        <label for="zone-radius">Circle radius in metres</label><input id="zone-radius" type="number" min="10" max="5000" value="200">
        <p id="zone-drawing" role="status"></p>
        <p><button type="button" id="zone-add" class="secondary">Add this zone</button>
        <button type="button" id="zone-clear" class="secondary">Clear the drawing</button></p>
        <ul id="zone-list"></ul>
      </fieldset>

      <fieldset>
        <legend>Other conditions</legend>
        <label><input type="checkbox" id="trail-on"> Trail monitoring</label>
        <label><input type="checkbox" id="alcohol-on"> Alcohol abstinence (transdermal tag)</label>
        <ul id="kept-list"></ul>
      </fieldset>
      <button type="submit">{{submitLabel}}</button>
    </form>
    <p id="order-status" role="status" aria-live="polite"></p>
    <script type="application/json" id="order-data">{{{orderJSON}}}</script>
    """
}
