import Foundation
import Geo
import OpenEMCore
import Testing

@Suite struct TelemetryContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func device(_ store: any RegistryStore, _ serial: String) async throws -> Device {
        let d = Device(serial: serial, type: .gpsAlcoholTag, keyHash: serial, createdAt: t0)
        try await store.insertDevice(d)
        return d
    }

    @Test(arguments: StoreKind.available)
    func everyPayloadRoundTripsResendsAreDuplicatesAndBacklogsComeBackInEventTimeOrder(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let d = try await Self.device(store, "GA-1")
        let payloads: [TelemetryPayload] = [
            .position(PositionFix(coordinate: .init(lat: 51.5, lon: -0.1), accuracyMetres: 300, source: .lbs, speed: 1.5, heading: 90)),
            .position(PositionFix(coordinate: .init(lat: 51.6, lon: -0.2), accuracyMetres: 8)),
            .rf(inRange: true), .rf(inRange: false),
            .alcohol(AlcoholReading(tac: 0.031, irVoltage: 2.5, temperatureC: 33.1)), .alcohol(AlcoholReading(tac: 0)),
            .tamper(.strap), .tamper(.homeUnitMoved), .battery(levelPercent: 18, charging: true), .heartbeat,
        ]
        // Newest first (a backlog arriving after live data), spanning two weeks; one repeated within the batch.
        let messages = payloads.enumerated().reversed().map { i, p in
            TelemetryMessage(deviceId: d.id, seq: Int64(i), time: Self.t0.addingTimeInterval(Double(i) * 86_400), payload: p)
        }
        let r = try await store.appendTelemetry(messages + [messages[0]], receivedAt: Self.t0)
        #expect(r == TelemetryAppendResult(accepted: payloads.count, duplicates: 1))
        #expect(try await store.appendTelemetry(Array(messages.prefix(3)), receivedAt: Self.t0) == TelemetryAppendResult(accepted: 0, duplicates: 3))
        let ordered = try await store.telemetry(deviceIds: [d.id], from: Self.t0, to: Self.t0.addingTimeInterval(30 * 86_400), limit: 100)
        #expect(ordered.map(\.message.payload) == payloads)
        #expect(ordered.map(\.message.time) == payloads.indices.map { Self.t0.addingTimeInterval(Double($0) * 86_400) })
        let log = try await store.telemetry(afterOffset: 0, limit: 100)
        #expect(log.map(\.message.seq) == messages.map(\.seq), "the log is in arrival order")
        #expect(log.map(\.offset) == Array(1...Int64(payloads.count)))
        #expect(try await store.latestTelemetryOffset() == Int64(payloads.count))
        #expect(try await store.telemetry(afterOffset: 8, limit: 100).map(\.offset) == [9, 10])
        await #expect(throws: StoreError.self) {
            _ = try await store.appendTelemetry(
                [TelemetryMessage(deviceId: "unknown", seq: 1, time: Self.t0, payload: .heartbeat)], receivedAt: Self.t0)
        }
        await done()
    }

    @Test(arguments: StoreKind.available)
    func concurrentAppendsGiveAGaplessLogThatAReaderFollowingItNeverSkips(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        var made: [Device] = []
        for i in 0..<4 { made.append(try await Self.device(store, "C-\(i)")) }
        let devices = made
        let batches = 25, size = 20
        // A reader follows the log while four writers append.
        async let followed: [Int64] = {
            var seen: [Int64] = []
            var cursor: Int64 = 0
            while seen.count < devices.count * batches * size {
                let page = try await store.telemetry(afterOffset: cursor, limit: 500)
                seen += page.map(\.offset)
                cursor = page.last?.offset ?? cursor
            }
            return seen
        }()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for d in devices {
                group.addTask {
                    for b in 0..<batches {
                        let msgs = (0..<size).map { k in
                            TelemetryMessage(
                                deviceId: d.id, seq: Int64(b * size + k), time: Self.t0.addingTimeInterval(Double(b * size + k)),
                                payload: .heartbeat)
                        }
                        _ = try await store.appendTelemetry(msgs, receivedAt: Self.t0)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await followed == Array(1...Int64(devices.count * batches * size)))
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aBatchForAnUnknownDeviceFailsAloneWhenOthersArriveWithIt(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let d = try await Self.device(store, "G-1")
        let outcomes = try await withThrowingTaskGroup(of: Bool.self) { group in
            for i in 0..<12 {
                group.addTask {
                    let device = i == 5 ? "unknown" : d.id
                    let msgs = (0..<10).map { k in
                        TelemetryMessage(
                            deviceId: device, seq: Int64(i * 10 + k), time: Self.t0.addingTimeInterval(Double(i * 10 + k)), payload: .heartbeat)
                    }
                    do {
                        return try await store.appendTelemetry(msgs, receivedAt: Self.t0).accepted == 10
                    } catch StoreError.notFound {
                        return i == 5
                    }
                }
            }
            return try await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(outcomes.count == 12 && outcomes.allSatisfy { $0 })
        #expect(try await store.latestTelemetryOffset() == 110)
        await done()
    }
}
