import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/stats/outcomes`, `/stats/courts` and `/stats/benefits`: what the MoJ's EM programmes measure, scoped like
/// the other statistics. Aggregates only; the figures are computed in `ProgrammeMeasures`.
struct ProgrammeStatsController {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let dailyCosts: ProgrammeMeasures.DailyCosts

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("stats/outcomes", use: outcomes)
        group.get("stats/courts", use: courts)
        group.get("stats/benefits", use: benefits)
    }

    struct Outcomes: Codable, Sendable {
        var from: Date
        var to: Date
        var rows: [ProgrammeMeasures.OutcomeRow]
    }

    struct Courts: Codable, Sendable {
        var from: String
        var to: String
        var rows: [ProgrammeMeasures.CourtMonth]
    }

    func scope(_ user: User) async throws -> (Set<EntityID>?, (EntityID) -> Bool) {
        let scope = try await Access(user).statisticsSubjectIds(in: store)
        return (scope, { id in scope.map { $0.contains(id) } ?? true })
    }

    func window(_ request: Request) throws -> (Date, Date) {
        try StatsController(store: store, clock: clock, enforcementDeadlines: []).window(request)
    }

    @Sendable func outcomes(request: Request, context: AppRequestContext) async throws -> StatsResponse<Outcomes> {
        let user = try context.requireUser()
        try request.rejectUnknownQueryParameters(allowed: ["from", "to"])
        let (from, to) = try window(request)
        let access = Access(user)
        let (scope, inScope) = try await scope(user)
        let alerts = try await store.alerts(AlertQuery(limit: 10_000_000)).filter { a in
            a.raisedAt >= from && a.raisedAt <= to && (access.seesAlerts ? access.canSee(a) : inScope(a.subjectId))
        }
        let orders = try await store.allOrders().filter { inScope($0.subjectId) }
        let ids = Set(alerts.map(\.violationId))
        var violations: [Violation] = []
        if scope?.isEmpty != true, !ids.isEmpty {
            for id in ids { if let v = try await store.violation(id: id) { violations.append(v) } }
            violations = try await store.withOutcomes(violations)
        }
        return StatsResponse(
            Outcomes(
                from: from, to: to,
                rows: ProgrammeMeasures.outcomes(alerts: alerts, orders: orders, violations: violations, from: from, to: to)))
    }

    @Sendable func courts(request: Request, context: AppRequestContext) async throws -> StatsResponse<Courts> {
        let user = try context.requireUser()
        try request.rejectUnknownQueryParameters(allowed: ["from", "to"])
        let thisMonth = String(LocalDay(containing: clock(), in: TimeZone(identifier: "Europe/London")!).description.prefix(7))
        let to = try MonthlyStatsController.month(request, "to") ?? thisMonth
        let last = MonthlyStatistics.firstDay(of: to)!
        let from = try MonthlyStatsController.month(request, "from") ?? String(last.adding(months: -11).description.prefix(7))
        let first = MonthlyStatistics.firstDay(of: from)!
        guard first <= last else { throw APIError.badRequest("END_BEFORE_START", "to must not be before from") }
        guard first.adding(months: MonthlyStatsController.maxMonths) > last else {
            throw APIError.badRequest("WINDOW_TOO_LONG", "at most \(MonthlyStatsController.maxMonths) months (5 years)")
        }
        let (_, inScope) = try await scope(user)
        let orders = try await store.allOrders().filter { inScope($0.subjectId) }
        return StatsResponse(Courts(from: from, to: to, rows: ProgrammeMeasures.courts(orders: orders, from: from, to: to)))
    }

    @Sendable func benefits(request: Request, context: AppRequestContext) async throws -> StatsResponse<ProgrammeMeasures.Benefits> {
        let user = try context.requireUser()
        try request.rejectUnknownQueryParameters(allowed: ["from", "to"])
        let (from, to) = try window(request)
        let (_, inScope) = try await scope(user)
        let orders = try await store.allOrders().filter { inScope($0.subjectId) }
        return StatsResponse(ProgrammeMeasures.benefits(orders: orders, from: from, to: to, costs: dailyCosts))
    }
}
