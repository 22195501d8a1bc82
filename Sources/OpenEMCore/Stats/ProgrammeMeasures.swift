import Foundation

/// What the MoJ's EM programmes measure: what breaches led to (arrest, warning, recall...) by force and cohort, EM use
/// by deciding court, and days monitored against the daily costs of custody and of a tag. Pure: over records already
/// scoped to the reader.
public enum ProgrammeMeasures {
    /// Alerts raised in a window for one force area and cohort, and what was decided on them.
    public struct OutcomeRow: Codable, Sendable, Hashable {
        public var forceArea: String
        public var cohort: String
        public var alerts: Int
        /// Alerts with a decision, per decision code (ARREST, WARN, ...).
        public var decisions: [String: Int]
        /// The alerts' violations with a recorded outcome, per current outcome code.
        public var violationOutcomes: [String: Int]
    }

    /// The cohort of the wearer's order in force when the alert was raised (else their latest order), or UNKNOWN.
    static func cohort(of a: Alert, orders: [EntityID: [Order]]) -> String {
        let theirs = orders[a.subjectId] ?? []
        let day = LocalDay(containing: a.raisedAt, in: MonthlyStatistics.zone)
        let inForce = theirs.first { o in
            guard let s = LocalDay(isoDate: o.startDate), s <= day else { return false }
            return MonthlyStatistics.lastDay(o).map { $0 >= day } ?? true
        }
        return (inForce ?? theirs.max { $0.startDate < $1.startDate })?.cohort.rawValue ?? "UNKNOWN"
    }

    public static func outcomes(alerts: [Alert], orders: [Order], violations: [Violation], from: Date, to: Date) -> [OutcomeRow] {
        let bySubject = Dictionary(grouping: orders, by: \.subjectId)
        let outcome = Dictionary(violations.compactMap { v in v.outcome.map { (v.id, $0.outcome.rawValue) } }, uniquingKeysWith: { a, _ in a })
        var rows: [String: OutcomeRow] = [:]
        for a in alerts where a.raisedAt >= from && a.raisedAt <= to {
            let cohort = cohort(of: a, orders: bySubject)
            let key = a.forceArea + "\u{1}" + cohort
            var row = rows[key] ?? OutcomeRow(forceArea: a.forceArea, cohort: cohort, alerts: 0, decisions: [:], violationOutcomes: [:])
            row.alerts += 1
            if let d = a.decision { row.decisions[d.rawValue, default: 0] += 1 }
            if let o = outcome[a.violationId] { row.violationOutcomes[o, default: 0] += 1 }
            rows[key] = row
        }
        return rows.values.sorted { ($0.forceArea, $0.cohort) < ($1.forceArea, $1.cohort) }
    }

    /// Orders that started in a month, per deciding court.
    public struct CourtMonth: Codable, Sendable, Hashable {
        public var court: String
        public var month: String
        public var orders: Int
    }

    /// Orders carry no source court yet (another issue adds it): every order counts under "unknown" until then.
    public static let unknownCourt = "unknown"

    /// Months `from` to `to` ("yyyy-MM"), a row per court with orders that month.
    public static func courts(orders: [Order], from: String, to: String) -> [CourtMonth] {
        guard var month = MonthlyStatistics.firstDay(of: from), let last = MonthlyStatistics.firstDay(of: to) else { return [] }
        var out: [CourtMonth] = []
        while month <= last {
            let text = MonthlyStatistics.monthText(month)
            let n = orders.filter { $0.startDate.hasPrefix(text) }.count
            if n > 0 { out.append(CourtMonth(court: unknownCourt, month: text, orders: n)) }
            month = month.adding(months: 1)
        }
        return out
    }

    /// Daily costs a value-for-money panel weighs days monitored against: configurable assumptions, each with where
    /// its figure comes from.
    public struct DailyCosts: Codable, Sendable, Hashable {
        public var currency: String
        public var custodyPerDay: Double
        public var custodySource: String
        /// Nil until a service sets its contract's figure: OpenEM knows no published one.
        public var tagPerDay: Double?
        public var tagSource: String

        public init(currency: String = "GBP", custodyPerDay: Double, custodySource: String, tagPerDay: Double?, tagSource: String) {
            self.currency = currency
            self.custodyPerDay = custodyPerDay
            self.custodySource = custodySource
            self.tagPerDay = tagPerDay
            self.tagSource = tagSource
        }

        /// The defaults: assumptions to be replaced with a service's own figures (OPENEM_COST_CUSTODY_PER_DAY,
        /// OPENEM_COST_TAG_PER_DAY), not facts.
        public static let standard = DailyCosts(
            custodyPerDay: 141.71,
            custodySource: "Assumption: of the order of the MoJ's published cost per prison place ('Costs per place and costs per "
                + "prisoner', 2022 to 2023) divided by 365; not checked against the publication by OpenEM. Set your own.",
            tagPerDay: nil,
            tagSource: "Not set: OpenEM knows no published cost of a tag and its monitoring per wearer-day. Set your contract's "
                + "figure in OPENEM_COST_TAG_PER_DAY.")
    }

    public struct BenefitRow: Codable, Sendable, Hashable {
        public var orderType: String
        public var daysMonitored: Double
        /// daysMonitored times the custody cost per day: what those days would cost in custody.
        public var custodyCost: Double
        /// daysMonitored times the tag cost per day; nil while that cost is not set.
        public var tagCost: Double?
        public var difference: Double?
    }

    public struct Benefits: Codable, Sendable, Hashable {
        public var from: Date
        public var to: Date
        public var costs: DailyCosts
        public var byOrderType: [BenefitRow]
        public var note: String
    }

    public static let benefitsNote =
        "Days monitored times the configured daily costs. Not every monitored day replaces a day in custody (many orders "
        + "would not be custodial); the panel states the costs a value-for-money evaluation weighs, not a saving."

    /// Wearer-days monitored in [from, to) per order type: each order from the start of its start date (in its time
    /// zone) to the end of its last day (or `to`).
    public static func benefits(orders: [Order], from: Date, to: Date, costs: DailyCosts) -> Benefits {
        var days: [String: Double] = [:]
        for o in orders {
            let zone = TimeZone(identifier: o.timeZone) ?? MonthlyStatistics.zone
            guard let start = o.startInstant else { continue }
            let end = MonthlyStatistics.lastDay(o).map { $0.adding(days: 1).instant(atMinute: 0, in: zone) } ?? to
            let a = max(start, from), b = min(end, to)
            if a < b { days[o.orderType.rawValue, default: 0] += b.timeIntervalSince(a) / 86_400 }
        }
        let rows = OrderType.allCases.map { t in
            let d = days[t.rawValue] ?? 0
            return BenefitRow(
                orderType: t.rawValue, daysMonitored: d, custodyCost: d * costs.custodyPerDay, tagCost: costs.tagPerDay.map { d * $0 },
                difference: costs.tagPerDay.map { d * (costs.custodyPerDay - $0) })
        }
        return Benefits(from: from, to: to, costs: costs, byOrderType: rows, note: benefitsNote)
    }
}
