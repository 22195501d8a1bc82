import Foundation

/// A calendar day ("yyyy-MM-dd", as orders and dates of birth give it) on some zone's wall clock, counted as days
/// since 1970-01-01 (a Thursday), plus the arithmetic that turns wall-clock times on that day into instants. We do
/// the arithmetic ourselves instead of going through `Calendar` so the rule engine can compute windows cheaply and
/// with rules we state here:
/// a wall time that does not exist (the hour skipped when clocks go forward) moves forward by the length of
/// the gap, and a wall time that happens twice (clocks go back) means its first occurrence.
public struct LocalDay: Hashable, Sendable, Comparable, Codable {
    public var dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }

    /// The local day containing an instant.
    public init(containing instant: Date, in zone: TimeZone) {
        let local = instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))
        dayNumber = Int((local / 86_400).rounded(.down))
    }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday; index 0 = Monday.
        let mondayBased = ((dayNumber + 3) % 7 + 7) % 7
        return Weekday.mondayOrdered[mondayBased]
    }

    public func adding(days: Int) -> LocalDay { LocalDay(dayNumber: dayNumber + days) }

    /// The instant at which the wall clock in `zone` shows `minutesSinceMidnight` on this day (values of 1440
    /// or more run into following days).
    public func instant(atMinute minutesSinceMidnight: Int, in zone: TimeZone) -> Date {
        let wall = Double(dayNumber) * 86_400 + Double(minutesSinceMidnight) * 60
        // Offsets a day either side bracket any single transition (true for every real zone).
        let before = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall - 86_400)))
        let after = Double(zone.secondsFromGMT(for: Date(timeIntervalSince1970: wall + 86_400)))
        if before == after { return Date(timeIntervalSince1970: wall - before) }
        let early = Date(timeIntervalSince1970: wall - before)
        let late = Date(timeIntervalSince1970: wall - after)
        let earlyValid = Double(zone.secondsFromGMT(for: early)) == before
        let lateValid = Double(zone.secondsFromGMT(for: late)) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)  // repeated hour: the first occurrence
        case (true, false): return early
        case (false, true): return late
        case (false, false): return early  // skipped hour: the pre-change offset moves it forward
        }
    }

    public static func < (a: LocalDay, b: LocalDay) -> Bool { a.dayNumber < b.dayNumber }
}

extension LocalDay: CustomStringConvertible {
    /// A proleptic Gregorian date.
    public init(year: Int, month: Int, day: Int) {
        self.init(dayNumber: ISOTime.daysFromCivil(year: year, month: month, day: day))
    }

    /// Parses "yyyy-MM-dd" (order start, end and review dates, dates of birth); nil for anything else, including a
    /// day the month does not have.
    public init?(isoDate text: String) {
        let p = text.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
            let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]),
            (1...12).contains(m), d >= 1, d <= ISOTime.daysIn(month: m, year: y)
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Adds calendar months, clamping the day to the month's length (31 Jan + 1 month = 28/29 Feb).
    public func adding(months n: Int) -> LocalDay {
        let (year, month, day) = ISOTime.civilFromDays(dayNumber)
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return LocalDay(year: y, month: m, day: min(day, ISOTime.daysIn(month: m, year: y)))
    }

    /// "yyyy-MM-dd".
    public var description: String {
        let (y, m, d) = ISOTime.civilFromDays(dayNumber)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

/// "HH:mm" on the wall clock of a zone, for plain-language evidence summaries.
public func wallClockText(_ instant: Date, in zone: TimeZone) -> String {
    let local = Int((instant.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: instant))).rounded(.down))
    let minutes = ((local % 86_400 + 86_400) % 86_400) / 60
    return LocalTime(hour: minutes / 60, minute: minutes % 60).description
}
