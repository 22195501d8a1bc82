/// Checks a weekly timetable: at least one row, days given once, and no two windows overlapping in the week
/// (a window crossing midnight occupies the start of the next day).
public enum TimetableValidation {
    public static func problems(_ rows: [TimetableRow], field: String) -> [ValidationProblem] {
        var out: [ValidationProblem] = []
        if rows.isEmpty { out.append(.init(field, "EMPTY_TIMETABLE", "\(field) needs at least one window")) }
        var spans: [(start: Int, end: Int, row: Int)] = []
        let week = 7 * 1440
        for (i, row) in rows.enumerated() {
            let f = "\(field)[\(i)]"
            if row.days.isEmpty { out.append(.init("\(f).days", "NO_DAYS", "\(f).days must name at least one day")) }
            if Set(row.days).count != row.days.count {
                out.append(.init("\(f).days", "DUPLICATE_DAY", "\(f).days names a day twice"))
            }
            if row.from == row.to {
                out.append(.init(f, "EMPTY_WINDOW", "\(f): from and to are equal; a window must have a length"))
                continue
            }
            for day in Set(row.days) {
                let dayIndex = Weekday.allCases.firstIndex(of: day)!
                let start = dayIndex * 1440 + row.from.minutesSinceMidnight
                spans.append((start, start + row.durationMinutes, i))
            }
        }
        // Compare every pair on the weekly circle (Sunday night's window runs into Monday).
        var reported = Set<[Int]>()
        for a in 0..<spans.count {
            for b in (a + 1)..<max(spans.count, a + 1) {
                let x = spans[a], y = spans[b]
                let overlaps = [-week, 0, week].contains { shift in
                    x.start < y.end + shift && y.start + shift < x.end
                }
                if overlaps {
                    let key = [min(x.row, y.row), max(x.row, y.row)]
                    if reported.insert(key).inserted {
                        let which =
                            x.row == y.row
                            ? "\(field)[\(x.row)] overlaps itself across days"
                            : "\(field)[\(key[0])] and \(field)[\(key[1])] overlap"
                        out.append(.init(field, "OVERLAPPING_WINDOWS", which))
                    }
                }
            }
        }
        return out
    }
}
