import Foundation

/// What one order contributes to an extract, before pseudonymisation and suppression.
public struct ExtractSource: Sendable {
    public var subject: Subject
    public var order: Order
    /// The wearer's violations (any status; only confirmed ones are counted).
    public var violations: [Violation]
    /// The wearer's alerts.
    public var alerts: [Alert]
    /// The order's installations.
    public var installations: [Installation]

    public init(subject: Subject, order: Order, violations: [Violation], alerts: [Alert], installations: [Installation]) {
        self.subject = subject
        self.order = order
        self.violations = violations
        self.alerts = alerts
        self.installations = installations
    }
}

/// The period an extract covers, calendar days inclusive, and the day it is made (days after it are not counted).
public struct ExtractPeriod: Sendable, Hashable {
    public var from: LocalDay
    public var to: LocalDay
    public var today: LocalDay

    public init(from: LocalDay, to: LocalDay, today: LocalDay) {
        self.from = from
        self.to = to
        self.today = today
    }

    /// The longest period one extract may cover.
    public static let maxYears = 5

    /// Whether `to` is more than five years after `from`.
    public var isTooLong: Bool { to > from.adding(months: 12 * Self.maxYears) }
}

/// How an order stands or ended, in an extract.
public enum ExtractOutcome: String, Sendable, CaseIterable {
    /// In force.
    case active = "ACTIVE"
    /// Ended on or after its end date.
    case completed = "COMPLETED"
    /// Ended before its end date (revoked, varied away, breached).
    case endedEarly = "ENDED_EARLY"
    /// An order with no end date that has ended.
    case ended = "ENDED"
}

/// Every value an extract row can hold, by column name: the builder computes these and `ExtractLayout` picks the
/// ones the dictionary's `extractRow` defines. Nothing here reads a name, an identifier other than the CRN (which only
/// the HMAC sees), a date of birth other than to band it, an address or a position.
public enum ExtractRowValues {

    /// `violationsCurfewAbsence` for CURFEW_ABSENCE.
    public static func violationColumn(_ type: ViolationType) -> String {
        "violations" + type.rawValue.split(separator: "_").map { $0.prefix(1) + $0.dropFirst().lowercased() }.joined()
    }

    /// The names of the values `values(of:period:pseudonym:)` gives.
    public static let columns: Set<String> = Set(
        ["pseudonym", "ageBand", "force", "region", "orderType", "cohort", "startMonth", "endMonth", "daysMonitored"]
            + ViolationType.allCases.map(violationColumn) + ["alerts", "daysToFitting", "soberDayRate", "outcome"])

    static func zone(_ order: Order) -> TimeZone { TimeZone(identifier: order.timeZone) ?? TimeZone(identifier: "Europe/London")! }

    /// The last day of the order: its end date, or the day it was ended if that was earlier; nil while open-ended.
    public static func lastDay(of order: Order) -> LocalDay? {
        let ended = order.endedAt.map { LocalDay(containing: $0, in: zone(order)) }
        let due = order.endDate.flatMap(LocalDay.init(isoDate:))
        switch (due, ended) {
        case (let d?, let e?): return min(d, e)
        case (let d?, nil): return d
        case (nil, let e?): return e
        case (nil, nil): return nil
        }
    }

    /// Whether the order was in force on any day of the period.
    public static func overlaps(_ order: Order, _ period: ExtractPeriod) -> Bool {
        guard let start = LocalDay(isoDate: order.startDate), start <= period.to else { return false }
        return (lastDay(of: order) ?? period.to) >= period.from
    }

    static func month(_ day: LocalDay) -> String { String(day.description.prefix(7)) }

    static func outcome(_ order: Order) -> ExtractOutcome {
        guard order.status == .ended else { return .active }
        guard let due = order.endDate.flatMap(LocalDay.init(isoDate:)) else { return .ended }
        guard let ended = order.endedAt.map({ LocalDay(containing: $0, in: zone(order)) }) else { return .completed }
        return ended >= due ? .completed : .endedEarly
    }

    static func belongs(_ v: Violation, to order: Order, first: LocalDay, last: LocalDay?) -> Bool {
        if let id = v.orderId { return id == order.id }
        guard v.subjectId == order.subjectId else { return false }
        let day = LocalDay(containing: v.start, in: zone(order))
        return day >= first && last.map { day <= $0 } ?? true
    }

    public static func values(of s: ExtractSource, period: ExtractPeriod, pseudonym: String) -> [String: String] {
        let o = s.order, tz = zone(o)
        let start = LocalDay(isoDate: o.startDate) ?? period.from
        let last = lastDay(of: o)
        let countedFrom = max(start, period.from)
        let countedTo = min(last ?? period.to, period.to, period.today)
        let days = max(0, countedTo.dayNumber - countedFrom.dayNumber + 1)
        let windowStart = period.from.instant(atMinute: 0, in: tz)
        let windowEnd = period.to.adding(days: 1).instant(atMinute: 0, in: tz)
        let mine = s.violations.filter { belongs($0, to: o, first: start, last: last) }
        let inPeriod = mine.filter { $0.status == .confirmed && $0.start >= windowStart && $0.start < windowEnd }

        var out: [String: String] = [
            "pseudonym": pseudonym,
            "ageBand": AgeBand.of(dateOfBirth: s.subject.dateOfBirth, on: start),
            "force": s.subject.forceArea,
            "region": s.subject.probationRegion ?? "UNKNOWN",
            "orderType": o.orderType.rawValue,
            "cohort": o.cohort.rawValue,
            "startMonth": month(start),
            "endMonth": last.map(month) ?? "",
            "daysMonitored": String(days),
            "outcome": outcome(o).rawValue,
        ]
        for type in ViolationType.allCases {
            out[violationColumn(type)] = String(inPeriod.filter { $0.type == type }.count)
        }
        let ids = Set(mine.map(\.id))
        out["alerts"] = String(s.alerts.filter { ids.contains($0.violationId) && $0.raisedAt >= windowStart && $0.raisedAt < windowEnd }.count)
        let fitted = s.installations.filter { $0.orderId == o.id }.map(\.installedAt).min()
        out["daysToFitting"] = fitted.map { String(LocalDay(containing: $0, in: tz).dayNumber - start.dayNumber) } ?? ""
        let alcohol = o.conditions.contains { if case .alcohol = $0.rule { true } else { false } }
        if alcohol && days > 0 {
            let a = CaseloadStatistics.alcohol(
                orders: [o], violations: mine, from: countedFrom.instant(atMinute: 0, in: tz),
                to: countedTo.adding(days: 1).instant(atMinute: 0, in: tz), zone: tz)
            out["soberDayRate"] = String(format: "%.4f", a.soberDayRate)
        } else {
            out["soberDayRate"] = ""
        }
        return out
    }
}
