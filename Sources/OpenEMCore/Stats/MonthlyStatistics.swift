import Foundation

/// The figures of a monthly statistics publication, month by month: the caseload at each month's end (orders in force
/// on its last day, as a publication's "on 31 March" counts them; today for the month still running) by order type
/// and cohort, orders started and ended, the compliance rate, alerts raised and the median time from an order's
/// start to its first tag. Pure: computed from orders, installations, violations and alerts already scoped to the
/// reader.
public enum MonthlyStatistics {
    public struct Month: Codable, Sendable, Hashable {
        /// "yyyy-MM".
        public var month: String
        public var caseload: Caseload
        public var starts: Int
        public var ends: Int
        /// Monitored wearer-days in the month without a confirmed breach, over all monitored wearer-days.
        public var complianceRate: Double
        public var alerts: Int
        /// Over the orders that started in the month and have been fitted; nil when none has.
        public var medianHoursToFit: Double?
    }

    public struct Caseload: Codable, Sendable, Hashable {
        public var total: Int
        public var byOrderType: [String: Int]
        public var byCohort: [String: Int]
    }

    static let zone = TimeZone(identifier: "Europe/London")!

    /// "yyyy-MM" of a calendar day.
    static func monthText(_ day: LocalDay) -> String { String(day.description.prefix(7)) }

    /// The first day of the month "yyyy-MM", or nil.
    public static func firstDay(of month: String) -> LocalDay? { LocalDay(isoDate: month + "-01") }

    /// The last day an order is monitored on, if it has ended or has an end date (nil: still open-ended).
    static func lastDay(_ o: Order) -> LocalDay? {
        let ended = o.endedAt.map { LocalDay(containing: $0.addingTimeInterval(-0.001), in: zone) }
        let planned = o.endDate.flatMap(LocalDay.init(isoDate:))
        switch (ended, planned) {
        case (let e?, let p?): return min(e, p)
        case (let e?, nil): return e
        case (nil, let p?): return p
        case (nil, nil): return nil
        }
    }

    /// Months `from` to `to` ("yyyy-MM", inclusive); a month still running is counted up to `now`.
    public static func months(
        from: String, to: String, orders: [Order], installations: [Installation], violations: [Violation], alerts: [Alert],
        now: Date
    ) -> [Month] {
        guard var first = firstDay(of: from), let last = firstDay(of: to) else { return [] }
        let today = LocalDay(containing: now, in: zone)
        let firstFitting = Installation.firstFitted(installations)
        var out: [Month] = []
        while first <= last {
            let next = first.adding(months: 1)
            let monthEnd = min(next.adding(days: -1), today)
            let startInstant = first.instant(atMinute: 0, in: zone)
            let endInstant = min(next.instant(atMinute: 0, in: zone), now)
            var byType: [String: Int] = [:], byCohort: [String: Int] = [:]
            var total = 0, starts = 0, ends = 0
            var hoursToFit: [Double] = []
            for o in orders {
                guard let start = LocalDay(isoDate: o.startDate) else { continue }
                let end = lastDay(o)
                if start <= monthEnd && (end.map { $0 >= monthEnd } ?? true) {
                    total += 1
                    byType[o.orderType.rawValue, default: 0] += 1
                    byCohort[o.cohort.rawValue, default: 0] += 1
                }
                if start >= first && start < next && start <= today {
                    starts += 1
                    if let fitted = firstFitting[o.id], let started = o.startInstant {
                        hoursToFit.append(max(0, fitted.timeIntervalSince(started) / 3_600))
                    }
                }
                if let e = end, e >= first, e < next, e < today || o.status == .ended { ends += 1 }
            }
            let compliance = CaseloadStatistics.compliance(
                orders: orders, violations: violations, from: startInstant, to: max(endInstant, startInstant.addingTimeInterval(1)))
            out.append(
                Month(
                    month: monthText(first), caseload: Caseload(total: total, byOrderType: byType, byCohort: byCohort),
                    starts: starts, ends: ends, complianceRate: compliance.complianceRate,
                    alerts: alerts.filter { $0.raisedAt >= startInstant && $0.raisedAt < endInstant }.count,
                    medianHoursToFit: median(hoursToFit)))
            first = next
        }
        return out
    }

    static func median(_ xs: [Double]) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
