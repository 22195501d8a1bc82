import Foundation

/// A weekly timetable (curfew hours, a zone's schedule) made concrete in a time zone.
///
/// Rows are wall-clock times, so a 19:00-07:00 curfew is 11 hours long on the night the clocks go forward
/// and 13 hours on the night they go back. A window that crosses midnight belongs to the day it starts on:
/// a `SAT 19:00-07:00` row covers Saturday night into Sunday morning.
public struct WeeklyTimetable: Sendable, Hashable {
    public let rows: [TimetableRow]
    public let timeZone: TimeZone
    /// Rows that start on each weekday, indexed Monday = 0, as (from, to) minutes with `to` past 1440 when
    /// the window runs into the next day.
    private let startsByWeekday: [[ClosedMinutes]]

    struct ClosedMinutes: Hashable, Sendable {
        var from: Int
        var to: Int
    }

    public init(rows: [TimetableRow], timeZone: TimeZone) {
        self.rows = rows
        self.timeZone = timeZone
        var byDay = Array(repeating: [ClosedMinutes](), count: 7)
        for row in rows {
            let from = row.from.minutesSinceMidnight
            let span = ClosedMinutes(from: from, to: from + row.durationMinutes)
            for day in Set(row.days) { byDay[day.mondayIndex].append(span) }
        }
        startsByWeekday = byDay.map { $0.sorted { $0.from < $1.from } }
    }

    /// `nil` when the identifier is not a known time zone.
    public init?(rows: [TimetableRow], timeZoneIdentifier: String) {
        guard let zone = TimeZone(identifier: timeZoneIdentifier) else { return nil }
        self.init(rows: rows, timeZone: zone)
    }

    public var isEmpty: Bool { startsByWeekday.allSatisfy(\.isEmpty) }

    /// Concrete windows overlapping `range`, in start order. Windows from different rows that overlap or
    /// touch are merged: being required home 19:00-00:00 and 00:00-07:00 is one night, not two.
    public func windows(overlapping range: DateInterval) -> [DateInterval] {
        guard !isEmpty else { return [] }
        // The longest window is 24 h, so a window overlapping the range starts at most a day before it.
        let first = LocalDay(containing: range.start, in: timeZone).adding(days: -1)
        let last = LocalDay(containing: range.end, in: timeZone)
        var raw: [DateInterval] = []
        var day = first
        while day <= last {
            for span in startsByWeekday[day.weekday.mondayIndex] {
                let start = day.instant(atMinute: span.from, in: timeZone)
                let end = day.instant(atMinute: span.to, in: timeZone)
                guard end > start else { continue }
                // A zero-length range is an instant: it overlaps the window that contains it.
                if end > range.start && (start < range.end || start == range.start) {
                    raw.append(DateInterval(start: start, end: end))
                }
            }
            day = day.adding(days: 1)
        }
        return Self.merged(raw)
    }

    /// The window in force at `instant`, if any.
    public func window(containing instant: Date) -> DateInterval? {
        windows(overlapping: DateInterval(start: instant, duration: 0))
            .first { $0.start <= instant && instant < $0.end }
    }

    public func isActive(at instant: Date) -> Bool { window(containing: instant) != nil }

    /// The first window that has not ended by `instant` (the one in force, or the next one), looking at most
    /// `horizonDays` ahead.
    public func currentOrNextWindow(at instant: Date, horizonDays: Int = 8) -> DateInterval? {
        windows(overlapping: DateInterval(start: instant, duration: Double(horizonDays) * 86_400))
            .first { $0.end > instant }
    }

    /// The next instant after `instant` at which a window starts or ends.
    public func nextBoundary(after instant: Date) -> Date? {
        let ws = windows(overlapping: DateInterval(start: instant, duration: 8 * 86_400))
        return ws.flatMap { [$0.start, $0.end] }.filter { $0 > instant }.min()
    }

    static func merged(_ windows: [DateInterval]) -> [DateInterval] {
        let sorted = windows.sorted { $0.start < $1.start }
        var out: [DateInterval] = []
        for w in sorted {
            if let lastWindow = out.last, w.start <= lastWindow.end {
                out[out.count - 1] = DateInterval(start: lastWindow.start, end: max(lastWindow.end, w.end))
            } else {
                out.append(w)
            }
        }
        return out
    }
}

extension Weekday {
    static let mondayOrdered: [Weekday] = [.mon, .tue, .wed, .thu, .fri, .sat, .sun]

    /// Monday = 0 ... Sunday = 6.
    var mondayIndex: Int {
        switch self {
        case .mon: 0
        case .tue: 1
        case .wed: 2
        case .thu: 3
        case .fri: 4
        case .sat: 5
        case .sun: 6
        }
    }
}
