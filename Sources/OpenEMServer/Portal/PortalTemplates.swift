/// The portal's Mustache templates. Kept in the program (not loose files) so a deployment is one binary.
enum PortalTemplates {
    static let all: [(String, String)] = [
        ("layout", layout), ("login", login), ("alerts", alerts), ("caseload", caseload), ("person", person),
        ("dashboards", dashboards), ("crime", crime), ("search", search), ("admin", admin), ("refused", refused),
        ("order", order),
    ]

    static let dashboards = """
    <h1>Dashboards</h1>
    <p class="hint">Figures for your scope over the last 28 days. <span id="dash-status" role="status">Loading...</span></p>
    <div id="dash">
      <h2>Caseload</h2>
      <p><strong id="caseload-total">-</strong> active orders.</p>
      <canvas id="chart-caseload" height="110" role="img" aria-label="Active orders by order type"></canvas>
      <table id="caseload-table"><caption>Active orders by order type and cohort</caption><thead></thead><tbody></tbody></table>
      <h2>Compliance</h2>
      <p>Compliance rate <strong id="compliance-rate">-</strong> of <span id="monitored-days">-</span> monitored wearer-days
      (days without a confirmed breach of a condition).</p>
      <canvas id="chart-trend" height="90" role="img" aria-label="Confirmed violations per week"></canvas>
      <h2>Alcohol</h2>
      <p>Sober-day rate <strong id="sober-rate">-</strong> of <span id="alcohol-days">-</span> monitored days.</p>
      <h2>Alerts</h2>
      <p><span id="alerts-total">-</span> alerts; acknowledged in time <strong id="sla-rate">-</strong>; escalated <span id="escalated">-</span>.</p>
      <canvas id="chart-alerts" height="90" role="img" aria-label="Alerts by status"></canvas>
      <h2>Device health</h2>
      <p><strong id="devices-fitted">-</strong> devices fitted; <span id="devices-troubled">-</span> with a problem now
      (<strong id="devices-healthy">-</strong> healthy).</p>
      <table id="device-problems"><caption>Device problems now (battery, silence; tampers in the last 24 hours)</caption><thead><tr><th scope="col">Problem</th><th scope="col">Open</th></tr></thead><tbody></tbody></table>
    </div>
    """


    static let layout = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="csrf-token" content="{{csrf}}">
    <link rel="icon" href="data:,">
    <title>{{title}} - OpenEM</title>
    <link rel="stylesheet" href="/static/portal.css">
    {{#map}}<link rel="stylesheet" href="/static/leaflet/leaflet.css">{{/map}}
    </head>
    <body>
    <a class="skip" href="#main">Skip to main content</a>
    <header class="top">
      <span class="brand">OpenEM</span>
      {{#user}}
      <nav aria-label="Main">
        <ul>{{#nav}}<li><a href="{{href}}"{{#current}} aria-current="page"{{/current}}>{{label}}</a></li>{{/nav}}</ul>
      </nav>
      <form class="signout" method="post" action="/logout">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <span>{{username}} ({{roles}})</span> <button type="submit">Sign out</button>
      </form>
      {{/user}}
    </header>
    <main id="main" tabindex="-1">
    {{{body}}}
    </main>
    {{#map}}<script src="/static/leaflet/leaflet.js"></script>{{/map}}
    {{#charts}}<script src="/static/chart.js/chart.min.js"></script>{{/charts}}
    <script src="/static/portal.js"></script>
    </body>
    </html>
    """

    static let login = """
    <h1>Sign in</h1>
    {{#error}}<p class="error" role="alert">The username or password is wrong.</p>{{/error}}
    <form method="post" action="/login" class="stack">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="next" value="{{next}}">
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" required autofocus>
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required>
      <button type="submit">Sign in</button>
    </form>
    """

    static let alerts = """
    <h1>Alert queue</h1>
    <p class="hint">New and changed alerts appear here as they happen. <span id="live-status" role="status">Connecting...</span></p>
    <form class="filters" method="get" action="/alerts">
      <label for="status">Status</label>
      <select id="status" name="status">
        <option value="">Open and in progress</option>
        {{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}
      </select>
      <label for="minSeverity">At least</label>
      <select id="minSeverity" name="minSeverity">
        <option value="">Any severity</option>
        {{#severities}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/severities}}
      </select>
      <button type="submit">Filter</button>
    </form>
    <table class="alerts" id="alert-table" data-filter-status="{{filterStatus}}" data-filter-severity="{{filterSeverity}}">
      <caption class="visually-hidden">Alerts, newest first</caption>
      <thead><tr><th scope="col">Raised</th><th scope="col">Severity</th><th scope="col">What</th><th scope="col">Wearer</th>
      <th scope="col">Status</th><th scope="col">Acknowledge by</th><th scope="col">Action</th></tr></thead>
      <tbody>
      {{#alerts}}
      <tr data-alert-id="{{id}}" data-status="{{status}}" class="sev-{{severity}}">
        <td><time datetime="{{raisedAt}}">{{raisedAt}}</time></td>
        <td><span class="badge sev-{{severity}}">{{severity}}</span>{{#escalated}} <span class="badge">ESCALATED</span>{{/escalated}}</td>
        <td>{{violationType}}{{#late}} (late data){{/late}}</td>
        <td><a href="/people/{{subjectId}}">{{subjectName}}</a></td>
        <td class="status">{{status}}{{#decision}}: {{decision}}{{/decision}}</td>
        <td><time datetime="{{ackDueAt}}">{{ackDueAt}}</time></td>
        <td class="actions"></td>
      </tr>
      {{/alerts}}
      </tbody>
    </table>
    {{^alerts}}<p id="no-alerts">No alerts match.</p>{{/alerts}}
    <script type="application/json" id="decisions">{{{decisionsJSON}}}</script>
    """

    static let caseload = """
    <h1>Caseload</h1>
    <form class="filters" method="get" action="/caseload" role="search">
      <label for="q">Name or identifier</label>
      <input id="q" name="q" value="{{query}}">
      <label for="orderType">Order type</label>
      <select id="orderType" name="orderType"><option value="">Any</option>{{#orderTypes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/orderTypes}}</select>
      <label for="cohort">Cohort</label>
      <select id="cohort" name="cohort"><option value="">Any</option>{{#cohorts}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{value}}</option>{{/cohorts}}</select>
      <label for="status">Status</label>
      <select id="status" name="status"><option value="">Any</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select>
      <label for="compliance">Compliance</label>
      <select id="compliance" name="compliance"><option value="">Any</option>{{#compliances}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/compliances}}</select>
      <button type="submit">Search</button>
    </form>
    <p>{{count}} wearers shown{{#more}} (the first {{count}}; narrow the search){{/more}}.</p>
    <table>
      <caption class="visually-hidden">Wearers</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">CRN</th><th scope="col">Force</th><th scope="col">Region</th>
      <th scope="col">Order</th><th scope="col">Open violations</th></tr></thead>
      <tbody>
      {{#subjects}}
      <tr><td><a href="/people/{{id}}">{{lastName}}, {{firstName}}</a></td><td>{{crn}}</td><td>{{forceArea}}</td>
      <td>{{probationRegion}}</td><td>{{order}}</td><td>{{openViolations}}</td></tr>
      {{/subjects}}
      </tbody>
    </table>
    """

    static let person = """
    <h1>{{firstName}} {{lastName}}</h1>
    <dl class="facts">
      <dt>Date of birth</dt><dd>{{dateOfBirth}}</dd>
      <dt>CRN</dt><dd>{{crn}}</dd>
      <dt>PNC</dt><dd>{{pnc}}</dd>
      <dt>Force area</dt><dd>{{forceArea}}</dd>
      <dt>Probation region</dt><dd>{{probationRegion}}</dd>
      <dt>Responsible officer</dt><dd>{{responsibleOfficer}}</dd>
      <dt>Home</dt><dd>{{address}}</dd>
    </dl>
    {{#orders}}
    <h2>Order: {{orderType}} ({{cohort}}), version {{version}}, {{status}}</h2>
    <p>From {{startDate}} to {{endDate}}{{#nextReviewDate}}; next review {{nextReviewDate}}{{/nextReviewDate}}.</p>
    <ul>{{#conditions}}<li>{{text}}</li>{{/conditions}}</ul>
    {{#mayVary}}<p><a class="button secondary" href="/orders/{{id}}/vary">Vary this order</a></p>{{/mayVary}}
    {{/orders}}
    {{#mayCreateOrder}}<p><a class="button secondary" href="/orders/new?subjectId={{id}}">Create an order</a></p>{{/mayCreateOrder}}
    {{#reviews}}<p class="{{#overdue}}error{{/overdue}}{{^overdue}}hint{{/overdue}} review-due"><strong>{{text}}</strong></p>{{/reviews}}
    <h2 id="map-heading">Where they were</h2>
    <form class="filters" method="get" action="/people/{{id}}">
      <label for="from">From</label><input id="from" name="from" type="datetime-local" value="{{fromLocal}}">
      <label for="to">To</label><input id="to" name="to" type="datetime-local" value="{{toLocal}}">
      <button type="submit">Show</button>
    </form>
    <div id="map" class="map" role="region" aria-labelledby="map-heading"
         data-trail="/api/v1/subjects/{{id}}/trail?format=geojson&amp;from={{fromISO}}&amp;to={{toISO}}"
         data-tiles="{{tileURL}}"></div>
    <p id="map-summary" role="status"></p>
    <p class="playback"><label for="playback">Play the trail back</label>
    <input id="playback" type="range" min="0" max="0" value="0" disabled>
    <button type="button" id="playback-play" class="secondary" disabled>Play</button>
    <output id="playback-at" for="playback"></output></p>
    <script type="application/json" id="map-data">{{{mapJSON}}}</script>
    {{#curfews}}
    <h2>Curfew: the last 14 nights</h2>
    <table class="calendar" id="curfew-calendar">
      <caption class="visually-hidden">Each curfew window and whether it was kept; no data is never counted as kept</caption>
      <thead><tr><th scope="col">Night</th><th scope="col">Window</th><th scope="col">Outcome</th></tr></thead>
      <tbody>
      {{#nights}}<tr class="night-{{outcome}}" data-outcome="{{outcome}}"><td>{{date}}</td><td>{{window}}</td><td>{{label}}</td></tr>{{/nights}}
      </tbody>
    </table>
    {{/curfews}}
    {{#alcohol}}
    <h2>Transdermal alcohol: the last 14 days</h2>
    <canvas id="chart-alcohol" height="90" role="img" aria-label="Transdermal alcohol readings against the 0.02 g/dL threshold"></canvas>
    <p id="alcohol-summary" role="status"></p>
    <script type="application/json" id="alcohol-data">{{{alcoholJSON}}}</script>
    {{/alcohol}}
    <h2>Timeline</h2>
    <table id="timeline">
      <caption class="visually-hidden">Violations, alerts and device events, newest first</caption>
      <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">What</th><th scope="col">Status</th><th scope="col">What happened</th></tr></thead>
      <tbody>
      {{#timeline}}
      <tr data-kind="{{kind}}"><td><time datetime="{{time}}">{{time}}</time></td><td>{{kind}}</td><td>{{what}}</td><td>{{status}}</td><td>{{detail}}</td></tr>
      {{/timeline}}
      </tbody>
    </table>
    {{^timeline}}<p>Nothing recorded yet.</p>{{/timeline}}
    """
}
