import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// Every route the server has, called by every role, against one table of who may: the table below is the whole
/// permission model as a user meets it. A route the table does not list fails the test, so a new route cannot be
/// added without deciding who may use it.
@Suite struct AccessTableTests {
    enum Who: String, CaseIterable, Sendable {
        case anonymous, admin, orderManager, monitoringOfficer, probation, police, crimeAnalyst, analyst
    }

    /// What a caller gets: the resource (any 2xx, or a 4xx about the request itself), a refusal (401, 403, or the
    /// portal sending them to sign in), or the portal moving them to another page they may use.
    enum Outcome: String, Sendable { case allowed, refused, moved }

    struct Rule: Sendable {
        var allowed: Set<Who>
        var moved: Set<Who> = []
        func outcome(_ who: Who) -> Outcome { allowed.contains(who) ? .allowed : moved.contains(who) ? .moved : .refused }
    }

    static let signedIn = Set(Who.allCases).subtracting([.anonymous])
    static let everyone = Set(Who.allCases)
    static let nobody: Set<Who> = []
    /// Roles that see wearers' personal data (the analyst sees aggregates only).
    static let personal: Set<Who> = [.admin, .orderManager, .monitoringOfficer, .probation, .police, .crimeAnalyst]
    static let alertRoles: Set<Who> = [.monitoringOfficer, .probation, .police]
    static let crimeRoles: Set<Who> = [.admin, .police, .crimeAnalyst]
    static let orderRoles: Set<Who> = [.admin, .orderManager]
    static let deviceRoles: Set<Who> = [.admin, .orderManager, .monitoringOfficer]

    static func rule(_ allowed: Set<Who>, moved: Set<Who> = []) -> Rule { Rule(allowed: allowed, moved: moved) }

    /// The table: "METHOD path" as the router registers it -> who may.
    static let table: [String: Rule] = [
        // Operations, sign-in, static files and devices' own endpoints: no user needed.
        "GET /health": rule(everyone), "GET /metrics": rule(everyone), "GET /openapi.json": rule(everyone),
        "GET /login": rule(everyone),
        // The portal's forms post with the CSRF token of the page they came from; a post without it is refused.
        "POST /login": rule(nobody), "POST /logout": rule(nobody),
        "GET /static/portal.css": rule(everyone), "GET /static/portal.js": rule(everyone),
        "GET /static/leaflet/**": rule(everyone), "GET /static/chart.js/**": rule(everyone),
        "GET /osmand": rule(everyone), "POST /osmand": rule(everyone),
        "POST /api/v1/auth/token": rule(everyone),
        // Tags post with their device key, never a user's token.
        "POST /api/v1/telemetry": rule(nobody),
        "POST /api/v1/auth/revoke": rule(signedIn), "GET /api/v1/users/me": rule(signedIn),
        "GET /api/v1/auth/locks": rule([.admin]),
        "POST /api/v1/users": rule([.admin]), "GET /api/v1/users": rule([.admin]),
        "GET /api/v1/audit": rule([.admin]), "GET /api/v1/audit/verify": rule([.admin]),
        // Wearers and orders.
        "POST /api/v1/subjects": rule(orderRoles),
        "GET /api/v1/subjects": rule(personal),
        "GET /api/v1/subjects/{id}": rule(personal),
        "POST /api/v1/subjects/{id}/address-checks": rule([.admin, .orderManager, .monitoringOfficer, .probation]),
        "GET /api/v1/subjects/{id}/address-checks": rule(personal),
        "GET /api/v1/subjects/{id}/trail": rule(personal),
        "POST /api/v1/subjects/{id}/access-request": rule([.admin]),
        "POST /api/v1/orders": rule(orderRoles),
        "GET /api/v1/orders": rule(personal),
        "GET /api/v1/orders/{id}": rule(personal),
        "GET /api/v1/orders/{id}/versions": rule(personal),
        "POST /api/v1/orders/{id}/variations": rule(orderRoles),
        "POST /api/v1/orders/{id}/end": rule(orderRoles),
        "POST /api/v1/orders/{id}/reviews": rule([.admin, .orderManager, .probation]),
        "GET /api/v1/reviews/due": rule(personal),
        // Devices and installations.
        "POST /api/v1/devices": rule(deviceRoles), "GET /api/v1/devices": rule(deviceRoles),
        "GET /api/v1/devices/{id}": rule(deviceRoles), "GET /api/v1/devices/{id}/installations": rule(deviceRoles),
        "POST /api/v1/orders/{id}/installations": rule(deviceRoles),
        // Which tag a wearer has on is part of the order, for everyone who may read the order.
        "GET /api/v1/orders/{id}/installations": rule(personal),
        "GET /api/v1/installations/{id}": rule(deviceRoles),
        "POST /api/v1/installations/{id}/removal": rule(deviceRoles),
        // Violations and alerts.
        "GET /api/v1/violations": rule(personal), "GET /api/v1/violations/{id}": rule(personal),
        // Outcomes and enforcement: the people who supervise the order (national administrators run the system).
        "POST /api/v1/violations/{id}/outcome": rule([.orderManager, .monitoringOfficer, .probation]),
        "POST /api/v1/enforcement-cases": rule([.orderManager, .probation]),
        "POST /api/v1/enforcement-cases/{id}/steps": rule([.orderManager, .probation]),
        "GET /api/v1/enforcement-cases": rule(personal), "GET /api/v1/enforcement-cases/{id}": rule(personal),
        "GET /api/v1/alerts": rule(alertRoles), "GET /api/v1/alerts/{id}": rule(alertRoles),
        "GET /api/v1/alerts/stream": rule(alertRoles),
        "POST /api/v1/alerts/{id}/acknowledge": rule(alertRoles),
        "POST /api/v1/alerts/{id}/decision": rule(alertRoles),
        "POST /api/v1/alerts/{id}/close": rule(alertRoles),
        "POST /api/v1/webhooks": rule([.admin, .monitoringOfficer, .police]),
        "GET /api/v1/webhooks": rule([.admin, .monitoringOfficer, .police]),
        // Crime matching and area search.
        "POST /api/v1/crime-batches": rule(crimeRoles),
        "GET /api/v1/crime-batches/{id}": rule(crimeRoles),
        "GET /api/v1/crime-batches/{id}/matches": rule(crimeRoles),
        "GET /api/v1/crimes/{id}/evidence": rule(crimeRoles),
        "POST /api/v1/searches/area": rule([.admin, .monitoringOfficer, .police, .crimeAnalyst]),
        // Statistics: aggregates, for everyone with a scope and the MI analyst.
        "GET /api/v1/stats/caseload": rule(signedIn), "GET /api/v1/stats/compliance": rule(signedIn),
        "GET /api/v1/stats/alcohol": rule(signedIn), "GET /api/v1/stats/alerts": rule(signedIn),
        "GET /api/v1/stats/devices": rule(signedIn),
        "GET /api/v1/stats/monthly": rule(signedIn), "GET /api/v1/stats/forecast": rule(signedIn),
        "GET /api/v1/stats/service": rule(signedIn),
        "GET /api/v1/stats/outcomes": rule(signedIn), "GET /api/v1/stats/courts": rule(signedIn),
        "GET /api/v1/stats/benefits": rule(signedIn),
        // Data quality: administrators and MI analysts.
        "GET /api/v1/data-quality": rule([.admin, .analyst]), "GET /api/v1/data-quality/history": rule([.admin, .analyst]),
        // Extracts: administrators make projects (and see their keys once); MI analysts make and download extracts.
        "POST /api/v1/extract-projects": rule([.admin]), "GET /api/v1/extract-projects": rule([.admin, .analyst]),
        "POST /api/v1/extracts": rule([.analyst]), "GET /api/v1/extracts/{id}": rule([.analyst]),
        "GET /api/v1/extracts/{id}/data.csv": rule([.analyst]),
        // Retention: the schedule is administrators'; legal holds are placed by administrators and by police and crime
        // analysts on their own force's wearers and crimes.
        "GET /api/v1/retention": rule([.admin]), "PUT /api/v1/retention": rule([.admin]),
        "POST /api/v1/legal-holds": rule(crimeRoles), "GET /api/v1/legal-holds": rule(crimeRoles),
        "POST /api/v1/legal-holds/{id}/release": rule(crimeRoles),
        // The data dictionary: what each field means, who may see it, how long it is kept; for everyone signed in.
        "GET /api/v1/data-dictionary": rule(signedIn),
        // The portal: a page each role may use, or a move to one it may.
        "GET /": rule(nobody, moved: signedIn),
        "GET /alerts": rule(alertRoles, moved: signedIn.subtracting(alertRoles)),
        "GET /caseload": rule(personal),
        "GET /people/{id}": rule(personal),
        "GET /orders/new": rule(orderRoles), "GET /orders/{id}/vary": rule(orderRoles),
        "GET /crime": rule(crimeRoles),
        "GET /search": rule([.admin, .monitoringOfficer, .police, .crimeAnalyst]),
        "GET /dashboards": rule(signedIn),
        "GET /data-quality": rule([.admin, .analyst]),
        "GET /data-dictionary": rule(signedIn),
        "GET /admin": rule([.admin]),
    ]

    /// The ids a route's parameters are filled with: one wearer with an order, a fitted tag, a zone-entry alert and
    /// a matched crime, all in the Metropolitan Police area and the London probation region.
    struct Fixture {
        var subject: String, order: String, device: String, installation: String, alert: String, violation: String
        var crime: String, batch: String, enforcementCase: String

        /// A body for the routes whose refusal needs more than an empty object to show (a device's upload).
        func body(_ template: String) -> [String: Any] {
            template == "/api/v1/telemetry" ? ["deviceId": device, "messages": [[String: Any]]()] : [:]
        }

        func path(_ template: String) -> String {
            var parts: [String] = []
            let segments = template.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            for (i, s) in segments.enumerated() {
                guard s.hasPrefix("{") || s == "**" else {
                    parts.append(s)
                    continue
                }
                if s == "**" {
                    parts.append(template.contains("leaflet") ? "leaflet.js" : "chart.umd.js")
                    continue
                }
                switch segments[i - 1] {
                case "subjects", "people": parts.append(subject)
                case "orders": parts.append(order)
                case "devices": parts.append(device)
                case "installations": parts.append(installation)
                case "alerts": parts.append(alert)
                case "violations": parts.append(violation)
                case "crimes": parts.append(crime)
                case "crime-batches": parts.append(batch)
                case "enforcement-cases": parts.append(enforcementCase)
                default: parts.append("unknown")
                }
            }
            var path = parts.joined(separator: "/")
            if template.hasSuffix("/evidence") { path += "?subjectId=\(subject)" }
            if template.hasSuffix("/alerts/stream") { path += "?limit=1&lastEventId=0" }
            if template == "/api/v1/orders" || template == "/orders/new" { path += "?subjectId=\(subject)" }
            return path
        }
    }

    static func outcome(_ r: Reply) -> Outcome {
        if r.status == .unauthorized || r.status == .forbidden { return .refused }
        if (300..<400).contains(r.status.code) {
            return (r.headers[.location] ?? "").hasPrefix("/login") ? .refused : .moved
        }
        return .allowed
    }

    @Test func everyRouteAnswersEveryRoleAsTheTableSays() async throws {
        let h = try await Harness()
        let routes = h.router.routes.map { "\($0.method) \($0.path)" }
        #expect(Set(routes).subtracting(Self.table.keys).sorted() == [], "routes the table does not list")
        #expect(Set(Self.table.keys).subtracting(routes).sorted() == [], "table rows for routes that do not exist")

        try await h.run { c in
            let w = try await c.zoneEntry(forceArea: "MPS", region: "London")
            var tokens: [Who: String] = [.admin: try await c.adminToken()]
            tokens[.orderManager] = try await c.user("om", ["order_manager"])
            tokens[.monitoringOfficer] = try await c.user("mo", ["monitoring_officer"])
            tokens[.probation] = try await c.user("pr", ["probation"], region: "London")
            tokens[.police] = try await c.user("po", ["police"], forceArea: "MPS")
            tokens[.crimeAnalyst] = try await c.user("ca", ["crime_analyst"], forceArea: "MPS")
            tokens[.analyst] = try await c.user("an", ["analyst"])

            let alert = try #require(try await c.alerts(tokens[.monitoringOfficer]!).first?["id"].string)
            let violation = try #require(try await c.violations(w).first?["id"].string)
            let installations = try await c.call(.get, "/api/v1/orders/\(w.orderId)/installations", token: w.admin)
            let installation = try #require(installations.json["items"][0]["id"].string)
            let csv = "Metropolitan,RB,Robbery,MPS20261120,01/1/26,20261120114500,20261120120000,,,51.51250,-0.12500,WGS84,Phone\n"
            let batch = try await c.call(
                .post, "/api/v1/crime-batches", token: tokens[.crimeAnalyst], body: csv,
                contentType: "text/csv")
            #expect(batch.status == .created, "\(batch.text)")
            let opened = try await c.call(
                .post, "/api/v1/enforcement-cases", token: tokens[.orderManager],
                json: ["subjectId": w.subjectId, "violationIds": [violation]])
            #expect(opened.status == .created, "\(opened.text)")
            let fixture = Fixture(
                subject: w.subjectId, order: w.orderId, device: w.deviceId, installation: installation,
                alert: alert, violation: violation, crime: try #require(batch.json["crimeIds"][0].string),
                batch: try #require(batch.json["id"].string), enforcementCase: try #require(opened.json["id"].string))

            var wrong: [String] = []
            // Revoking a token is last: every other call still needs the callers' tokens.
            for route in routes.sorted(by: { ($0.hasSuffix("/auth/revoke") ? 1 : 0, $0) < ($1.hasSuffix("/auth/revoke") ? 1 : 0, $1) }) {
                guard let rule = Self.table[route] else { continue }
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let method = HTTPRequest.Method(parts[0])!
                let path = fixture.path(parts[1])
                for who in Who.allCases {
                    // An empty JSON body (mostly): a permitted caller is told what the request lacks (4xx), a refused one is
                    // refused before the body is read, and no fixture is changed on the way.
                    let r = try await c.call(method, path, token: tokens[who], json: method == .get ? nil : fixture.body(parts[1]))
                    #expect(r.status.code < 500, "\(route) as \(who): \(r.status.code) \(r.text.prefix(200))")
                    let got = Self.outcome(r)
                    if got != rule.outcome(who) {
                        wrong.append("\(route) as \(who): expected \(rule.outcome(who)), got \(got) (\(r.status.code))")
                    }
                }
            }
            #expect(wrong == [], "\(wrong.joined(separator: "\n"))")
        }
    }
}
