import Foundation
import Geo
import Testing

@testable import OpenEMCore

@Suite("Attendance")
struct AttendanceRuleTests {
    let office = offset(home, east: 3000, north: 1000)
    var wearer: TestWearer {
        TestWearer(conditions: [
            Condition(
                id: "att",
                rule: .attendance(
                    AttendanceCondition(
                        location: office, radiusMetres: 100, graceMinutes: 10,
                        appointments: [Appointment(start: utc("2026-02-02T10:00:00Z"), end: utc("2026-02-02T11:00:00Z"))])))
        ])
    }

    @Test("arriving within the grace is attendance; not arriving is one missed appointment until arrival")
    func attendance() {
        var onTime = Drive(wearer, start: utc("2026-02-02T09:50:00Z"))
        for t in minutes(from: utc("2026-02-02T09:50:00Z"), to: utc("2026-02-02T11:10:00Z")) {
            onTime.fix(t < utc("2026-02-02T10:08:00Z") ? home : office, at: t)
            onTime.tick(t.addingTimeInterval(30))
        }
        #expect(onTime.episodes.isEmpty)

        var late = Drive(wearer, start: utc("2026-02-02T09:50:00Z"))
        for t in minutes(from: utc("2026-02-02T09:50:00Z"), to: utc("2026-02-02T11:10:00Z")) {
            late.fix(t < utc("2026-02-02T10:30:00Z") ? home : office, at: t)
            late.tick(t.addingTimeInterval(30))
        }
        let missed = late.episodes(.attendanceMissed)
        #expect(missed.count == 1)
        #expect(missed.first?.start == utc("2026-02-02T10:00:00Z"))
        #expect(missed.first?.end == utc("2026-02-02T10:30:00Z"))
    }
}
