import Foundation

/// Patterns in a wearer's curfew nights, for the practitioner (the data improvement plan's proof of concept on curfew
/// non-compliance): late returns and absences that repeat on the same weekday around the same hour, and each
/// weekday's nights kept, broken and without data. Pure: from the calendar's nights and the curfew violations.
public enum CurfewPatterns {
    public enum Kind: String, Sendable, CaseIterable {
        /// Not home when the curfew began; the hour is when they got back.
        case lateReturn = "LATE_RETURN"
        /// Home at the start, then out during the curfew; the hour is when they left.
        case absence = "ABSENCE"
    }

    public struct Pattern: Sendable, Hashable {
        public var weekday: Weekday
        /// 0-23 on the order's clock.
        public var hour: Int
        public var kind: Kind
        public var count: Int
        public var last: Date
    }

    public struct WeekdayNights: Sendable, Hashable {
        public var weekday: Weekday
        public var kept: Int
        public var broken: Int
        public var noData: Int
    }

    /// How far back patterns are looked for.
    public static let lookbackDays = 56
    /// An absence that began this soon after the curfew did is a late return (they were not home at the start).
    public static let lateWithin: TimeInterval = 30 * 60
    /// A pattern is something that happened at least this often.
    public static let repeated = 2

    public static func patterns(nights: [CurfewNight], violations: [Violation], zone: TimeZone) -> [Pattern] {
        let absences = violations.filter { $0.type == .curfewAbsence && $0.status != .withdrawn }
        var found: [String: Pattern] = [:]
        for n in nights where n.outcome == .broken {
            guard let v = absences.filter({ $0.start < n.window.end && ($0.end ?? n.window.end) > n.window.start }).min(by: { $0.start < $1.start })
            else { continue }
            let late = v.start.timeIntervalSince(n.window.start) <= lateWithin
            let moment = late ? min(v.end ?? n.window.end, n.window.end) : v.start
            let hour = hourOfDay(moment, zone)
            let kind: Kind = late ? .lateReturn : .absence
            let key = "\(n.day.weekday.rawValue)-\(hour)-\(kind.rawValue)"
            var p = found[key] ?? Pattern(weekday: n.day.weekday, hour: hour, kind: kind, count: 0, last: moment)
            p.count += 1
            p.last = max(p.last, moment)
            found[key] = p
        }
        let order = Weekday.mondayOrdered
        return found.values.filter { $0.count >= repeated }.sorted {
            ($1.count, order.firstIndex(of: $0.weekday)!, $0.hour) < ($0.count, order.firstIndex(of: $1.weekday)!, $1.hour)
        }
    }

    public static func byWeekday(_ nights: [CurfewNight]) -> [WeekdayNights] {
        Weekday.mondayOrdered.map { d in
            let these = nights.filter { $0.day.weekday == d }
            return WeekdayNights(
                weekday: d, kept: these.filter { $0.outcome == .kept }.count, broken: these.filter { $0.outcome == .broken }.count,
                noData: these.filter { $0.outcome == .noData }.count)
        }
    }

    static func hourOfDay(_ t: Date, _ zone: TimeZone) -> Int {
        let local = Int((t.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: t))).rounded(.down))
        return ((local % 86_400 + 86_400) % 86_400) / 3_600
    }
}
