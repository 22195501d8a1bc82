import Foundation

/// Something an order manager should fix in a timetable. Reported, not thrown: a timetable with a problem
/// still has a meaning (overlapping windows simply merge), and the person entering it decides.
public enum TimetableProblem: Hashable, Sendable, CustomStringConvertible {
    /// A row lists no days, so it never applies.
    case noDays(row: Int)
    /// `from` equals `to`: read as a 24-hour window, which is rarely what was meant.
    case fullDay(row: Int)
    /// Two windows overlap in the week (counting windows that run past midnight into the next day); `day` is
    /// the local day on which the overlap begins.
    case overlap(rowA: Int, rowB: Int, day: Weekday)

    public var description: String {
        switch self {
        case .noDays(let r): "row \(r + 1) lists no days"
        case .fullDay(let r): "row \(r + 1) starts and ends at the same time, which means 24 hours"
        case .overlap(let a, let b, let d): "rows \(a + 1) and \(b + 1) overlap on \(d.rawValue)"
        }
    }

    /// Checks a timetable's rows. Overlaps are found on the weekly circle of minutes, so a Sunday night
    /// window that runs into Monday morning is compared with Monday's windows.
    public static func problems(in rows: [TimetableRow]) -> [TimetableProblem] {
        var found: [TimetableProblem] = []
        struct Span {
            var row: Int
            var day: Weekday
            var start: Int
            var end: Int
        }
        var spans: [Span] = []
        for (i, row) in rows.enumerated() {
            if row.days.isEmpty { found.append(.noDays(row: i)) }
            if row.from == row.to { found.append(.fullDay(row: i)) }
            for day in Set(row.days) {
                let start = day.mondayIndex * 1440 + row.from.minutesSinceMidnight
                spans.append(Span(row: i, day: day, start: start, end: start + row.durationMinutes))
            }
        }
        let week = 7 * 1440
        var seen = Set<TimetableProblem>()
        for a in spans.indices {
            for b in spans.indices where b > a {
                let x = spans[a], y = spans[b]
                // Compare y shifted by -1, 0, +1 weeks so windows wrapping Sunday -> Monday are caught.
                for shift in [-week, 0, week] where x.start < y.end + shift && y.start + shift < x.end {
                    let overlapStart = max(x.start, y.start + shift)
                    let day = Weekday.mondayOrdered[((overlapStart % week + week) % week) / 1440]
                    let p = TimetableProblem.overlap(rowA: min(x.row, y.row), rowB: max(x.row, y.row), day: day)
                    if seen.insert(p).inserted { found.append(p) }
                }
            }
        }
        return found
    }
}
