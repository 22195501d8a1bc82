import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/stats/*`: the dashboards' figures, computed from the store and scoped like everything else (police
/// their force area, probation their region, the MI analyst and national roles everyone). Aggregates only.
struct StatsController {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let enforcementDeadlines: [EnforcementDeadline]

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("stats/caseload", use: caseload)
        group.get("stats/compliance", use: compliance)
        group.get("stats/alcohol", use: alcohol)
        group.get("stats/alerts", use: alerts)
        group.get("stats/devices", use: devices)
    }

    @Sendable func devices(request: Request, context: AppRequestContext) async throws -> StatsResponse<DeviceHealth> {
        let user = try context.requireUser()
        let scope = try await Access(user).statisticsSubjectIds(in: store)
        let installed = try await store.activeInstallations().filter { i in scope.map { $0.contains(i.subjectId) } ?? true }
        var types: [EntityID: DeviceType] = [:]
        var after: String?
        repeat {
            let page = try await store.devices(limit: 1_000, afterId: after)
            for d in page { types[d.id] = d.type }
            after = page.count == 1_000 ? page.last?.id : nil
        } while after != nil
        var fitted: [EntityID: DeviceType] = [:]
        for i in installed { fitted[i.deviceId] = types[i.deviceId] }
        let now = clock()
        let recent = try await violations(scope: scope, from: now.addingTimeInterval(-DeviceHealth.tamperLookback), to: now.addingTimeInterval(1))
        return StatsResponse(DeviceHealth.of(fitted: fitted, recent: recent, now: now))
    }

    func window(_ request: Request) throws -> (Date, Date) {
        let to =
            try request.query("to").map { t -> Date in
                guard let d = ISOTime.parse(t) else { throw APIError.badRequest("INVALID_TIME", "to must be an ISO-8601 time") }
                return d
            } ?? clock()
        let from =
            try request.query("from").map { t -> Date in
                guard let d = ISOTime.parse(t) else { throw APIError.badRequest("INVALID_TIME", "from must be an ISO-8601 time") }
                return d
            } ?? to.addingTimeInterval(-28 * 86_400)
        guard from < to else { throw APIError.badRequest("END_BEFORE_START", "to must be after from") }
        guard to.timeIntervalSince(from) <= 400 * 86_400 else { throw APIError.badRequest("WINDOW_TOO_LONG", "at most 400 days") }
        return (from, to)
    }

    func orders(_ user: User) async throws -> (orders: [Order], scope: Set<EntityID>?) {
        let scope = try await Access(user).statisticsSubjectIds(in: store)
        let all = try await store.activeOrders()
        return (scope.map { s in all.filter { s.contains($0.subjectId) } } ?? all, scope)
    }

    func violations(scope: Set<EntityID>?, from: Date, to: Date) async throws -> [Violation] {
        if let scope, scope.isEmpty { return [] }
        let found = try await store.violations(ViolationQuery(subjectIds: scope.map(Array.init), from: from, to: to, limit: 1_000_000))
        // Outcomes decide what counts: a breach with an accepted reasonable excuse is not a non-compliant day.
        return try await store.withOutcomes(found)
    }

    @Sendable func caseload(request: Request, context: AppRequestContext) async throws -> StatsResponse<CaseloadStatistics.Caseload> {
        let user = try context.requireUser()
        return StatsResponse(CaseloadStatistics.caseload(try await orders(user).orders))
    }

    @Sendable func compliance(request: Request, context: AppRequestContext) async throws -> StatsResponse<CaseloadStatistics.Compliance> {
        let user = try context.requireUser()
        let (from, to) = try window(request)
        let (orders, scope) = try await orders(user)
        return StatsResponse(
            CaseloadStatistics.compliance(
                orders: orders, violations: try await violations(scope: scope, from: from, to: to),
                from: from, to: to))
    }

    @Sendable func alcohol(request: Request, context: AppRequestContext) async throws -> StatsResponse<CaseloadStatistics.Alcohol> {
        let user = try context.requireUser()
        let (from, to) = try window(request)
        let (orders, scope) = try await orders(user)
        return StatsResponse(
            CaseloadStatistics.alcohol(
                orders: orders, violations: try await violations(scope: scope, from: from, to: to),
                from: from, to: to))
    }

    @Sendable func alerts(request: Request, context: AppRequestContext) async throws -> StatsResponse<CaseloadStatistics.Alerts> {
        let user = try context.requireUser()
        let scope = try await Access(user).statisticsSubjectIds(in: store)
        let access = Access(user)
        let all = try await store.alerts(AlertQuery(limit: 1_000_000)).filter { a in
            if access.seesAlerts { return access.canSee(a) }
            return scope.map { $0.contains(a.subjectId) } ?? true
        }
        let now = clock()
        let cases: [EnforcementCase] =
            if let scope, scope.isEmpty { [] } else { try await store.enforcementCases(subjectIds: scope.map { $0.sorted() }, openOnly: true) }
        let overdue = cases.filter { c in
            EnforcementRules.nextDue(c, deadlines: enforcementDeadlines, zone: EnforcementCaseView.zone)?.isOverdue(at: now) ?? false
        }
        return StatsResponse(CaseloadStatistics.alerts(all, enforcementOverdue: overdue.count))
    }
}

struct StatsResponse<T: Codable & Sendable>: ResponseCodable, Sendable {
    let value: T
    init(_ value: T) { self.value = value }
    init(from decoder: any Decoder) throws { value = try T(from: decoder) }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
