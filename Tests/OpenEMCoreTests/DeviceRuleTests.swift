import Foundation
import Testing

@testable import OpenEMCore

@Suite("Device events")
struct DeviceRuleTests {
    @Test("low battery once per discharge, then silence after it is a flat battery, not no-communication")
    func lowThenFlat() {
        // Battery reports hourly here, so allow two hours of silence before no-communication.
        var w = TestWearer(conditions: [])
        w.config.noCommunicationSeconds[.gpsTag] = 2 * 3600
        var drive = Drive(w, start: utc("2026-02-02T10:00:00Z"))
        drive.send(.battery(levelPercent: 35, charging: false), at: utc("2026-02-02T10:00:00Z"))
        drive.send(.battery(levelPercent: 20, charging: false), at: utc("2026-02-02T11:00:00Z"))
        drive.send(.battery(levelPercent: 12, charging: false), at: utc("2026-02-02T12:00:00Z"))
        drive.send(.battery(levelPercent: 4, charging: false), at: utc("2026-02-02T13:00:00Z"))
        #expect(drive.episodes(.lowBattery).count == 1)
        #expect(drive.episodes(.lowBattery).first?.start == utc("2026-02-02T11:00:00Z"))
        for t in minutes(from: utc("2026-02-02T13:01:00Z"), to: utc("2026-02-02T15:01:00Z")) { drive.tick(t) }
        let flat = drive.episodes(.batteryFlat)
        #expect(flat.count == 1)
        #expect(flat.first?.start == utc("2026-02-02T13:00:00Z"))
        #expect(drive.episodes(.noCommunication).isEmpty)
        // Back on charge: both end.
        drive.send(.battery(levelPercent: 6, charging: true), at: utc("2026-02-02T16:00:00Z"))
        #expect(drive.episodes(.batteryFlat).first?.end == utc("2026-02-02T16:00:00Z"))
        #expect(drive.episodes(.lowBattery).first?.end == utc("2026-02-02T16:00:00Z"))
        // The next discharge warns again.
        drive.send(.battery(levelPercent: 50, charging: false), at: utc("2026-02-02T17:00:00Z"))
        drive.send(.battery(levelPercent: 18, charging: false), at: utc("2026-02-02T18:00:00Z"))
        #expect(drive.episodes(.lowBattery).count == 2)
    }

    @Test("a battery reported at 0% is flat at once")
    func zeroPercentIsFlat() {
        var drive = Drive(TestWearer(conditions: []), start: utc("2026-02-02T10:00:00Z"))
        drive.send(.battery(levelPercent: 0, charging: false), at: utc("2026-02-02T10:00:00Z"))
        #expect(drive.episodes(.batteryFlat).count == 1)
        #expect(drive.episodes(.lowBattery).count == 1)
    }

    @Test("a strap tamper is one episode; repeats within ten minutes extend it, later ones are new")
    func tamper() {
        var drive = Drive(TestWearer(conditions: []), start: utc("2026-02-02T10:00:00Z"))
        drive.send(.tamper(.strap), at: utc("2026-02-02T10:00:00Z"))
        drive.send(.tamper(.strap), at: utc("2026-02-02T10:05:00Z"))
        drive.send(.tamper(.case), at: utc("2026-02-02T10:06:00Z"))
        drive.send(.tamper(.strap), at: utc("2026-02-02T11:00:00Z"))
        let tampers = drive.episodes(.tamper)
        #expect(tampers.count == 3)
        #expect(tampers.first?.end == utc("2026-02-02T10:05:00Z"))
        #expect(tampers.first?.evidence.summary.contains("Strap") == true)
        #expect(tampers.allSatisfy { $0.status == .confirmed && $0.key.deviceId == TestWearer.gps })
    }

    @Test("no communication opens after the device type's limit and closes when data arrives")
    func noCommunicationLimits() {
        var drive = Drive(TestWearer(conditions: [], devices: [.gpsTag, .alcoholTag]), start: utc("2026-02-02T10:00:00Z"))
        drive.send(.heartbeat, at: utc("2026-02-02T10:00:00Z"))
        drive.send(.alcohol(AlcoholReading(tac: 0)), at: utc("2026-02-02T10:00:00Z"), device: TestWearer.alcoholTag)
        drive.tick(utc("2026-02-02T10:10:00Z"))
        #expect(drive.episodes(.noCommunication).map(\.key.deviceId) == [TestWearer.gps])
        drive.tick(utc("2026-02-02T11:15:00Z"))  // the alcohol tag's limit is 75 minutes
        #expect(drive.episodes(.noCommunication).count == 2)
        drive.send(.heartbeat, at: utc("2026-02-02T11:20:00Z"))
        #expect(drive.episodes(.noCommunication).first { $0.key.deviceId == TestWearer.gps }?.end == utc("2026-02-02T11:20:00Z"))
    }
}
