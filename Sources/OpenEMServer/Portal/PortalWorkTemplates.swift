/// Templates of the investigative and administrative pages (`PortalWorkPages`).
extension PortalTemplates {
    static let refused = """
    <h1>Not available</h1>
    <p>{{why}}</p>
    """

    static let crime = """
    <h1>Crime matching</h1>
    <p class="hint">Upload a crime batch: a CSV file in the 13-column format, without a header. Good rows are kept and
    matched against every wearer's positions at once; each refused row says what to do about it. A match says that a
    tag was near the crime at the time, allowing for the accuracy of its fixes; it is not proof.</p>
    <form id="crime-upload" class="stack" data-batch="{{batchId}}">
      <label for="crime-file">Crime batch (CSV file)</label>
      <input id="crime-file" name="file" type="file" accept=".csv,text/csv" required>
      <button type="submit">Upload and match</button>
    </form>
    <p id="crime-status" role="status" aria-live="polite"></p>
    <section id="crime-result" hidden aria-labelledby="batch-heading">
      <h2 id="batch-heading">Batch <span id="batch-ref"></span></h2>
      <p>Status <strong id="batch-status"></strong>: <span id="batch-kept"></span> crimes kept,
      <span id="batch-refused"></span> rows refused.</p>
      <table id="row-errors" hidden>
        <caption>Rows refused</caption>
        <thead><tr><th scope="col">Row</th><th scope="col">Code</th><th scope="col">Problem</th><th scope="col">What to do</th></tr></thead>
        <tbody></tbody>
      </table>
      <h2>Wearers who were there</h2>
      <div id="crime-map" class="map" role="region" aria-label="Crimes, their 100 m radius, and the matched positions"
           data-tiles="{{tileURL}}"></div>
      <table id="crime-matches" hidden>
        <caption class="visually-hidden">Matches by crime</caption>
        <thead><tr><th scope="col">Crime</th><th scope="col">Wearer</th><th scope="col">Match</th><th scope="col">Closest</th>
        <th scope="col">Passes</th><th scope="col">Evidence pack</th></tr></thead>
        <tbody></tbody>
      </table>
      <p id="no-matches" hidden>No wearer's positions match these crimes.</p>
    </section>
    """

    static let search = """
    <h1>Area search</h1>
    <p class="hint">Who wearing a tag was in a place during a time window of at most 24 hours. Every search is
    recorded in the audit log with its purpose and reference{{#forceArea}}, and finds wearers of {{forceArea}}
    only{{/forceArea}}.</p>
    <div id="search-map" class="map" role="region" aria-label="Search area: click to place the circle's centre or the polygon's corners"
         data-tiles="{{tileURL}}"></div>
    <form id="area-search" class="stack">
      <fieldset>
        <legend>Shape</legend>
        <label><input type="radio" name="shape" value="circle" checked> Circle: click the map for its centre</label>
        <label><input type="radio" name="shape" value="polygon"> Polygon: click each corner in turn</label>
      </fieldset>
      <label for="search-lat">Centre latitude</label><input id="search-lat" inputmode="decimal">
      <label for="search-lon">Centre longitude</label><input id="search-lon" inputmode="decimal">
      <label for="search-radius">Radius in metres</label><input id="search-radius" type="number" min="1" max="5000" value="100">
      <p id="polygon-summary" role="status"></p>
      <button type="button" id="search-clear" class="secondary">Clear the shape</button>
      <label for="search-from">From</label><input id="search-from" type="datetime-local" value="{{fromLocal}}" required>
      <label for="search-to">To</label><input id="search-to" type="datetime-local" value="{{toLocal}}" required>
      <label for="search-purpose">Purpose</label>
      <input id="search-purpose" required placeholder="for example: investigating a burglary">
      <label for="search-reference">Reference</label><input id="search-reference" required placeholder="crime or incident reference">
      <button type="submit">Search</button>
    </form>
    <p id="search-status" role="status" aria-live="polite"></p>
    <table id="search-results" hidden>
      <caption>Wearers who were there</caption>
      <thead><tr><th scope="col">Wearer</th><th scope="col">Match</th><th scope="col">Closest</th><th scope="col">Passes</th></tr></thead>
      <tbody></tbody>
    </table>
    """

    static let admin = """
    <h1>Admin</h1>
    <h2>Users</h2>
    <table id="users">
      <caption class="visually-hidden">Users</caption>
      <thead><tr><th scope="col">Username</th><th scope="col">Roles</th><th scope="col">Force area</th><th scope="col">Probation region</th></tr></thead>
      <tbody></tbody>
    </table>
    <h3>Add a user</h3>
    <form id="user-add" class="stack">
      <label for="new-username">Username</label><input id="new-username" required autocomplete="off">
      <label for="new-password">Password (at least 8 characters)</label>
      <input id="new-password" type="password" required autocomplete="new-password">
      <label for="new-role">Role</label>
      <select id="new-role">{{#roles}}<option value="{{value}}">{{value}}</option>{{/roles}}</select>
      <label for="new-force">Force area (police and crime analysts), for example MPS</label><input id="new-force">
      <label for="new-region">Probation region (probation officers)</label><input id="new-region">
      <button type="submit">Add the user</button>
    </form>
    <p id="user-status" role="status" aria-live="polite"></p>
    <h2>Audit log</h2>
    <p><button type="button" id="audit-verify">Verify the chain</button> <span id="audit-result" role="status" aria-live="polite"></span></p>
    <form id="audit-filter" class="filters">
      <label for="audit-from">From</label><input id="audit-from" type="datetime-local" value="{{fromLocal}}">
      <label for="audit-actor">Actor id</label><input id="audit-actor">
      <button type="submit">Show</button>
    </form>
    <table id="audit">
      <caption>Audit entries, oldest first</caption>
      <thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th>
      <th scope="col">Resource</th><th scope="col">Purpose</th><th scope="col">Outcome</th></tr></thead>
      <tbody></tbody>
    </table>
    <p><button type="button" id="audit-more" class="secondary" hidden>More</button></p>
    """
}
