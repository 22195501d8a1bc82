import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/stats/monthly` and `/api/v1/stats/forecast`: the monthly series of a statistics publication and the
/// caseload projected from it. Scoped like the other statistics; aggregates only.
struct MonthlyStatsController {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("stats/monthly", use: monthly)
        group.get("stats/forecast", use: forecast)
    }

    static let maxMonths = 60

    struct Series: Codable, Sendable {
        var from: String
        var to: String
        var months: [MonthlyStatistics.Month]
    }

    struct Forecast: Codable, Sendable {
        var method: String
        /// The months of history the forecast was fitted to (month-end caseload).
        var history: [MonthlyStatistics.Month]
        var months: [CaseloadForecast.Month]
    }

    static func month(_ request: Request, _ name: String) throws -> String? {
        guard let text = request.query(name) else { return nil }
        guard text.count == 7, MonthlyStatistics.firstDay(of: text) != nil else {
            throw APIError.badRequest("INVALID_MONTH", "\(name) must be a month yyyy-MM")
        }
        return text
    }

    /// The reader's months, `from` to `to`: by default the twelve months up to this one.
    func series(_ user: User, from: String?, to: String?) async throws -> Series {
        let now = clock()
        let thisMonth = String(LocalDay(containing: now, in: TimeZone(identifier: "Europe/London")!).description.prefix(7))
        let to = to ?? thisMonth
        let last = MonthlyStatistics.firstDay(of: to)!
        let from = from ?? String(last.adding(months: -11).description.prefix(7))
        let first = MonthlyStatistics.firstDay(of: from)!
        guard first <= last else { throw APIError.badRequest("END_BEFORE_START", "to must not be before from") }
        guard first.adding(months: Self.maxMonths) > last else {
            throw APIError.badRequest("WINDOW_TOO_LONG", "at most \(Self.maxMonths) months (5 years)")
        }
        let access = Access(user)
        let scope = try await access.statisticsSubjectIds(in: store)
        let inScope = { (id: EntityID) in scope.map { $0.contains(id) } ?? true }
        let orders = try await store.allOrders().filter { inScope($0.subjectId) }
        let installations = try await store.allInstallations().filter { inScope($0.subjectId) }
        let window = (first.instant(atMinute: 0, in: TimeZone(identifier: "Europe/London")!), now)
        let violations: [Violation] =
            scope?.isEmpty == true
            ? []
            : try await store.violations(
                ViolationQuery(subjectIds: scope.map(Array.init), from: window.0, to: window.1.addingTimeInterval(1), limit: 10_000_000))
        let alerts = try await store.alerts(AlertQuery(limit: 10_000_000)).filter { a in
            a.raisedAt >= window.0 && (access.seesAlerts ? access.canSee(a) : inScope(a.subjectId))
        }
        return Series(
            from: from, to: to,
            months: MonthlyStatistics.months(
                from: from, to: to, orders: orders, installations: installations, violations: violations, alerts: alerts, now: now))
    }

    @Sendable func monthly(request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireUser()
        try request.rejectUnknownQueryParameters(allowed: ["from", "to", "format"])
        let format = request.query("format") ?? "json"
        guard format == "json" || format == "csv" else {
            throw APIError.badRequest("INVALID_FORMAT", "format must be json or csv, not '\(format)'")
        }
        let s = try await series(user, from: try Self.month(request, "from"), to: try Self.month(request, "to"))
        guard format == "csv" else { return try APIJSON.response(s) }
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"openem-monthly-\(s.from)-to-\(s.to).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.csv(s.months))))
    }

    /// A row per month: the publication's figures, then the caseload by each order type and each cohort.
    static func csv(_ months: [MonthlyStatistics.Month]) -> String {
        let types = OrderType.allCases.map(\.rawValue), cohorts = Cohort.allCases.map(\.rawValue)
        var out = CSVText.record(
            ["month", "caseload", "starts", "ends", "complianceRate", "alerts", "medianHoursToFit"]
                + types.map { "caseload_\($0)" } + cohorts.map { "caseload_\($0)" })
        for m in months {
            out += CSVText.record(
                [
                    m.month, String(m.caseload.total), String(m.starts), String(m.ends), String(format: "%.4f", m.complianceRate),
                    String(m.alerts), m.medianHoursToFit.map { String(format: "%.1f", $0) } ?? "",
                ] + types.map { String(m.caseload.byOrderType[$0] ?? 0) } + cohorts.map { String(m.caseload.byCohort[$0] ?? 0) })
        }
        return out
    }

    /// `?months=` ahead (1 to 36, default 12), fitted to up to five years of month-end caseload ending last month
    /// (a month still running has not reached its end).
    @Sendable func forecast(request: Request, context: AppRequestContext) async throws -> Forecast {
        let user = try context.requireUser()
        try request.rejectUnknownQueryParameters(allowed: ["months"])
        let ahead =
            try request.query("months").map { text -> Int in
                guard let n = Int(text), (1...36).contains(n) else { throw APIError.badRequest("INVALID_MONTHS", "months must be 1 to 36") }
                return n
            } ?? 12
        let now = clock()
        let thisMonth = LocalDay(containing: now, in: TimeZone(identifier: "Europe/London")!)
        let lastFull = String(thisMonth.adding(months: -1).description.prefix(7))
        let orders = try await store.allOrders()
        // From the first month anything started (at most five years back), so a young service is not padded with zeros.
        let earliest = orders.compactMap { LocalDay(isoDate: $0.startDate) }.min().map { String($0.description.prefix(7)) } ?? lastFull
        let floor = String(thisMonth.adding(months: -Self.maxMonths + 1).description.prefix(7))
        let from = min(max(earliest, floor), lastFull)
        let history = try await series(user, from: from, to: lastFull).months
        return Forecast(
            method: CaseloadForecast.method, history: history,
            months: CaseloadForecast.forecast(history.map { Double($0.caseload.total) }, lastMonth: lastFull, months: ahead))
    }
}

extension MonthlyStatsController.Forecast: ResponseCodable {}
