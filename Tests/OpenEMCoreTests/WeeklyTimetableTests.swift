import Foundation
import Testing

@testable import OpenEMCore

/// An instant written as UTC text, to keep expectations readable.
func utc(_ text: String) -> Date {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.date(from: text)!
}

let london = TimeZone(identifier: "Europe/London")!

func row(_ days: [Weekday], _ from: String, _ to: String) -> TimetableRow {
    TimetableRow(days: days, from: LocalTime(from)!, to: LocalTime(to)!)
}

@Suite("Weekly timetable")
struct WeeklyTimetableTests {
    let everyNight = WeeklyTimetable(rows: [row(Weekday.allCases, "19:00", "07:00")], timeZone: london)

    @Test("a winter night is 12 hours, from 19:00 GMT")
    func winterNight() {
        let ws = everyNight.windows(overlapping: DateInterval(start: utc("2026-01-14T12:00:00Z"), duration: 3600 * 12))
        #expect(ws == [DateInterval(start: utc("2026-01-14T19:00:00Z"), end: utc("2026-01-15T07:00:00Z"))])
    }

    @Test("the night the clocks go forward (29 March 2026) is 11 hours")
    func springForward() {
        let ws = everyNight.windows(overlapping: DateInterval(start: utc("2026-03-28T20:00:00Z"), duration: 3600))
        #expect(ws.count == 1)
        #expect(ws[0].start == utc("2026-03-28T19:00:00Z"))
        #expect(ws[0].end == utc("2026-03-29T06:00:00Z"))  // 07:00 BST
        #expect(ws[0].duration == 11 * 3600)
    }

    @Test("the night the clocks go back (25 October 2026) is 13 hours")
    func fallBack() {
        let ws = everyNight.windows(overlapping: DateInterval(start: utc("2026-10-24T20:00:00Z"), duration: 3600))
        #expect(ws.count == 1)
        #expect(ws[0].start == utc("2026-10-24T18:00:00Z"))  // 19:00 BST
        #expect(ws[0].end == utc("2026-10-25T07:00:00Z"))  // 07:00 GMT
        #expect(ws[0].duration == 13 * 3600)
    }

    @Test("a wall time in the skipped hour moves forward; a repeated one means its first occurrence")
    func missingAndRepeatedWallTimes() {
        let gap = WeeklyTimetable(rows: [row([.sun], "01:30", "03:00")], timeZone: london)
        let spring = gap.windows(overlapping: DateInterval(start: utc("2026-03-29T00:00:00Z"), duration: 6 * 3600))
        #expect(spring.first?.start == utc("2026-03-29T01:30:00Z"))  // 02:30 BST
        #expect(spring.first?.end == utc("2026-03-29T02:00:00Z"))  // 03:00 BST
        let autumn = gap.windows(overlapping: DateInterval(start: utc("2026-10-25T00:00:00Z"), duration: 6 * 3600))
        #expect(autumn.first?.start == utc("2026-10-25T00:30:00Z"))  // 01:30 BST, the first of two
        #expect(autumn.first?.end == utc("2026-10-25T03:00:00Z"))
    }

    @Test("a window crossing midnight belongs to the day it starts")
    func crossingMidnightBelongsToStartDay() {
        // Friday night only. 2026-01-16 is a Friday.
        let friday = WeeklyTimetable(rows: [row([.fri], "21:00", "06:00")], timeZone: london)
        #expect(friday.isActive(at: utc("2026-01-17T05:59:00Z")))  // Saturday early morning, still Friday's
        #expect(!friday.isActive(at: utc("2026-01-17T21:30:00Z")))  // Saturday night is free
        #expect(!friday.isActive(at: utc("2026-01-16T20:59:00Z")))
        #expect(friday.isActive(at: utc("2026-01-16T21:00:00Z")))
        #expect(!friday.isActive(at: utc("2026-01-17T06:00:00Z")))  // the end is exclusive
    }

    @Test("next boundary walks starts and ends, across the week")
    func nextBoundary() {
        let friday = WeeklyTimetable(rows: [row([.fri], "21:00", "06:00")], timeZone: london)
        #expect(friday.nextBoundary(after: utc("2026-01-16T12:00:00Z")) == utc("2026-01-16T21:00:00Z"))
        #expect(friday.nextBoundary(after: utc("2026-01-16T21:00:00Z")) == utc("2026-01-17T06:00:00Z"))
        #expect(friday.nextBoundary(after: utc("2026-01-17T06:00:00Z")) == utc("2026-01-23T21:00:00Z"))
        #expect(WeeklyTimetable(rows: [], timeZone: london).nextBoundary(after: .now) == nil)
    }

    @Test("windows that touch merge into one night")
    func touchingRowsMerge() {
        let split = WeeklyTimetable(rows: [row([.mon], "19:00", "00:00"), row([.tue], "00:00", "07:00")], timeZone: london)
        let ws = split.windows(overlapping: DateInterval(start: utc("2026-01-12T12:00:00Z"), duration: 86_400))
        #expect(ws == [DateInterval(start: utc("2026-01-12T19:00:00Z"), end: utc("2026-01-13T07:00:00Z"))])
    }

    @Test("overlapping rows are reported, including a Sunday night running into Monday")
    func problems() {
        let rows = [
            row([.sun], "20:00", "08:00"), row([.mon], "07:00", "09:00"), row([], "10:00", "11:00"),
            row([.wed], "12:00", "12:00"),
        ]
        let found = TimetableProblem.problems(in: rows)
        #expect(found.contains(.overlap(rowA: 0, rowB: 1, day: .mon)))  // from Monday 07:00
        #expect(found.contains(.noDays(row: 2)))
        #expect(found.contains(.fullDay(row: 3)))
        #expect(TimetableProblem.problems(in: [row(Weekday.allCases, "19:00", "07:00")]).isEmpty)
    }

    @Test("the weekday of a local day follows the zone, not UTC")
    func weekdayInZone() {
        // 23:30 UTC on Saturday 27 June 2026 is 00:30 BST on Sunday.
        #expect(LocalDay(containing: utc("2026-06-27T23:30:00Z"), in: london).weekday == .sun)
        #expect(LocalDay(containing: utc("2026-01-17T23:30:00Z"), in: london).weekday == .sat)
    }
}
