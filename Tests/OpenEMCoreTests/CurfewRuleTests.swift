import Foundation
import Geo
import Testing

@testable import OpenEMCore

@Suite("Curfew")
struct CurfewRuleTests {
    let away = offset(home, east: 2000, north: 0)

    @Test("a curfew with no data is NO_COMMUNICATION, never CURFEW_ABSENCE")
    func noDataIsNoCommunication() {
        var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("2026-02-02T17:59:00Z"))
        // Last heard of at 18:00, away from home; then nothing all night.
        drive.fix(away, at: utc("2026-02-02T17:59:00Z"))
        drive.fix(away, at: utc("2026-02-02T18:00:00Z"))
        for t in minutes(from: utc("2026-02-02T18:01:00Z"), to: utc("2026-02-03T08:00:00Z")) { drive.tick(t) }
        #expect(drive.episodes(.curfewAbsence).isEmpty)
        let silence = drive.episodes(.noCommunication)
        #expect(silence.count == 1)
        #expect(silence.first?.start == utc("2026-02-02T18:00:00Z"))
        #expect(silence.first?.end == nil)
        // Data resumes in the morning, at home: the silence closes then.
        drive.fix(home, at: utc("2026-02-03T08:00:00Z"))
        #expect(drive.episodes(.noCommunication).first?.end == utc("2026-02-03T08:00:00Z"))
        #expect(drive.episodes(.curfewAbsence).isEmpty)
    }

    @Test("arriving home 2 minutes into a 5-minute grace is no violation")
    func arrivingWithinGrace() {
        var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("2026-02-02T18:50:00Z"))
        for t in minutes(from: utc("2026-02-02T18:50:00Z"), to: utc("2026-02-02T19:02:00Z")) {
            drive.fix(away, at: t)
            drive.tick(t.addingTimeInterval(30))
        }
        for t in minutes(from: utc("2026-02-02T19:02:00Z"), to: utc("2026-02-02T20:00:00Z")) {
            drive.fix(home, at: t)
            drive.tick(t.addingTimeInterval(30))
        }
        #expect(drive.episodes.isEmpty)
    }

    @Test("not home at window start + grace is raised by the timer, even with no fix after it")
    func startCheckFromTimer() {
        var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("2026-02-02T18:55:00Z"))
        for t in minutes(from: utc("2026-02-02T18:55:00Z"), to: utc("2026-02-02T19:04:00Z")) { drive.fix(away, at: t) }
        drive.tick(utc("2026-02-02T19:04:59Z"))
        #expect(drive.episodes(.curfewAbsence).isEmpty)
        drive.tick(utc("2026-02-02T19:05:00Z"))
        let absence = drive.episodes(.curfewAbsence)
        #expect(absence.count == 1)
        #expect(absence.first?.start == utc("2026-02-02T19:00:00Z"))
        #expect(absence.first?.status == .confirmed)
        #expect(absence.first?.evidence.fixes.first?.distanceMetres ?? 0 > 1900)
    }

    @Test("leaving at 23:00 during the curfew is one violation, ended when home again")
    func leavingDuringWindow() {
        var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("2026-02-02T18:30:00Z"))
        var rng = SplitMix(state: 7)
        for t in minutes(from: utc("2026-02-02T18:30:00Z"), to: utc("2026-02-03T07:30:00Z")) {
            let outing = t >= utc("2026-02-02T23:00:00Z") && t < utc("2026-02-02T23:40:00Z")
            let truth = outing ? away : home
            drive.fix(offset(truth, east: rng.symmetric(5), north: rng.symmetric(5)), at: t, accuracy: 15)
            drive.tick(t.addingTimeInterval(30))
        }
        let absences = drive.episodes(.curfewAbsence)
        #expect(absences.count == 1)
        #expect(absences.first?.start == utc("2026-02-02T23:00:00Z"))
        #expect(absences.first?.end == utc("2026-02-02T23:40:00Z"))
        #expect(absences.first?.evidence.summary.contains("23:00") == true)
        #expect(drive.episodes.count == 1)
    }

    @Test("absent all night on the nights the clocks change: 11 hours in March, 13 in October")
    func dstNights() {
        for (night, start, end, hours) in [
            ("2026-03-28", utc("2026-03-28T19:00:00Z"), utc("2026-03-29T06:00:00Z"), 11.0),
            ("2026-10-24", utc("2026-10-24T18:00:00Z"), utc("2026-10-25T07:00:00Z"), 13.0),
        ] {
            var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("\(night)T17:00:00Z"))
            for t in minutes(from: utc("\(night)T17:00:00Z"), to: end.addingTimeInterval(3600)) {
                drive.fix(away, at: t)
                drive.tick(t.addingTimeInterval(30))
            }
            let absences = drive.episodes(.curfewAbsence)
            #expect(absences.count == 1, "\(night)")
            #expect(absences.first?.start == start, "\(night)")
            #expect(absences.first?.end == end, "\(night)")
            #expect(absences.first.map { $0.end!.timeIntervalSince($0.start) } == hours * 3600, "\(night)")
            #expect(absences.first?.evidence.summary.hasPrefix("Absent for the whole curfew window") == true)
        }
    }

    @Test("with a home unit fitted, its RF reading decides, not GPS")
    func rfIsAuthoritative() {
        var drive = Drive(
            TestWearer(conditions: [curfew()], devices: [.gpsTag, .rfTag, .rfHomeUnit]),
            start: utc("2026-02-02T18:30:00Z"))
        drive.send(.rf(inRange: true), at: utc("2026-02-02T18:30:00Z"), device: TestWearer.homeUnit)
        for t in minutes(from: utc("2026-02-02T18:30:00Z"), to: utc("2026-02-02T22:00:00Z")) {
            drive.fix(away, at: t)  // a wandering GPS fix indoors must not count against the RF reading
            drive.send(.heartbeat, at: t, device: TestWearer.homeUnit)
            drive.tick(t.addingTimeInterval(30))
        }
        #expect(drive.episodes.isEmpty)
        drive.send(.rf(inRange: false), at: utc("2026-02-02T22:00:00Z"), device: TestWearer.homeUnit)
        drive.send(.rf(inRange: true), at: utc("2026-02-02T22:20:00Z"), device: TestWearer.homeUnit)
        let absences = drive.episodes(.curfewAbsence)
        #expect(absences.count == 1)
        #expect(absences.first?.start == utc("2026-02-02T22:00:00Z"))
        #expect(absences.first?.end == utc("2026-02-02T22:20:00Z"))
    }

    @Test("a start-check decision on stale data is provisional, and withdrawn when late data shows the wearer home")
    func provisionalThenWithdrawn() {
        var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("2026-02-02T18:50:00Z"))
        drive.fix(away, at: utc("2026-02-02T18:50:00Z"))
        drive.fix(away, at: utc("2026-02-02T18:51:00Z"))
        drive.send(.heartbeat, at: utc("2026-02-02T18:58:00Z"))  // still talking, but no fixes
        drive.tick(utc("2026-02-02T19:05:00Z"))
        #expect(drive.episodes(.curfewAbsence).first?.status == .provisional)
        drive.fix(home, at: utc("2026-02-02T19:06:00Z"))
        #expect(drive.episodes(.curfewAbsence).isEmpty)
        #expect(drive.changes.last?.kind == .withdrawn)
    }
}
