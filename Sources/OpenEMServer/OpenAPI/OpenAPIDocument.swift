import Foundation

/// The server's own OpenAPI 3.1 description (`GET /openapi.json`). A test checks that every route the router
/// serves is described here, so the document cannot drift from the code.
enum OpenAPIDocument {
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var tag: String
        var auth: Auth = .user
        var query: [(String, String)] = []
        var body: JSONValue? = nil
        var bodyType: String = "application/json"
        var status: Int = 200
        var response: JSONValue? = nil
        var responseType: String = "application/json"
        /// Other media types the same success may come as (a `?format=`), with their schemas.
        var otherResponseTypes: [(String, JSONValue)] = []

        enum Auth { case none, user, device }
    }

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func page(_ name: String) -> JSONValue {
        [
            "type": "object", "required": ["items"],
            "properties": ["items": ["type": "array", "items": ref(name)], "nextCursor": ["type": ["string", "null"]]],
        ]
    }

    static var operations: [Operation] {
        var ops: [Operation] = [
            .init(
                method: "get", path: "/health", summary: "Liveness and store reachability", tag: "operations", auth: .none,
                response: ref("Health")),
            .init(
                method: "get", path: "/metrics", summary: "Prometheus metrics", tag: "operations", auth: .none,
                response: ["type": "string"], responseType: "text/plain"),
            .init(
                method: "get", path: "/openapi.json", summary: "This document", tag: "operations", auth: .none,
                response: ["type": "object"]),
            .init(
                method: "post", path: "/api/v1/auth/token", summary: "Exchange a username and password for a bearer token",
                tag: "auth", auth: .none, body: ref("Credentials"), response: ref("Token")),
            .init(
                method: "post", path: "/api/v1/auth/revoke", summary: "Revoke the presented token (log out)", tag: "auth",
                status: 204),
            .init(
                method: "get", path: "/api/v1/auth/locks", summary: "Sign-in locks in force now (admin)", tag: "auth",
                response: page("SignInLock")),
            .init(
                method: "post", path: "/api/v1/users", summary: "Create a user (admin)", tag: "users",
                body: ref("NewUser"), status: 201, response: ref("User")),
            .init(method: "get", path: "/api/v1/users", summary: "List users (admin)", tag: "users", response: page("User")),
            .init(method: "get", path: "/api/v1/users/me", summary: "The signed-in user", tag: "users", response: ref("User")),
            .init(
                method: "post", path: "/api/v1/subjects", summary: "Create a device wearer", tag: "subjects",
                body: ref("SubjectDraft"), status: 201, response: ref("Subject")),
            .init(
                method: "get", path: "/api/v1/subjects", summary: "Search wearers in your scope (audited)", tag: "subjects",
                query: [("query", "string"), ("limit", "integer"), ("cursor", "string")], response: page("Subject")),
            .init(
                method: "get", path: "/api/v1/subjects/{id}", summary: "A wearer (audited)", tag: "subjects",
                response: ref("Subject")),
            .init(
                method: "post", path: "/api/v1/subjects/{id}/address-checks",
                summary: "Record a domestic-abuse and safeguarding check of an address", tag: "subjects",
                body: ref("AddressCheckDraft"), status: 201, response: ref("AddressCheck")),
            .init(
                method: "get", path: "/api/v1/subjects/{id}/address-checks", summary: "Address checks of a wearer",
                tag: "subjects", response: page("AddressCheck")),
            .init(
                method: "post", path: "/api/v1/orders", summary: "Create an order", tag: "orders", body: ref("OrderDraft"),
                status: 201, response: ref("Order")),
            .init(
                method: "get", path: "/api/v1/orders", summary: "Orders of a wearer (newest versions)", tag: "orders",
                query: [("subjectId", "string")], response: page("Order")),
            .init(
                method: "get", path: "/api/v1/orders/{id}", summary: "An order (newest version, or ?version=)",
                tag: "orders", query: [("version", "integer")], response: ref("Order")),
            .init(
                method: "get", path: "/api/v1/orders/{id}/versions", summary: "Every version of an order", tag: "orders",
                response: page("Order")),
            .init(
                method: "post", path: "/api/v1/orders/{id}/variations",
                summary: "Vary an order: the full new condition set becomes a new version", tag: "orders",
                body: ref("Variation"), status: 201, response: ref("Order")),
            .init(
                method: "post", path: "/api/v1/orders/{id}/end", summary: "End an order", tag: "orders",
                body: ["type": "object", "properties": ["reason": OpenAPISchemas.freeText, "endedAt": ["type": "string", "format": "date-time"]]],
                response: ref("Order")),
            .init(
                method: "post", path: "/api/v1/orders/{id}/reviews", summary: "Record a review; the next is due in 3 months",
                tag: "orders", body: ["type": "object", "properties": ["note": ["type": "string"]]], response: ref("Order")),
            .init(
                method: "get", path: "/api/v1/reviews/due", summary: "Reviews due within N days or overdue", tag: "orders",
                query: [("withinDays", "integer")], response: page("DueReview")),
            .init(
                method: "post", path: "/api/v1/devices", summary: "Register a device; its key is shown once", tag: "devices",
                body: ref("NewDevice"), status: 201, response: ref("Device")),
            .init(
                method: "get", path: "/api/v1/devices", summary: "List devices", tag: "devices",
                query: [("limit", "integer"), ("cursor", "string")], response: page("Device")),
            .init(
                method: "get", path: "/api/v1/devices/{id}", summary: "A device and its active installation", tag: "devices",
                response: ref("Device")),
            .init(
                method: "get", path: "/api/v1/devices/{id}/installations", summary: "A device's history", tag: "devices",
                response: page("Installation")),
            .init(
                method: "post", path: "/api/v1/orders/{id}/installations", summary: "Install a device for an order",
                tag: "devices", body: ref("NewInstallation"), status: 201, response: ref("Installation")),
            .init(
                method: "get", path: "/api/v1/orders/{id}/installations", summary: "Installations of an order",
                tag: "devices", response: page("Installation")),
            .init(
                method: "get", path: "/api/v1/installations/{id}", summary: "An installation", tag: "devices",
                response: ref("Installation")),
            .init(
                method: "post", path: "/api/v1/installations/{id}/removal", summary: "Record a device's removal",
                tag: "devices", body: ["type": "object", "properties": ["removedAt": ["type": "string", "format": "date-time"]]],
                response: ref("Installation")),
            .init(
                method: "get", path: "/api/v1/audit", summary: "The audit trail (admin)", tag: "audit",
                query: [("from", "string"), ("to", "string"), ("actor", "string"), ("limit", "integer"), ("cursor", "string")],
                response: page("AuditEntry")),
            .init(
                method: "get", path: "/api/v1/audit/verify", summary: "Verify the audit hash chain (admin)", tag: "audit",
                response: ref("AuditVerification")),
        ]
        ops += extraOperations
        return ops
    }

    /// Telemetry, violations and the parts of the API built on them.
    static var extraOperations: [Operation] {
        [
            .init(
                method: "post", path: "/api/v1/telemetry",
                summary: "Device telemetry batch; 200 only once the accepted messages are durable", tag: "telemetry",
                auth: .device, body: ref("TelemetryBatch"), response: ref("TelemetryResult")),
            .init(
                method: "get", path: "/osmand",
                summary:
                    "OsmAnd / Traccar Client report; id is the device key; timestamp Unix s or ms, ISO-8601 or yyyy-MM-dd HH:mm:ss (UTC), "
                    + "receipt time if absent; speed in knots; no accuracy: kept, of unknown accuracy",
                tag: "telemetry", auth: .none, query: osmAndQuery, response: ref("OsmAndResult")),
            .init(
                method: "post", path: "/osmand",
                summary: "OsmAnd report as query parameters, a form-encoded body, or Traccar Client's JSON form (shown)",
                tag: "telemetry", auth: .none, query: osmAndQuery, body: ref("OsmAndJSON"), response: ref("OsmAndResult")),
            .init(
                method: "get", path: "/api/v1/alerts", summary: "Alerts you may see, newest first (audited)", tag: "alerts",
                query: [
                    ("status", "string"), ("minSeverity", "string"), ("forceArea", "string"), ("subjectId", "string"),
                    ("limit", "integer"), ("cursor", "string"),
                ], response: page("Alert")),
            .init(
                method: "get", path: "/api/v1/alerts/stream",
                summary: "Server-Sent Events: one `alert` event per new or changed alert you may see; resumes after Last-Event-ID",
                tag: "alerts", query: [("limit", "integer"), ("lastEventId", "integer")],
                response: ["type": "string"], responseType: "text/event-stream"),
            .init(
                method: "get", path: "/api/v1/alerts/{id}", summary: "An alert with its history (audited)", tag: "alerts",
                response: ref("Alert")),
            .init(
                method: "post", path: "/api/v1/alerts/{id}/acknowledge", summary: "Acknowledge an OPEN alert (409 otherwise)",
                tag: "alerts", response: ref("Alert")),
            .init(
                method: "post", path: "/api/v1/alerts/{id}/decision",
                summary: "Record the decision on an ACKNOWLEDGED alert; ATTEND and ARREST are police decisions", tag: "alerts",
                body: ref("AlertDecision"), response: ref("Alert")),
            .init(
                method: "post", path: "/api/v1/alerts/{id}/close", summary: "Close an ACTIONED alert (or one whose violation was withdrawn)",
                tag: "alerts", body: ["type": "object", "properties": ["note": OpenAPISchemas.freeText]], response: ref("Alert")),
            .init(
                method: "post", path: "/api/v1/webhooks",
                summary: "Subscribe a URL to alert deliveries: signed (X-OpenEM-Signature), with a delivery id, in order, retried until 2xx",
                tag: "alerts", body: ref("WebhookDraft"), status: 201, response: ref("Webhook")),
            .init(
                method: "get", path: "/api/v1/webhooks", summary: "Webhook subscriptions (yours, or all for the monitoring centre)",
                tag: "alerts", response: page("Webhook")),
            .init(
                method: "get", path: "/api/v1/subjects/{id}/trail",
                summary: "A wearer's fixes in a window with accuracy and source, as GeoJSON, GPX 1.1 or CSV (audited; police 48 h, others 14 days)",
                tag: "subjects", query: [("from", "string"), ("to", "string"), ("format", "string"), ("purpose", "string")],
                response: ["type": "object"], responseType: "application/geo+json"),
            .init(
                method: "get", path: "/", summary: "Portal: the signed-in user's start page (redirect)", tag: "portal", auth: .none,
                status: 303),
            .init(
                method: "get", path: "/login", summary: "Portal: sign-in page (sets the CSRF cookie)", tag: "portal", auth: .none,
                query: [("next", "string")], response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "post", path: "/login", summary: "Portal: sign in with username, password and csrf; sets the session cookie",
                tag: "portal", auth: .none,
                body: [
                    "type": "object",
                    "properties": [
                        "username": ["type": "string"],
                        "password": ["type": "string"], "csrf": ["type": "string"], "next": ["type": "string"],
                    ],
                ],
                bodyType: "application/x-www-form-urlencoded", status: 303),
            .init(
                method: "post", path: "/logout", summary: "Portal: sign out (form with csrf); revokes the session", tag: "portal",
                auth: .none, body: ["type": "object", "properties": ["csrf": ["type": "string"]]],
                bodyType: "application/x-www-form-urlencoded", status: 303),
            .init(
                method: "get", path: "/alerts", summary: "Portal: the live alert queue", tag: "portal", auth: .none,
                query: [("status", "string"), ("minSeverity", "string")], response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/api/v1/stats/devices",
                summary: "Device health in your scope: devices fitted by type, open problems (low or flat battery, silence, tamper), healthy share",
                tag: "stats", response: ref("DeviceStatistics")),
            .init(
                method: "get", path: "/api/v1/stats/monthly",
                summary: "Month by month in your scope: caseload at month end by order type and cohort, starts, ends, compliance, alerts, "
                    + "median hours to fitting (default the last 12 months; at most 60; ?format=csv)",
                tag: "stats", query: [("from", "string"), ("to", "string"), ("format", "string")], response: ref("MonthlyStatistics"),
                otherResponseTypes: [("text/csv", ["type": "string"])]),
            .init(
                method: "get", path: "/api/v1/stats/service",
                summary: "Service performance in your scope over from-to (default the last 28 days): order-to-fitting hours, alerts "
                    + "acknowledged within their SLA by severity, device faults per 100 wearer-weeks, telemetry delay, trail answer time",
                tag: "stats", query: [("from", "string"), ("to", "string")], response: ref("ServiceStatistics")),
            .init(
                method: "get", path: "/api/v1/stats/outcomes",
                summary: "What alerts raised in your scope over from-to led to (decisions, violation outcomes), by force area and cohort",
                tag: "stats", query: [("from", "string"), ("to", "string")], response: ref("AlertOutcomes")),
            .init(
                method: "get", path: "/api/v1/stats/courts",
                summary: "Orders started per deciding court and month (yyyy-MM, default the last 12); \"unknown\" until orders record their court",
                tag: "stats", query: [("from", "string"), ("to", "string")], response: ref("CourtUse")),
            .init(
                method: "get", path: "/api/v1/stats/benefits",
                summary: "Days monitored by order type over from-to against the configured daily costs of custody and of a tag, with their sources",
                tag: "stats", query: [("from", "string"), ("to", "string")], response: ref("Benefits")),
            .init(
                method: "get", path: "/api/v1/stats/forecast",
                summary:
                    "The caseload projected 1-36 months ahead (default 12) from its month-end history by Holt's linear trend, with a 95% interval",
                tag: "stats", query: [("months", "integer")], response: ref("CaseloadForecast")),
            .init(
                method: "post", path: "/api/v1/subjects/{id}/access-request",
                summary: "Subject access request (admin): a ZIP of everything held on the person (JSON, CSV, GeoJSON, the audit of "
                    + "every view, the data dictionary); audited",
                tag: "subjects", body: ["type": "object", "properties": ["reference": ["type": "string", "maxLength": 64]]],
                response: ["type": "string", "format": "binary"], responseType: "application/zip"),
            .init(
                method: "get", path: "/api/v1/data-dictionary",
                summary: "Every resource and field the API returns: meaning, type, codes, personal-data class, retention, source "
                    + "(?format=csv: one row per field)",
                tag: "dictionary", query: [("format", "string")], response: ref("DataDictionary"),
                otherResponseTypes: [("text/csv", ["type": "string"])]),
            .init(
                method: "get", path: "/api/v1/data-quality",
                summary: "Every data-quality rule over your scope now: checked, failing, pass rate, example ids (admin, analyst; "
                    + "analysts get no ids)",
                tag: "data-quality", query: [("rule", "string")], response: ref("DataQuality")),
            .init(
                method: "get", path: "/api/v1/data-quality/history",
                summary: "Each day's data-quality figures for the whole store, oldest first (admin, analyst; default the last 90 days)",
                tag: "data-quality", query: [("rule", "string"), ("from", "string"), ("to", "string")], response: ref("DataQualityHistory")),
            .init(
                method: "post", path: "/api/v1/extract-projects",
                summary: "Make an extract project; its linkage key is in this answer only (admin; k defaults to 5)", tag: "extracts",
                body: [
                    "type": "object", "required": ["name", "purpose"],
                    "properties": ["name": ["type": "string"], "purpose": ["type": "string"], "k": ["type": "integer"]],
                ], status: 201, response: ref("ExtractProject")),
            .init(
                method: "get", path: "/api/v1/extract-projects", summary: "List extract projects, without their keys (admin, analyst)",
                tag: "extracts", response: page("ExtractProject")),
            .init(
                method: "post", path: "/api/v1/extracts",
                summary: "Make a pseudonymised extract: a row per order overlapping the period, k-anonymised (analyst; audited)",
                tag: "extracts",
                body: [
                    "type": "object", "required": ["projectId", "purpose", "from", "to"],
                    "properties": [
                        "projectId": ["type": "string"], "purpose": ["type": "string"], "from": ["type": "string", "format": "date"],
                        "to": ["type": "string", "format": "date"], "cohort": ["type": "string"], "orderType": ["type": "string"],
                    ],
                ], status: 201, response: ref("Extract")),
            .init(
                method: "get", path: "/api/v1/extracts/{id}",
                summary: "An extract and what each of its columns means, from the data dictionary (the analyst who made it)",
                tag: "extracts", response: ref("Extract")),
            .init(
                method: "get", path: "/api/v1/extracts/{id}/data.csv",
                summary: "An extract's CSV, with a header (the analyst who made it; 410 once 30 days old; audited)", tag: "extracts",
                response: ["type": "string"], responseType: "text/csv"),
            .init(
                method: "get", path: "/api/v1/retention", summary: "The retention schedule in force, every class (admin)", tag: "retention",
                response: ref("RetentionSchedule")),
            .init(
                method: "put", path: "/api/v1/retention",
                summary: "Change classes' periods (ISO-8601, at least a day and each class's floor; others unchanged; admin; audited)",
                tag: "retention",
                body: [
                    "type": "object", "required": ["classes"],
                    "properties": ["classes": ["type": "array", "items": ref("RetentionRule")]],
                ], response: ref("RetentionSchedule")),
            .init(
                method: "post", path: "/api/v1/legal-holds",
                summary: "Hold a wearer, a crime or a reference from deletion (admin; police and crime analysts: their force's; audited)",
                tag: "retention",
                body: [
                    "type": "object", "required": ["reason", "reviewDate"],
                    "properties": [
                        "subjectId": ["type": "string"], "crimeId": ["type": "string"], "reference": ["type": "string"],
                        "reason": ["type": "string"], "reviewDate": ["type": "string", "format": "date"],
                    ],
                ], status: 201, response: ref("LegalHold")),
            .init(
                method: "get", path: "/api/v1/legal-holds", summary: "The legal holds you may handle, released ones included, oldest first",
                tag: "retention", response: page("LegalHold")),
            .init(
                method: "post", path: "/api/v1/legal-holds/{id}/release", summary: "Release a hold (audited)", tag: "retention",
                body: ["type": "object", "required": ["reason"], "properties": ["reason": ["type": "string"]]], response: ref("LegalHold")),
            .init(
                method: "get", path: "/dashboards", summary: "Portal: dashboards (caseload, compliance, sober days, alerts)",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/data-quality", summary: "Portal: data-quality rules, their failing records and daily trend (admin, analyst)",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/data-dictionary", summary: "Portal: the data dictionary, searchable (every signed-in role)",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/crime", summary: "Portal: upload a crime batch, see refused rows, matches on a map, evidence packs",
                tag: "portal", auth: .none, query: [("batch", "string")], response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/search", summary: "Portal: area-and-time search drawn on a map, with purpose and reference",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/orders/new", summary: "Portal: a new order for a person: conditions, timetable rows, zones drawn on a map",
                tag: "portal", auth: .none, query: [("subjectId", "string")], response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/orders/{id}/vary", summary: "Portal: vary an order (the whole new condition set becomes the next version)",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/admin", summary: "Portal: users and the audit log with chain verification (administrators)",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/caseload", summary: "Portal: the caseload in your scope, searched and filtered (audited)", tag: "portal",
                auth: .none,
                query: [("q", "string"), ("orderType", "string"), ("cohort", "string"), ("status", "string"), ("compliance", "string")],
                response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/people/{id}", summary: "Portal: a wearer's details, orders, map and timeline (audited)",
                tag: "portal", auth: .none, query: [("from", "string"), ("to", "string")], response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "get", path: "/static/portal.css", summary: "Portal stylesheet", tag: "portal", auth: .none,
                response: ["type": "string"], responseType: "text/css"),
            .init(
                method: "get", path: "/static/portal.js", summary: "Portal script", tag: "portal", auth: .none,
                response: ["type": "string"], responseType: "text/javascript"),
            .init(
                method: "get", path: "/static/leaflet/{path}", summary: "Leaflet, as installed by Debian's libjs-leaflet",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "application/octet-stream"),
            .init(
                method: "get", path: "/static/chart.js/{path}", summary: "Chart.js, as installed by Debian's libjs-chart.js",
                tag: "portal", auth: .none, response: ["type": "string"], responseType: "application/octet-stream"),
            .init(
                method: "post", path: "/api/v1/crime-batches",
                summary:
                    "Submit a crime batch (13-column CSV, no header); good rows kept, each bad row with a code and action; matching runs at once. "
                    + "A reference over 64 characters or free text over 4,000 is a row's TOO_LONG; over 10,000 rows is 413 BATCH_TOO_LARGE",
                tag: "crime", body: ["type": "string"], bodyType: "text/csv", status: 201, response: ref("CrimeBatch")),
            .init(
                method: "get", path: "/api/v1/crime-batches/{id}", summary: "A crime batch and its row errors", tag: "crime",
                response: ref("CrimeBatch")),
            .init(
                method: "get", path: "/api/v1/crime-batches/{id}/matches",
                summary: "Matches of each crime in the batch: FIX, PATH or POSSIBLE with passes (audited)", tag: "crime",
                response: ref("CrimeBatchMatches")),
            .init(
                method: "get", path: "/api/v1/crimes/{id}/evidence",
                summary: "Evidence pack for a crime and a matched wearer: printable HTML with an SVG map, or CSV / GeoJSON (audited)",
                tag: "crime", query: [("subjectId", "string"), ("format", "string")],
                response: ["type": "string"], responseType: "text/html"),
            .init(
                method: "post", path: "/api/v1/searches/area",
                summary: "Who was here then: a polygon or circle and a window, with purpose and reference (audited, force-scoped)",
                tag: "crime", body: ref("AreaSearch"), response: ref("AreaSearchResponse")),
            .init(
                method: "get", path: "/api/v1/stats/caseload", summary: "Active orders by order type and cohort, in your scope",
                tag: "stats", response: ref("CaseloadStatistics")),
            .init(
                method: "get", path: "/api/v1/stats/compliance",
                summary: "Compliance rate (monitored wearer-days without a confirmed violation), violations by type, weekly trend",
                tag: "stats", query: [("from", "string"), ("to", "string")], response: ref("ComplianceStatistics")),
            .init(
                method: "get", path: "/api/v1/stats/alcohol", summary: "Sober-day rate of alcohol-monitored wearers",
                tag: "stats", query: [("from", "string"), ("to", "string")], response: ref("AlcoholStatistics")),
            .init(
                method: "get", path: "/api/v1/stats/alerts", summary: "Alerts by status and severity, SLA met, escalations",
                tag: "stats", response: ref("AlertStatistics")),
            .init(
                method: "get", path: "/api/v1/violations", summary: "Violations in your scope, newest first (audited)",
                tag: "violations",
                query: [
                    ("subjectId", "string"), ("type", "string"), ("status", "string"),
                    ("from", "string"), ("to", "string"), ("limit", "integer"), ("cursor", "string"),
                ],
                response: page("Violation")),
            .init(
                method: "get", path: "/api/v1/violations/{id}", summary: "A violation with its evidence (audited)",
                tag: "violations", response: ref("Violation")),
            .init(
                method: "post", path: "/api/v1/violations/{id}/outcome",
                summary: "Record a violation's outcome; a later one replaces it, every one is kept (409 on a withdrawn violation)",
                tag: "violations", body: ref("ViolationOutcomeDraft"), response: ref("Violation")),
            .init(
                method: "post", path: "/api/v1/enforcement-cases",
                summary: "Open an enforcement case over one or more of a wearer's violations (409 if one is withdrawn or excused)",
                tag: "enforcement", body: ref("EnforcementCaseDraft"), status: 201, response: ref("EnforcementCase")),
            .init(
                method: "get", path: "/api/v1/enforcement-cases", summary: "Enforcement cases in your scope, newest opened first (audited)",
                tag: "enforcement",
                query: [
                    ("subjectId", "string"), ("status", "string"), ("overdue", "boolean"), ("limit", "integer"), ("cursor", "string"),
                ],
                response: page("EnforcementCase")),
            .init(
                method: "get", path: "/api/v1/enforcement-cases/{id}", summary: "An enforcement case with its steps and next deadline (audited)",
                tag: "enforcement", response: ref("EnforcementCase")),
            .init(
                method: "post", path: "/api/v1/enforcement-cases/{id}/steps",
                summary: "Record a dated step; 409 when out of order (a hearing before a summons or recall, anything after CLOSED)",
                tag: "enforcement", body: ref("EnforcementStepDraft"), response: ref("EnforcementCase")),
        ]
    }

    static let osmAndQuery: [(String, String)] = [
        ("id", "string"), ("deviceid", "string"), ("lat", "number"), ("lon", "number"), ("location", "string"),
        ("timestamp", "string"), ("accuracy", "number"), ("hacc", "number"), ("hdop", "number"), ("speed", "number"),
        ("bearing", "number"), ("heading", "number"), ("altitude", "number"), ("batt", "number"), ("charge", "boolean"),
        ("cell", "string"), ("wifi", "string"),
    ]

    static let json: String = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(document()), as: UTF8.self)
    }()

    static func document() -> JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for op in operations {
            var item: [(String, JSONValue)] = [
                ("summary", .string(op.summary)),
                (
                    "operationId",
                    .string(
                        op.method
                            + op.path.replacingOccurrences(of: "/", with: "_")
                            .replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
                            .replacingOccurrences(of: ".", with: "_").replacingOccurrences(of: "-", with: "_"))
                ),
                ("tags", [.string(op.tag)]),
            ]
            var params: [JSONValue] = []
            for segment in op.path.split(separator: "/") where segment.hasPrefix("{") {
                let name = String(segment.dropFirst().dropLast())
                params.append(["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"]])
            }
            for (name, type) in op.query {
                params.append(["name": .string(name), "in": "query", "required": false, "schema": ["type": .string(type)]])
            }
            if !params.isEmpty { item.append(("parameters", .array(params))) }
            if let body = op.body {
                item.append(("requestBody", ["required": true, "content": .object([(op.bodyType, ["schema": body] as JSONValue)])]))
            }
            var responses: [(String, JSONValue)] = []
            if let r = op.response {
                responses.append(
                    (
                        String(op.status),
                        [
                            "description": "Success",
                            "content": .object(
                                [(op.responseType, ["schema": r] as JSONValue)] + op.otherResponseTypes.map { ($0.0, ["schema": $0.1] as JSONValue) }
                            ),
                        ]
                    ))
            } else {
                responses.append((String(op.status), ["description": "Success"]))
            }
            // A portal page refuses a role it is not for with an HTML page saying so (PortalRenderer.refused); its other
            // client errors come from the error middleware as the JSON error body, as on the API.
            var clientError: [(String, JSONValue)] = [("application/json", ["schema": ref("Error")])]
            if op.responseType == "text/html" { clientError.append(("text/html", ["schema": ["type": "string"]])) }
            responses.append(
                (
                    "4XX",
                    [
                        "description": op.responseType == "text/html"
                            ? "A client error: a page saying why the page is not available, or the error body with its code"
                            : "A client error, with a code naming the problem",
                        "content": .object(clientError),
                    ]
                ))
            item.append(("responses", .object(responses)))
            switch op.auth {
            case .none: item.append(("security", []))
            case .user: break
            case .device: item.append(("security", [["deviceKey": []]]))
            }
            if let i = paths.firstIndex(where: { $0.0 == op.path }) {
                paths[i].1.append((op.method, .object(item)))
            } else {
                paths.append((op.path, [(op.method, .object(item))]))
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "OpenEM API", "version": .string(OpenEMVersion.current),
                "description": "Open electronic monitoring: orders, devices, telemetry, violations, alerts, crime matching.",
            ],
            "servers": [["url": "/"]],
            "security": [["bearer": []]],
            "paths": .object(paths.map { ($0.0, .object($0.1)) }),
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "deviceKey": ["type": "http", "scheme": "bearer"],
                ],
                "schemas": .object(OpenAPISchemas.all),
            ],
        ]
    }
}

/// Public access to the document for tests and tools (`openem openapi`).
public enum OpenAPIDescription {
    public static var json: String { OpenAPIDocument.json }
}
