import Foundation
import Geo
import OpenEMCore
import OpenEMSimulator
import Testing

@testable import OpenEMServer

/// What the simulator sends is what the server reads: every message type, encoded by `DeviceUpload` and read back
/// by both of the server's readers (the fast scanner and the generic decoder), gives the message it started from.
@Suite struct DeviceUploadTests {
    @Test func everyMessageTypeRoundTripsThroughBothReaders() throws {
        let t = ISOTime.parse("2026-11-30T21:00:00.250Z")!
        let payloads: [TelemetryPayload] = [
            .position(
                PositionFix(
                    coordinate: Coordinate(lat: 51.5, lon: -0.12), accuracyMetres: 8.5, source: .wifi,
                    speed: 1.25, heading: 270)),
            .position(
                PositionFix(
                    coordinate: Coordinate(lat: -33.86, lon: 151.2), accuracyMetres: 250, source: .lbs,
                    speed: nil, heading: nil)),
            .rf(inRange: false),
            .alcohol(AlcoholReading(tac: 0.021, irVoltage: 1.2, temperatureC: 33.5)),
            .tamper(.homeUnitMoved),
            .battery(levelPercent: 15, charging: true),
            .heartbeat,
        ]
        let upload = DeviceUpload(
            deviceId: "device-1",
            messages: payloads.enumerated().map {
                DeviceUpload.Message(seq: Int64($0.offset + 1), time: t, payload: $0.element)
            })
        let body = try upload.body()
        let fast = try #require(Array(body).withUnsafeBytes(TelemetryBatchScanner.scan), "the scanner reads the common shape")
        let decoded = try JSONDecoder().decode(TelemetryController.Batch.self, from: body)
        #expect(fast == decoded)
        #expect(decoded.deviceId == "device-1")
        let read = try decoded.messages.map { try $0.message(deviceId: "device-1", now: t).get() }
        #expect(read.map(\.payload) == payloads)
        #expect(read.map(\.seq) == Array(1...Int64(payloads.count)) && read.allSatisfy { $0.time == t })
    }
}
