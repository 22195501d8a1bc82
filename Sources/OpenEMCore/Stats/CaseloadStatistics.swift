import Foundation

/// The figures behind the dashboards, computed from orders, violations and alerts already scoped to the reader.
/// Pure: the same inputs always give the same figures.
public enum CaseloadStatistics {
    public struct Caseload: Codable, Sendable, Hashable {
        public var total: Int
        public var byOrderType: [String: Int]
        public var byCohort: [String: Int]
        /// Order type x cohort, like the July 2020 table.
        public var table: [String: [String: Int]]
    }

    public struct Compliance: Codable, Sendable, Hashable {
        public var from: Date
        public var to: Date
        public var monitoredDays: Int
        public var daysWithConfirmedViolation: Int
        /// Monitored wearer-days with no confirmed violation over all monitored wearer-days. A violation whose
        /// current outcome is an accepted reasonable excuse (`Violation.isUnexcusedBreach`) does not count.
        public var complianceRate: Double
        public var violationsByType: [String: Int]
        /// Confirmed violations starting in each ISO week (yyyy-Www), oldest first.
        public var weeklyTrend: [WeekCount]
    }

    public struct WeekCount: Codable, Sendable, Hashable {
        public var week: String
        public var violations: Int
    }

    public struct Alcohol: Codable, Sendable, Hashable {
        public var from: Date
        public var to: Date
        public var monitoredDays: Int
        public var daysWithConfirmedDrinking: Int
        public var soberDayRate: Double
    }

    public struct Alerts: Codable, Sendable, Hashable {
        public var total: Int
        public var byStatus: [String: Int]
        public var bySeverity: [String: Int]
        /// Acknowledged alerts acknowledged by their first deadline (never escalated).
        public var acknowledged: Int
        public var acknowledgedInTime: Int
        public var slaMetRate: Double
        public var escalated: Int
        /// Open enforcement cases whose next step is past its deadline (`EnforcementRules.nextDue`).
        public var enforcementOverdue: Int
    }

    /// Device events are about the kit; compliance counts breaches of the conditions.
    static let deviceEvents: Set<ViolationType> = [.lowBattery, .noCommunication, .batteryFlat]

    public static func caseload(_ orders: [Order]) -> Caseload {
        var byType: [String: Int] = [:], byCohort: [String: Int] = [:], table: [String: [String: Int]] = [:]
        for o in orders where o.status == .active {
            byType[o.orderType.rawValue, default: 0] += 1
            byCohort[o.cohort.rawValue, default: 0] += 1
            table[o.orderType.rawValue, default: [:]][o.cohort.rawValue, default: 0] += 1
        }
        return Caseload(total: orders.filter { $0.status == .active }.count, byOrderType: byType, byCohort: byCohort, table: table)
    }

    static func dayNumber(_ d: Date, _ zone: TimeZone) -> Int { LocalDay(containing: d, in: zone).dayNumber }

    /// Wearer-days monitored in [from, to): each day from the order's start (or `from`) to its end (or `to`).
    static func monitoredDays(_ orders: [Order], from: Date, to: Date, zone: TimeZone) -> [EntityID: ClosedRange<Int>] {
        var out: [EntityID: ClosedRange<Int>] = [:]
        let first = dayNumber(from, zone), last = dayNumber(to.addingTimeInterval(-1), zone)
        for o in orders {
            let start = max(first, LocalDay(isoDate: o.startDate)?.dayNumber ?? first)
            let end = min(last, o.endDate.flatMap { LocalDay(isoDate: $0)?.dayNumber } ?? last, o.endedAt.map { dayNumber($0, zone) } ?? last)
            guard start <= end else { continue }
            if let existing = out[o.subjectId] {
                out[o.subjectId] = min(existing.lowerBound, start)...max(existing.upperBound, end)
            } else {
                out[o.subjectId] = start...end
            }
        }
        return out
    }

    public static func compliance(
        orders: [Order], violations: [Violation], from: Date, to: Date,
        zone: TimeZone = TimeZone(identifier: "Europe/London")!
    ) -> Compliance {
        let days = monitoredDays(orders, from: from, to: to, zone: zone)
        let monitored = days.values.reduce(0) { $0 + $1.count }
        var bad = Set<[Int]>(), byType: [String: Int] = [:], weeks: [String: Int] = [:]
        var subjectIndex: [EntityID: Int] = [:]
        for (i, k) in days.keys.enumerated() { subjectIndex[k] = i }
        var cal = Calendar(identifier: .iso8601)
        cal.timeZone = zone
        for v in violations
        where v.status == .confirmed && v.isUnexcusedBreach && !deviceEvents.contains(v.type) && v.start >= from && v.start < to {
            byType[v.type.rawValue, default: 0] += 1
            let c = cal.dateComponents([.yearForWeekOfYear, .weekOfYear], from: v.start)
            weeks[String(format: "%04d-W%02d", c.yearForWeekOfYear ?? 0, c.weekOfYear ?? 0), default: 0] += 1
            guard let range = days[v.subjectId], let s = subjectIndex[v.subjectId] else { continue }
            let d0 = dayNumber(v.start, zone), d1 = dayNumber(v.end ?? v.start, zone)
            for d in max(d0, range.lowerBound)...max(max(d0, range.lowerBound), min(d1, range.upperBound)) where range.contains(d) {
                bad.insert([s, d])
            }
        }
        let rate = monitored == 0 ? 1 : Double(monitored - bad.count) / Double(monitored)
        return Compliance(
            from: from, to: to, monitoredDays: monitored, daysWithConfirmedViolation: bad.count,
            complianceRate: rate, violationsByType: byType,
            weeklyTrend: weeks.keys.sorted().map { WeekCount(week: $0, violations: weeks[$0]!) })
    }

    /// The sober-day rate: monitored alcohol days with no confirmed drinking event over all monitored alcohol days.
    public static func alcohol(
        orders: [Order], violations: [Violation], from: Date, to: Date,
        zone: TimeZone = TimeZone(identifier: "Europe/London")!
    ) -> Alcohol {
        let alcoholOrders = orders.filter { o in o.conditions.contains { if case .alcohol = $0.rule { true } else { false } } }
        let days = monitoredDays(alcoholOrders, from: from, to: to, zone: zone)
        let monitored = days.values.reduce(0) { $0 + $1.count }
        var drinking = Set<[String]>()
        for v in violations where v.status == .confirmed && (v.type == .alcoholDetected || v.type == .alcoholLimitExceeded) {
            guard let range = days[v.subjectId] else { continue }
            let d = dayNumber(v.start, zone)
            if range.contains(d) { drinking.insert([v.subjectId, String(d)]) }
        }
        let rate = monitored == 0 ? 1 : Double(monitored - drinking.count) / Double(monitored)
        return Alcohol(from: from, to: to, monitoredDays: monitored, daysWithConfirmedDrinking: drinking.count, soberDayRate: rate)
    }

    public static func alerts(_ alerts: [Alert], enforcementOverdue: Int = 0) -> Alerts {
        var byStatus: [String: Int] = [:], bySeverity: [String: Int] = [:]
        var acknowledged = 0, inTime = 0, escalated = 0
        for a in alerts {
            byStatus[a.status.rawValue, default: 0] += 1
            bySeverity[a.severity.rawValue, default: 0] += 1
            if a.escalated { escalated += 1 }
            if let ack = a.acknowledgedAt {
                acknowledged += 1
                if !a.escalated && ack <= a.ackDueAt { inTime += 1 }
            }
        }
        return Alerts(
            total: alerts.count, byStatus: byStatus, bySeverity: bySeverity, acknowledged: acknowledged,
            acknowledgedInTime: inTime, slaMetRate: acknowledged == 0 ? 1 : Double(inTime) / Double(acknowledged),
            escalated: escalated, enforcementOverdue: enforcementOverdue)
    }
}
