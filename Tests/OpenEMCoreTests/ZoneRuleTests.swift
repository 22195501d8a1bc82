import Foundation
import Geo
import Testing

@testable import OpenEMCore

@Suite("Exclusion and inclusion zones")
struct ZoneRuleTests {
    let zoneWest = 500.0
    var wearer: TestWearer {
        TestWearer(conditions: [
            Condition(
                id: "zone-1",
                rule: .zone(
                    ZoneCondition(
                        kind: .exclusion, name: "Victim's street", geometry: squareZone(westEdgeEast: zoneWest, size: 400))))
        ])
    }

    @Test("fixes jittering along an exclusion zone's edge raise nothing; a real entry raises exactly one violation")
    func jitterThenRealEntry() {
        let t0 = utc("2026-02-02T10:00:00Z")
        var drive = Drive(wearer, start: t0)
        var rng = SplitMix(state: 42)
        // An hour walking up and down the west edge; every fix scattered by up to 20 m, accuracy 20 m.
        for (n, t) in minutes(from: t0, to: t0.addingTimeInterval(3600)).enumerated() {
            let truth = offset(home, east: zoneWest, north: Double(n % 30) * 10 - 150)
            drive.fix(offset(truth, east: rng.symmetric(20), north: rng.symmetric(20)), at: t, accuracy: 20)
            drive.tick(t.addingTimeInterval(30))
        }
        #expect(drive.episodes(.exclusionZoneEntry).isEmpty)

        // Now walk 150 m into the zone and stay ten minutes, then leave.
        let t1 = t0.addingTimeInterval(3600)
        for (n, t) in minutes(from: t1, to: t1.addingTimeInterval(600)).enumerated() {
            drive.fix(offset(home, east: zoneWest + 150 + rng.symmetric(15), north: rng.symmetric(15)), at: t, accuracy: 20)
            _ = n
        }
        let t2 = t1.addingTimeInterval(600)
        for t in minutes(from: t2, to: t2.addingTimeInterval(300)) {
            drive.fix(offset(home, east: zoneWest - 200, north: 0), at: t, accuracy: 20)
        }
        let entries = drive.episodes(.exclusionZoneEntry)
        #expect(entries.count == 1)
        #expect(entries.first?.start == t1)  // from the first fix inside, not the confirming one
        #expect(entries.first?.end == t2)
        #expect(entries.first?.status == .confirmed)
        #expect(entries.first?.evidence.fixes.first?.accuracyMetres == 20)
        #expect(entries.first?.evidence.summary.contains("Victim's street") == true)
        #expect(drive.changes.filter { $0.kind == .opened }.count == 1)
    }

    @Test("a single fix inside is not an entry (the dwell needs two)")
    func singleFixIsNotEnough() {
        let t0 = utc("2026-02-02T10:00:00Z")
        var drive = Drive(wearer, start: t0)
        drive.fix(offset(home, east: zoneWest - 300, north: 0), at: t0)
        drive.fix(offset(home, east: zoneWest + 200, north: 0), at: t0.addingTimeInterval(60))
        drive.fix(offset(home, east: zoneWest - 300, north: 0), at: t0.addingTimeInterval(120))
        #expect(drive.episodes.isEmpty)
    }

    @Test("an inclusion zone with a schedule: outside during its hours is a breach, outside after them is not")
    func inclusionZoneSchedule() {
        let circle = geometry("{\"type\":\"Point\",\"coordinates\":[\(home.lon),\(home.lat)]}")
        let w = TestWearer(conditions: [
            Condition(
                id: "inc-1",
                rule: .zone(
                    ZoneCondition(
                        kind: .inclusion, name: "Town centre", geometry: circle, radiusMetres: 1000,
                        schedule: [row(Weekday.allCases, "09:00", "17:00")])))
        ])
        // 2026-02-03 is a Tuesday; London is on GMT.
        let t0 = utc("2026-02-03T16:50:00Z")
        var drive = Drive(w, start: utc("2026-02-03T08:00:00Z"))
        for t in minutes(from: t0, to: t0.addingTimeInterval(30 * 60)) {
            drive.fix(offset(home, east: 3000, north: 0), at: t)
            drive.tick(t.addingTimeInterval(30))
        }
        let exits = drive.episodes(.inclusionZoneExit)
        #expect(exits.count == 1)
        #expect(exits.first?.start == t0)
        #expect(exits.first?.end == utc("2026-02-03T17:00:00Z"))  // closed by the schedule, not left open
    }
}
