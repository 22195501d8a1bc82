import Foundation
import Testing

@testable import OpenEMCore

@Suite("Curfew compliance calendar")
struct CurfewCalendarTests {
    let nights = WeeklyTimetable(rows: [row(Weekday.allCases, "19:00", "07:00")], timeZone: london)

    func violation(
        _ type: ViolationType, _ start: String, _ end: String?, _ status: ViolationStatus = .confirmed,
        condition: EntityID? = "curfew"
    ) -> Violation {
        Violation(
            subjectId: "s", orderId: "o", conditionId: condition, deviceId: nil, type: type, status: status,
            start: utc(start), end: end.map(utc), late: false, evidence: ViolationEvidence(summary: "", fixes: []),
            createdAt: utc(start), updatedAt: utc(start))
    }

    @Test("each night is kept, broken, without data, unmonitored or still running; no data is never kept")
    func outcomes() {
        let period = DateInterval(start: utc("2026-11-20T12:00:00Z"), end: utc("2026-11-26T12:00:00Z"))
        let calendar = CurfewCalendar.nights(
            timetable: nights, conditionId: "curfew", period: period, now: utc("2026-11-25T22:00:00Z"),
            monitoredFrom: utc("2026-11-21T10:00:00Z"),
            violations: [
                violation(.curfewAbsence, "2026-11-22T23:10:00Z", "2026-11-22T23:40:00Z"),
                violation(.noCommunication, "2026-11-23T18:00:00Z", "2026-11-24T09:00:00Z", condition: nil),
                violation(.curfewAbsence, "2026-11-24T21:00:00Z", "2026-11-24T21:20:00Z", .withdrawn),
                violation(.exclusionZoneEntry, "2026-11-21T20:00:00Z", "2026-11-21T20:30:00Z", condition: "zone"),
            ])
        #expect(calendar.map(\.outcome) == [.notMonitored, .kept, .broken, .noData, .kept, .inProgress])
        #expect(calendar.first?.day == LocalDay(year: 2026, month: 11, day: 20))
        #expect(calendar.first?.window == DateInterval(start: utc("2026-11-20T19:00:00Z"), end: utc("2026-11-21T07:00:00Z")))
    }

    @Test("a breach of another curfew condition does not mark this one broken")
    func otherCondition() {
        let period = DateInterval(start: utc("2026-11-20T12:00:00Z"), end: utc("2026-11-21T12:00:00Z"))
        let calendar = CurfewCalendar.nights(
            timetable: nights, conditionId: "curfew", period: period, now: utc("2026-11-22T12:00:00Z"),
            monitoredFrom: utc("2026-11-01T00:00:00Z"),
            violations: [violation(.curfewAbsence, "2026-11-20T23:00:00Z", "2026-11-20T23:30:00Z", condition: "other")])
        #expect(calendar.map(\.outcome) == [.kept])
    }
}
