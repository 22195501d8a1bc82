import Foundation
import Geo
import Testing

@testable import OpenEMCore

/// Fixes of unknown accuracy (an OsmAnd client that sent neither accuracy nor HDOP) are kept, but prove nothing
/// on their own: they never raise a breach, and count as "home" only when a measured fix corroborates them.
@Suite("Fixes of unknown accuracy")
struct UnknownAccuracyTests {
    let zoneWest = 500.0

    @Test("an hour of unknown-accuracy fixes deep inside an exclusion zone raises nothing; two measured ones do")
    func neverAloneAZoneBreach() {
        let zone = Condition(
            id: "zone-1",
            rule: .zone(ZoneCondition(kind: .exclusion, name: "Victim's street", geometry: squareZone(westEdgeEast: zoneWest, size: 400))))
        let t0 = utc("2026-02-02T10:00:00Z")
        var drive = Drive(TestWearer(conditions: [zone]), start: t0)
        let inside = offset(home, east: zoneWest + 200, north: 0)
        for t in minutes(from: t0, to: t0.addingTimeInterval(3600)) {
            drive.fix(inside, at: t, accuracy: nil)
            drive.tick(t.addingTimeInterval(30))
        }
        #expect(drive.episodes.isEmpty, "no zone entry, and positions arriving are not silence either")
        let t1 = t0.addingTimeInterval(3600)
        drive.fix(inside, at: t1, accuracy: 10)
        drive.fix(inside, at: t1.addingTimeInterval(60), accuracy: 10)
        #expect(drive.episodes(.exclusionZoneEntry).count == 1)
        #expect(drive.episodes(.exclusionZoneEntry).first?.start == t1, "the entry rests on the measured fixes only")
    }

    @Test("an unknown-accuracy fix at home does not cancel a measured absence during the curfew")
    func cannotCancelAnAbsence() {
        var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("2026-02-02T18:30:00Z"))
        for t in minutes(from: utc("2026-02-02T18:30:00Z"), to: utc("2026-02-02T23:00:00Z")) {
            drive.fix(home, at: t)
            drive.tick(t.addingTimeInterval(30))
        }
        let away = offset(home, east: 2000, north: 0)
        drive.fix(away, at: utc("2026-02-02T23:00:00Z"))
        drive.fix(home, at: utc("2026-02-02T23:01:00Z"), accuracy: nil)
        drive.fix(away, at: utc("2026-02-02T23:02:00Z"))
        drive.tick(utc("2026-02-02T23:02:30Z"))
        let absences = drive.episodes(.curfewAbsence)
        #expect(absences.count == 1)
        #expect(absences.first?.start == utc("2026-02-02T23:00:00Z"))
    }

    @Test("after a measured absence, unknown-accuracy fixes at the address make the start check wait, not raise or clear")
    func startCheckWaits() {
        var drive = Drive(TestWearer(conditions: [curfew()]), start: utc("2026-02-02T18:30:00Z"))
        let away = offset(home, east: 2000, north: 0)
        for t in minutes(from: utc("2026-02-02T18:30:00Z"), to: utc("2026-02-02T18:50:00Z")) { drive.fix(away, at: t) }
        for t in minutes(from: utc("2026-02-02T18:50:00Z"), to: utc("2026-02-02T19:30:00Z")) {
            drive.fix(home, at: t, accuracy: nil)
            drive.tick(t.addingTimeInterval(30))
        }
        #expect(drive.episodes.isEmpty, "nothing proves the wearer away at 19:05, nor home")
        // A measured fix settles it.
        drive.fix(home, at: utc("2026-02-02T19:30:00Z"), accuracy: 8)
        drive.fix(home, at: utc("2026-02-02T19:31:00Z"), accuracy: 8)
        for t in minutes(from: utc("2026-02-02T19:32:00Z"), to: utc("2026-02-02T21:00:00Z")) { drive.tick(t) }
        #expect(drive.episodes(.curfewAbsence).isEmpty)
    }

    @Test("at the address, unknown accuracy counts as home only with a measured home fix within the gap limit and no away since")
    func corroboration() throws {
        let wearer = TestWearer(conditions: [curfew()]).compiled
        let curfew = try #require(wearer.curfews.first)
        let t = utc("2026-02-02T20:00:00Z")
        func fix(_ c: Coordinate, accuracy: Double?) -> FixObservation {
            FixObservation(time: t, coordinate: c, accuracyMetres: accuracy, source: .gps, previousFix: nil, trusted: accuracy != nil)
        }
        func state(measuredHome: Date?, lastSide: Bool?) -> CurfewState {
            var s = CurfewState(conditionId: "curfew-1")
            s.measuredHomeAt = measuredHome
            s.presence.lastSide = lastSide
            return s
        }
        let gap = wearer.fixGapSeconds
        func side(_ f: FixObservation, _ s: CurfewState, distance: Double = 5) -> Bool? {
            CurfewRule.side(of: f, distance: distance, curfew: curfew, state: s, gapSeconds: gap)
        }
        let unknown = fix(home, accuracy: nil)
        #expect(side(unknown, state(measuredHome: t.addingTimeInterval(-120), lastSide: false)) == false)
        #expect(side(unknown, state(measuredHome: nil, lastSide: false)) == nil, "alone it proves nothing")
        #expect(side(unknown, state(measuredHome: t.addingTimeInterval(-gap - 60), lastSide: false)) == nil, "too long ago")
        #expect(side(unknown, state(measuredHome: t.addingTimeInterval(-120), lastSide: true)) == nil, "measured away since")
        #expect(side(unknown, state(measuredHome: t.addingTimeInterval(-120), lastSide: false), distance: 2000) == nil, "never away")
        // A measured fix is classified by its circle, as before.
        #expect(side(fix(home, accuracy: 10), state(measuredHome: nil, lastSide: nil), distance: 5) == false)
        #expect(side(fix(home, accuracy: 10), state(measuredHome: nil, lastSide: nil), distance: 2000) == true)
        #expect(side(fix(home, accuracy: 10), state(measuredHome: nil, lastSide: nil), distance: 45) == nil)
    }
}
