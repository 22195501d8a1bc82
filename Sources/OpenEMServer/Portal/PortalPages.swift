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
    let enforcementDeadlines: [EnforcementDeadline]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("/", use: home)
        group.get("alerts", use: alerts)
        group.get("caseload", use: caseload)
        group.get("people/:id", use: person)
        group.get("dashboards", use: dashboards)
        group.get("data-quality", use: dataQuality)
    }

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
        if access.seesCaseload { return Response(status: .seeOther, headers: [.location: "/caseload"]) }
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
        try access.scope(&query, requestedForceArea: nil)
        var list = try await store.alerts(query).filter(access.canSee)
        if status == nil { list = list.filter { $0.status != .closed } }
        list = Array(list.prefix(100))
        var names: [String: String] = [:]
        for id in Set(list.map(\.subjectId)) {
            if let s = try await store.subject(id: id) { names[id] = "\(s.lastName), \(s.firstName)" }
        }
        let times = PortalClock(now: clock())
        let rows = list.map { a in
            AlertsPage.Row(
                id: a.id, status: a.status.rawValue, severity: a.severity.rawValue, statusText: DisplayNames.of(a.status),
                severityText: DisplayNames.of(a.severity), decisionText: a.decision.map { DisplayNames.of($0) },
                escalated: a.escalated, raisedAt: times.instant(a.raisedAt), ackDueAt: times.instant(a.ackDueAt),
                violation: DisplayNames.of(a.violationType), late: a.late, subjectId: a.subjectId,
                subjectName: names[a.subjectId] ?? a.subjectId)
        }
        try await auditor.record(u, "list", "alert", detail: "portal results=\(rows.count)")
        let decisions = AlertDecision.allCases.filter(access.mayDecide).map(\.rawValue)
        return try renderer.page(
            AlertsPage(
                alerts: rows,
                statuses: AlertStatus.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0), selected: $0 == status) },
                severities: Severity.allCases.reversed().map { Choice(value: $0.rawValue, label: DisplayNames.of($0), selected: $0 == severity) },
                filterStatus: status?.rawValue ?? "", filterSeverity: severity?.rawValue ?? "",
                decisionsJSON: try PortalRenderer.scriptJSON(decisions)), user: u, csrf: Self.csrf(request))
    }

    // MARK: dashboards

    @Sendable func dashboards(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        let today = LocalDay(containing: clock(), in: TimeZone(identifier: "Europe/London")!)
        let extracts = Access(u).may(.makeExtracts) ? ExtractForm(today: today) : nil
        return try renderer.page(DashboardsPage(extracts: extracts), user: u, csrf: Self.csrf(request))
    }

    @Sendable func dataQuality(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        guard Access(u).may(.readDataQuality) else {
            return try renderer.refused(u, csrf: Self.csrf(request), why: Permission.readDataQuality.refusal)
        }
        return try renderer.page(DataQualityPage(), user: u, csrf: Self.csrf(request))
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
        for v in try await store.violations(ViolationQuery(subjectIds: ids, from: clock(), limit: 100_000))
        where v.end == nil && v.status != .withdrawn {
            openCount[v.subjectId, default: 0] += 1
        }
        // Each person's open enforcement cases, and whether one is past its next deadline.
        var enforcement: [EntityID: (open: Int, overdue: Bool)] = [:]
        let now = clock()
        for c in try await store.enforcementCases(subjectIds: ids, openOnly: true) {
            let overdue = EnforcementRules.nextDue(c, deadlines: enforcementDeadlines, zone: PortalClock.zone)?.isOverdue(at: now) ?? false
            let was = enforcement[c.subjectId] ?? (0, false)
            enforcement[c.subjectId] = (was.open + 1, was.overdue || overdue)
        }
        let rows = shown.map { s in
            CaseloadPage.Row(
                id: s.id, firstName: s.firstName, lastName: s.lastName, crn: s.identifiers.crn ?? "",
                forceArea: DisplayNames.forceArea(s.forceArea), probationRegion: s.probationRegion ?? "",
                order: activeOrder[s.id].map { "\(DisplayNames.of($0.orderType)) / \(DisplayNames.of($0.cohort))" } ?? "none active",
                openViolations: openCount[s.id] ?? 0,
                enforcement: enforcement[s.id].map { $0.overdue ? "Overdue" : "\($0.open) open" } ?? "",
                enforcementOverdue: enforcement[s.id]?.overdue ?? false)
        }
        try await auditor.record(u, "list", "subject", detail: "portal caseload results=\(rows.count)")
        return try renderer.page(
            CaseloadPage(
                subjects: rows, count: rows.count, more: found.count > shown.count, query: text ?? "",
                orderTypes: OrderType.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0), selected: $0 == query.orderType) },
                cohorts: Cohort.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0), selected: $0 == query.cohort) },
                statuses: [
                    Choice(value: "ACTIVE", label: "With an active order", selected: query.hasActiveOrder == true),
                    Choice(value: "NONE", label: "No active order", selected: query.hasActiveOrder == false),
                ],
                compliances: [
                    Choice(value: "OPEN_VIOLATIONS", label: "With open violations", selected: query.hasOpenViolation == true),
                    Choice(value: "NONE_OPEN", label: "No open violations", selected: query.hasOpenViolation == false),
                ]),
            user: u, csrf: Self.csrf(request))
    }

    // MARK: a person

    static func localInput(_ d: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = PortalClock.zone
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute], from: d)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    static func parseLocal(_ s: String?) -> Date? {
        guard let s else { return nil }
        if let d = ISOTime.parse(s) { return d }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.timeZone = PortalClock.zone
        f.dateFormat = "yyyy-MM-dd'T'HH:mm"
        return f.date(from: s)
    }

    static func describe(_ c: Condition, subject: Subject) -> String {
        switch c.rule {
        case .curfew(let cu):
            let rows = cu.timetable.map { "\($0.days.map { DisplayNames.of($0) }.joined(separator: " ")) \($0.from)-\($0.to)" }
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
        struct Zone: Encodable {
            var kind: String
            var radius: Double
            var geometry: GeoJSONGeometry
        }
        struct Marker: Encodable {
            var type: String
            var time: Date
            var lat: Double
            var lon: Double
            /// Absent when the device did not say.
            var accuracy: Double?
        }
        var home: [Double]?
        var zones: [Zone] = []
        var violations: [Marker] = []
    }

    @Sendable func person(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try user(request, context)
        let subject = try await Access(u).visibleSubject(try context.parameters.require("id"), in: store)
        let now = clock()
        let times = PortalClock(now: now)
        var to = Self.parseLocal(request.query("to")) ?? now
        var from = Self.parseLocal(request.query("from")) ?? to.addingTimeInterval(-24 * 3600)
        if from >= to { from = to.addingTimeInterval(-24 * 3600) }
        let limit = Access(u).maxTrailWindow
        if to.timeIntervalSince(from) > limit { from = to.addingTimeInterval(-limit) }
        if to > now.addingTimeInterval(3600) { to = now }
        let orders = try await store.orders(subjectId: subject.id)
        let violations = try await store.withOutcomes(try await store.violations(ViolationQuery(subjectIds: [subject.id], limit: 100)))
        let installations = try await store.installations(subjectId: subject.id)
        let alerts = try await store.alerts(AlertQuery(subjectId: subject.id, limit: 50)).filter(Access(u).canSee)
        try await auditor.record(u, "read", "subject", subject.id, detail: "portal person page")
        let cases = try await store.enforcementCases(subjectIds: [subject.id], openOnly: false)
        var extras = try await PersonPageExtras.load(
            subject: subject, orders: orders, installations: installations,
            alerts: alerts, violations: violations, to: to, now: now, store: store)
        extras.addEnforcement(cases, deadlines: enforcementDeadlines, now: now)

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
        let mayEdit = Access(u).may(.manageOrders)
        let orderRows = orders.map { o in
            PersonPage.OrderRow(
                id: o.id, mayVary: mayEdit && o.status == .active, orderType: DisplayNames.of(o.orderType),
                cohort: DisplayNames.of(o.cohort), version: o.version, status: DisplayNames.of(o.status),
                startDate: times.date(o.startDate), endDate: o.endDate.map { times.date($0) } ?? "open",
                nextReviewDate: o.nextReviewDate.map { times.date($0) },
                conditions: o.conditions.map { Self.describe($0, subject: subject) })
        }
        let place = home.map { [$0.line1, $0.town ?? "", $0.postcode ?? ""].filter { !$0.isEmpty }.joined(separator: ", ") }
        return try renderer.page(
            PersonPage(
                id: subject.id, firstName: subject.firstName, lastName: subject.lastName,
                dateOfBirth: subject.dateOfBirth.map { times.date($0) } ?? "", crn: subject.identifiers.crn ?? "",
                pnc: subject.identifiers.pnc ?? "", forceArea: DisplayNames.forceArea(subject.forceArea),
                probationRegion: subject.probationRegion ?? "",
                responsibleOfficer: subject.responsibleOfficer ?? "", address: place ?? "",
                orders: orderRows, mayCreateOrder: mayEdit, reviews: extras.reviews, timeline: extras.timeline, curfews: extras.curfews,
                alcohol: extras.alcohol != nil, alcoholJSON: try extras.alcohol.map { try PortalRenderer.scriptJSON($0) } ?? "",
                fromLocal: Self.localInput(from), toLocal: Self.localInput(to), fromISO: ISOTime.format(from), toISO: ISOTime.format(to),
                tileURL: tileURL ?? "", mapJSON: try PortalRenderer.scriptJSON(map)), user: u, csrf: Self.csrf(request))
    }
}
