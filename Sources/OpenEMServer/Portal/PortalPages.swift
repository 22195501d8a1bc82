import Foundation
import Geo
import Hummingbird
import OpenEMCore

/// The portal's pages. They read through the same store and `Access` rules as the API and audit the same way.
struct PortalPages {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    let renderer: PortalRenderer
    let tileURL: String?

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: home)
        group.get("alerts", use: alerts)
        group.get("caseload", use: caseload)
        group.get("people/:id", use: person)
        group.get("dashboards", use: dashboards)
    }

    static let london = TimeZone(identifier: "Europe/London")!

    func user(_ request: Request, _ context: AppRequestContext) throws -> User { try Self.signedIn(request, context) }

    /// The signed-in user, or a redirect to the sign-in page that comes back here.
    static func signedIn(_ request: Request, _ context: AppRequestContext) throws -> User {
        if let u = context.user { return u }
        let next = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        throw RedirectToLogin(next: next)
    }

    struct RedirectToLogin: Error, HTTPResponseError {
        var next: String
        var status: HTTPResponse.Status { .seeOther }
        func response(from request: Request, context: some RequestContext) throws -> Response {
            let n = next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/"
            return Response(status: .seeOther, headers: [.location: "/login?next=\(n)"])
        }
    }

    static func csrf(_ request: Request) -> String { PortalSession.csrf(request) ?? "" }

    @Sendable func home(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        let access = Access(u)
        if access.seesAlerts { return Response(status: .seeOther, headers: [.location: "/alerts"]) }
        if (try? access.subjectScope()) != nil { return Response(status: .seeOther, headers: [.location: "/caseload"]) }
        return Response(status: .seeOther, headers: [.location: "/dashboards"])
    }

    // MARK: alert queue

    @Sendable func alerts(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        let access = Access(u)
        guard access.seesAlerts else { return Response(status: .seeOther, headers: [.location: "/caseload"]) }
        var query = AlertQuery(limit: 300)
        let status = request.query("status").flatMap(AlertStatus.init(rawValue:))
        let severity = request.query("minSeverity").flatMap(Severity.init(rawValue:))
        query.status = status
        query.minSeverity = severity
        if u.has(.police) && !u.has(.monitoringOfficer) { query.forceArea = u.forceArea }
        var list = try await store.alerts(query).filter(access.canSee)
        if status == nil { list = list.filter { $0.status != .closed } }
        list = Array(list.prefix(100))
        var names: [String: String] = [:]
        for id in Set(list.map(\.subjectId)) {
            if let s = try await store.subject(id: id) { names[id] = "\(s.lastName), \(s.firstName)" }
        }
        let rows: [[String: Any]] = list.map { a in
            ["id": a.id, "status": a.status.rawValue, "severity": a.severity.rawValue, "escalated": a.escalated,
             "raisedAt": ISOTime.format(a.raisedAt), "ackDueAt": ISOTime.format(a.ackDueAt),
             "violationType": a.violationType.rawValue, "late": a.late, "subjectId": a.subjectId,
             "subjectName": names[a.subjectId] ?? a.subjectId, "decision": a.decision?.rawValue ?? false]
        }
        try await auditor.record(u, "list", "alert", detail: "portal results=\(rows.count)")
        let decisions = AlertDecision.allCases.filter(access.mayDecide).map { "\"\($0.rawValue)\"" }.joined(separator: ",")
        return renderer.page("alerts", title: "Alert queue", user: u, csrf: Self.csrf(request), data: [
            "alerts": rows,
            "statuses": AlertStatus.allCases.map { ["value": $0.rawValue, "selected": $0 == status] },
            "severities": Severity.allCases.reversed().map { ["value": $0.rawValue, "selected": $0 == severity] },
            "filterStatus": status?.rawValue ?? "", "filterSeverity": severity?.rawValue ?? "",
            "decisionsJSON": "[\(decisions)]",
        ])
    }

    // MARK: dashboards

    @Sendable func dashboards(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        return renderer.page("dashboards", title: "Dashboards", user: u, csrf: Self.csrf(request), data: ["charts": true])
    }

    // MARK: caseload

    @Sendable func caseload(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        let scope = try Access(u).subjectScope()
        let text = request.query("q").flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        var query = SubjectQuery(text: text, forceArea: scope.forceArea, probationRegion: scope.probationRegion, limit: 201)
        query.orderType = request.query("orderType").flatMap(OrderType.init(rawValue:))
        query.cohort = request.query("cohort").flatMap(Cohort.init(rawValue:))
        query.hasActiveOrder = request.query("status").flatMap { ["ACTIVE": true, "NONE": false][$0] }
        query.hasOpenViolation = request.query("compliance").flatMap { ["OPEN_VIOLATIONS": true, "NONE_OPEN": false][$0] }
        let found = try await store.subjects(query)
        let shown = Array(found.prefix(200))
        // Two queries for the whole page, not two per person.
        let ids = shown.map(\.id)
        var activeOrder: [EntityID: Order] = [:]
        for o in try await store.orders(subjectIds: ids) where o.status == .active { activeOrder[o.subjectId] = o }
        var openCount: [EntityID: Int] = [:]
        for v in try await store.violations(ViolationQuery(subjectIds: ids, from: clock(), limit: 100_000)) where v.end == nil && v.status != .withdrawn {
            openCount[v.subjectId, default: 0] += 1
        }
        var rows: [[String: Any]] = []
        for s in shown {
            let order = activeOrder[s.id], open = openCount[s.id] ?? 0
            rows.append(["id": s.id, "firstName": s.firstName, "lastName": s.lastName, "crn": s.identifiers.crn ?? "",
                         "forceArea": s.forceArea, "probationRegion": s.probationRegion ?? "",
                         "order": order.map { "\($0.orderType.rawValue) / \($0.cohort.rawValue)" } ?? "none active",
                         "openViolations": open])
        }
        try await auditor.record(u, "list", "subject", detail: "portal caseload results=\(rows.count)")
        return renderer.page("caseload", title: "Caseload", user: u, csrf: Self.csrf(request), data: [
            "subjects": rows, "count": rows.count, "more": found.count > shown.count, "query": text ?? "",
            "orderTypes": OrderType.allCases.map { ["value": $0.rawValue, "selected": $0 == query.orderType] },
            "cohorts": Cohort.allCases.map { ["value": $0.rawValue, "selected": $0 == query.cohort] },
            "statuses": [["value": "ACTIVE", "label": "With an active order", "selected": query.hasActiveOrder == true],
                         ["value": "NONE", "label": "No active order", "selected": query.hasActiveOrder == false]],
            "compliances": [["value": "OPEN_VIOLATIONS", "label": "With open violations", "selected": query.hasOpenViolation == true],
                            ["value": "NONE_OPEN", "label": "No open violations", "selected": query.hasOpenViolation == false]],
        ])
    }

    // MARK: a person

    static func localInput(_ d: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = london
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    static func parseLocal(_ s: String?) -> Date? {
        guard let s else { return nil }
        if let d = ISOTime.parse(s) { return d }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = london
        f.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return f.date(from: s)
    }

    static func describe(_ c: Condition, subject: Subject) -> String {
        switch c.rule {
        case .curfew(let cu):
            let rows = cu.timetable.map { "\($0.days.map(\.rawValue).joined(separator: " ")) \($0.from)-\($0.to)" }
            let place = subject.addresses.first { $0.id == cu.addressId }.map { $0.line1 } ?? "the curfew address"
            return "Curfew at \(place): \(rows.joined(separator: "; ")); within \(Int(cu.radiusMetres)) m, \(cu.graceMinutes) minutes' grace"
        case .zone(let z):
            return "\(z.kind == .exclusion ? "Exclusion" : "Inclusion") zone: \(z.name)\(z.radiusMetres.map { " (\(Int($0)) m radius)" } ?? "")"
        case .trail: return "Trail monitoring"
        case .alcohol(let a): return a.mode == .abstinence ? "Alcohol abstinence" : "Alcohol limit \(a.limitTac ?? 0) g/dL"
        case .attendance(let a): return "Attendance: \(a.appointments.count) appointments"
        case .nonAssociation: return "Non-association with another wearer"
        case .victimProximity(let v): return "Victim proximity: warning at \(Int(v.warnMetres)) m, breach at \(Int(v.breachMetres)) m"
        }
    }

    /// What the person page's map draws: home, zones and the curfew address, and where violations happened.
    struct PersonMap: Encodable {
        struct Zone: Encodable { var kind: String; var radius: Double; var geometry: GeoJSONGeometry }
        struct Marker: Encodable { var type: String; var time: Date; var lat: Double; var lon: Double; var accuracy: Double }
        var home: [Double]?
        var zones: [Zone] = []
        var violations: [Marker] = []
    }

    @Sendable func person(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        let subject = try await Access(u).visibleSubject(try context.parameters.require("id"), in: store)
        let now = clock()
        var to = Self.parseLocal(request.query("to")) ?? now
        var from = Self.parseLocal(request.query("from")) ?? to.addingTimeInterval(-24 * 3600)
        if from >= to { from = to.addingTimeInterval(-24 * 3600) }
        let limit = Access(u).maxTrailWindow
        if to.timeIntervalSince(from) > limit { from = to.addingTimeInterval(-limit) }
        if to > now.addingTimeInterval(3600) { to = now }
        let orders = try await store.orders(subjectId: subject.id)
        let violations = try await store.violations(ViolationQuery(subjectIds: [subject.id], limit: 100))
        let installations = try await store.installations(subjectId: subject.id)
        let alerts = try await store.alerts(AlertQuery(subjectId: subject.id, limit: 50)).filter(Access(u).canSee)
        try await auditor.record(u, "read", "subject", subject.id, detail: "portal person page")
        let extras = try await PersonPageExtras.load(subject: subject, orders: orders, installations: installations,
                                                     alerts: alerts, violations: violations, to: to, now: now, store: store)

        var map = PersonMap(home: subject.addresses.first.map { [$0.location.lat, $0.location.lon] })
        for o in orders where o.status == .active {
            for c in o.conditions {
                if case .zone(let z) = c.rule {
                    map.zones.append(.init(kind: z.kind.rawValue, radius: z.radiusMetres ?? 0, geometry: z.geometry))
                }
                if case .curfew(let cu) = c.rule, let home = subject.addresses.first(where: { $0.id == cu.addressId }) {
                    map.zones.append(.init(kind: "curfew", radius: cu.radiusMetres, geometry: .point(home.location)))
                }
            }
        }
        let home = subject.addresses.first
        // Where each violation in the window happened: its first evidence fix.
        map.violations = violations.compactMap { v in
            guard v.status != .withdrawn, let f = v.evidence.fixes.first, f.time >= from, f.time <= to else { return nil }
            return .init(type: v.type.rawValue, time: f.time, lat: f.lat, lon: f.lon, accuracy: f.accuracyMetres)
        }
        let mayEdit = PortalOrderPages.mayEditOrders(u)
        let orderRows: [[String: Any]] = orders.map { o in
            ["id": o.id, "mayVary": mayEdit && o.status == .active,
             "orderType": o.orderType.rawValue, "cohort": o.cohort.rawValue, "version": o.version, "status": o.status.rawValue,
             "startDate": o.startDate, "endDate": o.endDate ?? "open", "nextReviewDate": o.nextReviewDate ?? false,
             "conditions": o.conditions.map { ["text": Self.describe($0, subject: subject)] }]
        }
        return renderer.page("person", title: "\(subject.firstName) \(subject.lastName)", user: u, csrf: Self.csrf(request), data: [
            "id": subject.id, "firstName": subject.firstName, "lastName": subject.lastName,
            "dateOfBirth": subject.dateOfBirth ?? "", "crn": subject.identifiers.crn ?? "", "pnc": subject.identifiers.pnc ?? "",
            "forceArea": subject.forceArea, "probationRegion": subject.probationRegion ?? "",
            "responsibleOfficer": subject.responsibleOfficer ?? "",
            "address": home.map { [$0.line1, $0.town ?? "", $0.postcode ?? ""].filter { !$0.isEmpty }.joined(separator: ", ") } ?? "",
            "orders": orderRows, "mayCreateOrder": mayEdit, "timeline": extras.timeline, "reviews": extras.reviews, "curfews": extras.curfews,
            "alcoholJSON": extras.alcoholJSON ?? "", "alcohol": extras.alcoholJSON != nil, "charts": extras.alcoholJSON != nil,
            "fromLocal": Self.localInput(from), "toLocal": Self.localInput(to),
            "fromISO": ISOTime.format(from), "toISO": ISOTime.format(to), "tileURL": tileURL ?? "", "map": true,
            "mapJSON": try PortalRenderer.scriptJSON(map),
        ])
    }
}
