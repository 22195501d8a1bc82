import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/stats/service`: service performance over a window (default the last 28 days), scoped like the other
/// statistics. Aggregates only; the figures are computed in `ServicePerformance`.
struct ServiceStatsController {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("stats/service", use: service)
    }

    @Sendable func service(request: Request, context: AppRequestContext) async throws -> StatsResponse<ServicePerformance.Report> {
        let user = try context.requireUser()
        try request.rejectUnknownQueryParameters(allowed: ["from", "to"])
        // The window includes `to` (by default now): the stores' reads are half-open, so they are asked a millisecond past it.
        let (from, to) = try StatsController(store: store, clock: clock, enforcementDeadlines: []).window(request)
        let access = Access(user)
        let scope = try await access.statisticsSubjectIds(in: store)
        let inScope = { (id: EntityID) in scope.map { $0.contains(id) } ?? true }
        let orders = try await store.allOrders().filter { inScope($0.subjectId) }
        let installations = try await store.allInstallations().filter { inScope($0.subjectId) }
        let alerts = try await store.alerts(AlertQuery(limit: 10_000_000)).filter { a in
            access.seesAlerts ? access.canSee(a) : inScope(a.subjectId)
        }
        let violations: [Violation] =
            scope?.isEmpty == true
            ? []
            : try await store.violations(
                ViolationQuery(subjectIds: scope.map(Array.init), from: from, to: to.addingTimeInterval(1), limit: 10_000_000))
        let delays = try await store.telemetryDelaySample(
            from: from, to: to.addingTimeInterval(0.001), deviceIds: scope.map { _ in Set(installations.map(\.deviceId)) })
        var trailReads: [AuditRecord] = []
        var after: Int64 = 0
        while true {
            let page = try await store.auditEntries(from: from, to: to.addingTimeInterval(0.001), actorId: nil, afterSeq: after, limit: 1_000)
            trailReads += page.map(\.record).filter { r in r.resourceType == "trail" && r.resourceId.map(inScope) ?? false }
            guard page.count == 1_000, let last = page.last else { break }
            after = last.seq
        }
        return StatsResponse(
            ServicePerformance.Report(
                from: from, to: to,
                fitting: ServicePerformance.fitting(orders: orders, installations: installations, from: from, to: to),
                alertSla: ServicePerformance.alertSla(alerts, from: from, to: to),
                deviceFaults: ServicePerformance.deviceFaults(violations: violations, installations: installations, from: from, to: to),
                telemetryDelay: ServicePerformance.telemetryDelay(delays),
                trailRequests: ServicePerformance.trailRequests(trailReads, from: from, to: to)))
    }
}
