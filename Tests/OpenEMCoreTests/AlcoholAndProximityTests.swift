import Foundation
import Geo
import Testing

@testable import OpenEMCore

@Suite("Alcohol")
struct AlcoholRuleTests {
    let wearer = TestWearer(
        conditions: [Condition(id: "alc", rule: .alcohol(AlcoholCondition(mode: .abstinence)))],
        devices: [.alcoholTag])

    func readings(_ tacs: [Double], from t0: Date, ir: Double? = nil) -> Drive<NoOtherParties> {
        var drive = Drive(wearer, start: t0)
        for (n, tac) in tacs.enumerated() {
            drive.send(
                .alcohol(AlcoholReading(tac: tac, irVoltage: ir)), at: t0.addingTimeInterval(Double(n) * 1800),
                device: TestWearer.alcoholTag)
        }
        return drive
    }

    @Test("three consecutive readings over 0.02 g/dL are a drinking event; two are not")
    func threeNotTwo() {
        let t0 = utc("2026-02-02T20:00:00Z")
        let two = readings([0.0, 0.03, 0.05, 0.01, 0.0], from: t0)
        #expect(two.episodes.isEmpty)
        let three = readings([0.0, 0.03, 0.05, 0.06, 0.01], from: t0)
        let events = three.episodes(.alcoholDetected)
        #expect(events.count == 1)
        #expect(events.first?.start == t0.addingTimeInterval(1800))
        #expect(events.first?.end == t0.addingTimeInterval(4 * 1800))
        #expect(events.first?.evidence.readings["peakTac"] == 0.06)
    }

    @Test("an implausibly steep rise is not a confirmed event")
    func implausibleRise() {
        let drive = readings([0.0, 0.3, 0.3, 0.3, 0.0], from: utc("2026-02-02T20:00:00Z"))
        #expect(drive.episodes(.alcoholDetected).isEmpty)
    }

    @Test("an obstructed infra-red sensor is a tamper, and the readings are not used")
    func irObstruction() {
        let drive = readings([0.05, 0.06, 0.07], from: utc("2026-02-02T20:00:00Z"), ir: 0.05)
        #expect(drive.episodes(.tamper).count == 1)
        #expect(drive.episodes(.alcoholDetected).isEmpty)
    }

    @Test("limit mode compares with the order's limit")
    func limitMode() {
        var w = wearer
        w.order.conditions = [Condition(id: "alc", rule: .alcohol(AlcoholCondition(mode: .limit, limitTac: 0.08)))]
        var drive = Drive(w, start: utc("2026-02-02T20:00:00Z"))
        for (n, tac) in [0.03, 0.06, 0.07, 0.07, 0.07].enumerated() {
            drive.send(
                .alcohol(AlcoholReading(tac: tac)), at: utc("2026-02-02T20:00:00Z").addingTimeInterval(Double(n) * 1800),
                device: TestWearer.alcoholTag)
        }
        #expect(drive.episodes.isEmpty)
        for (n, tac) in [0.09, 0.1, 0.11].enumerated() {
            drive.send(
                .alcohol(AlcoholReading(tac: tac)), at: utc("2026-02-03T00:00:00Z").addingTimeInterval(Double(n) * 1800),
                device: TestWearer.alcoholTag)
        }
        #expect(drive.episodes(.alcoholLimitExceeded).count == 1)
    }
}

@Suite("Victim proximity and non-association")
struct ProximityRuleTests {
    let victim = offset(home, east: 3000, north: 0)
    var wearer: TestWearer {
        TestWearer(conditions: [Condition(id: "vp", rule: .victimProximity(VictimProximityCondition(victimDeviceId: "phone-1")))])
    }

    @Test("a stale victim position raises nothing; a fresh one raises warning and breach")
    func staleVictim() {
        let t0 = utc("2026-02-02T12:00:00Z")
        var positions = RecordedPartyPositions()
        positions.record(PartyFix(time: t0.addingTimeInterval(-20 * 60), coordinate: victim, accuracyMetres: 10), for: .device("phone-1"))
        var stale = Drive(wearer, start: t0, others: positions)
        for t in minutes(from: t0, to: t0.addingTimeInterval(300)) { stale.fix(offset(victim, east: -100, north: 0), at: t) }
        #expect(stale.episodes.isEmpty)

        positions.record(PartyFix(time: t0.addingTimeInterval(-60), coordinate: victim, accuracyMetres: 10), for: .device("phone-1"))
        var fresh = Drive(wearer, start: t0, others: positions)
        fresh.fix(offset(victim, east: -100, north: 0), at: t0)
        #expect(fresh.episodes(.victimProximityBreach).count == 1)
        #expect(fresh.episodes(.victimProximityWarning).count == 1)
    }

    @Test("jitter at the breach ring's edge does not flap")
    func hysteresis() {
        let t0 = utc("2026-02-02T12:00:00Z")
        var positions = RecordedPartyPositions()
        for t in minutes(from: t0.addingTimeInterval(-60), to: t0.addingTimeInterval(3600)) {
            positions.record(PartyFix(time: t, coordinate: victim, accuracyMetres: 10), for: .device("phone-1"))
        }
        var drive = Drive(wearer, start: t0, others: positions)
        var rng = SplitMix(state: 3)
        for t in minutes(from: t0, to: t0.addingTimeInterval(3000)) {
            drive.fix(offset(victim, east: -500 + rng.symmetric(20), north: 0), at: t, accuracy: 15)
        }
        #expect(drive.changes.filter { $0.kind == .opened && $0.episode.type == .victimProximityBreach }.count <= 1)
        #expect(drive.changes.filter { $0.kind == .closed }.isEmpty)
    }

    @Test("non-association needs both fresh positions within the distance for the dwell")
    func nonAssociation() {
        let t0 = utc("2026-02-02T12:00:00Z")
        let w = TestWearer(conditions: [
            Condition(id: "na", rule: .nonAssociation(NonAssociationCondition(otherSubjectId: "subj-2", distanceMetres: 100)))
        ])
        var positions = RecordedPartyPositions()
        for t in minutes(from: t0, to: t0.addingTimeInterval(600)) {
            positions.record(PartyFix(time: t, coordinate: victim, accuracyMetres: 10), for: .subject("subj-2"))
        }
        var drive = Drive(w, start: t0, others: positions)
        drive.fix(offset(victim, east: 30, north: 0), at: t0.addingTimeInterval(10))
        #expect(drive.episodes.isEmpty)
        drive.fix(offset(victim, east: 30, north: 0), at: t0.addingTimeInterval(70))
        #expect(drive.episodes(.nonAssociation).count == 1)
        #expect(drive.episodes(.nonAssociation).first?.start == t0.addingTimeInterval(10))
    }
}
