import Foundation
import Geo
import Hummingbird
import OpenEMCore
import Testing

/// The OsmAnd endpoint as Traccar Client and generic trackers use it.
@Suite struct OsmAndTests {
    /// A victim phone registered through the API; its key is the OsmAnd id.
    static func phone(_ c: Harness.Client) async throws -> (id: String, key: String) {
        let admin = try await c.adminToken()
        let d = try await c.call(
            .post, "/api/v1/devices", token: admin,
            json: ["serial": "PHONE-\(UUID().uuidString.prefix(6))", "type": "VICTIM_PHONE"])
        #expect(d.status == .created, "\(d.text)")
        return (try #require(d.json["id"].string), try #require(d.json["key"].string))
    }

    static func stored(_ c: Harness.Client, _ deviceId: String) async throws -> [TelemetryMessage] {
        try await c.store.telemetry(afterOffset: 0, limit: 1000).map(\.message).filter { $0.deviceId == deviceId }
    }

    @Test func queryFormIsStoredAsAPositionAndABatteryReadingAndResendsAreDuplicates() async throws {
        let h = try await Harness()
        try await h.run { c in
            let phone = try await Self.phone(c)
            // Traccar Client: timestamp in Unix seconds, speed in knots, batt in percent.
            let path =
                "/osmand?id=\(phone.key)&lat=51.5123&lon=-0.1245&timestamp=1763639400&accuracy=12.5"
                + "&speed=10&bearing=270&altitude=35&batt=64&charge=true"
            let r = try await c.call(.get, path)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["accepted"].int == 2)
            let again = try await c.call(.get, path)
            #expect(again.json["accepted"].int == 0)
            #expect(again.json["duplicates"].int == 2)

            let messages = try await Self.stored(c, phone.id)
            #expect(messages.count == 2)
            let position = try #require(messages.first { if case .position = $0.payload { true } else { false } })
            #expect(position.time == Date(timeIntervalSince1970: 1_763_639_400))
            guard case .position(let fix) = position.payload else { return }
            #expect(fix.coordinate == Coordinate(lat: 51.5123, lon: -0.1245))
            #expect(fix.accuracyMetres == 12.5)
            #expect(abs((fix.speed ?? 0) - 5.14444) < 0.001)
            #expect(fix.heading == 270)
            let battery = try #require(messages.first { if case .battery = $0.payload { true } else { false } })
            guard case .battery(let level, let charging) = battery.payload else { return }
            #expect(level == 64 && charging)
        }
    }

    @Test func formBodyAndMillisecondAndISOTimestampsAreAccepted() async throws {
        let h = try await Harness()
        try await h.run { c in
            let phone = try await Self.phone(c)
            let form = "id=\(phone.key)&lat=51.5&lon=-0.12&timestamp=1763639460000&accuracy=8"
            let r = try await c.call(.post, "/osmand", body: form, contentType: "application/x-www-form-urlencoded")
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["accepted"].int == 1)
            // POST with everything in the query and an empty body, as older clients do.
            let q = try await c.call(.post, "/osmand?id=\(phone.key)&location=51.501,-0.121&timestamp=2025-11-20%2011:52:00&hdop=2")
            #expect(q.status == .ok, "\(q.text)")
            let times = try await Self.stored(c, phone.id).map(\.time).sorted()
            #expect(times == [Date(timeIntervalSince1970: 1_763_639_460), ISOTime.parse("2025-11-20T11:52:00Z")!])
            let hdopFix = try await Self.stored(c, phone.id).compactMap { m -> PositionFix? in
                if case .position(let f) = m.payload, m.time == ISOTime.parse("2025-11-20T11:52:00Z") { return f } else { return nil }
            }
            #expect(hdopFix.first?.accuracyMetres == 10, "accuracy is estimated as HDOP x 5 m when not given")
        }
    }

    @Test func traccarClientJSONFormIsAccepted() async throws {
        let h = try await Harness()
        try await h.run { c in
            let phone = try await Self.phone(c)
            let body: [String: Any] = [
                "device_id": phone.key,
                "location": [
                    "timestamp": "2026-11-20T11:55:00.000Z",
                    "coords": ["latitude": 51.52, "longitude": -0.11, "accuracy": 6, "speed": 1.5, "heading": 90, "altitude": 20],
                    "is_moving": true, "odometer": 1234,
                    "battery": ["level": 0.42, "is_charging": false],
                    "activity": ["type": "walking"],
                ] as [String: Any],
            ]
            let r = try await c.call(.post, "/osmand", json: body)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["accepted"].int == 2)
            let messages = try await Self.stored(c, phone.id)
            #expect(messages.allSatisfy { $0.time == ISOTime.parse("2026-11-20T11:55:00Z") })
            var sawFix = false, sawBattery = false
            for m in messages {
                switch m.payload {
                case .position(let f):
                    sawFix = true
                    #expect(f.coordinate == Coordinate(lat: 51.52, lon: -0.11) && f.accuracyMetres == 6 && f.speed == 1.5)
                case .battery(let level, let charging):
                    sawBattery = true
                    #expect(abs(level - 42) < 1e-9 && !charging)
                default: Issue.record("unexpected \(m.payload)")
                }
            }
            #expect(sawFix && sawBattery)
        }
    }

    @Test func badReportsAreClear4xxAndStoreNothing() async throws {
        let h = try await Harness()
        try await h.run { c in
            let phone = try await Self.phone(c)
            let cases: [(String, HTTPResponse.Status, String)] = [
                ("/osmand?lat=51.5&lon=-0.12&accuracy=5", .badRequest, "MISSING_ID"),
                ("/osmand?id=not-a-key&lat=51.5&lon=-0.12&accuracy=5", .unauthorized, "INVALID_DEVICE_ID"),
                ("/osmand?id=\(phone.key)&lat=95&lon=-0.12&accuracy=5", .badRequest, "OUT_OF_RANGE"),
                ("/osmand?id=\(phone.key)&lat=abc&lon=-0.12&accuracy=5", .badRequest, "INVALID_PARAMETER"),
                ("/osmand?id=\(phone.key)&location=51.5&accuracy=5", .badRequest, "INVALID_PARAMETER"),
                ("/osmand?id=\(phone.key)&lat=51.5&accuracy=5", .badRequest, "MISSING_FIELD"),
                ("/osmand?id=\(phone.key)&lat=51.5&lon=-0.12&accuracy=5&timestamp=yesterday", .badRequest, "INVALID_TIMESTAMP"),
                ("/osmand?id=\(phone.key)&lat=51.5&lon=-0.12&accuracy=5&timestamp=2030-01-01T00:00:00Z", .badRequest, "TIME_IN_FUTURE"),
                ("/osmand?id=\(phone.key)&cell=234,15,1234,5678&timestamp=2030-01-01T00:00:00Z", .badRequest, "TIME_IN_FUTURE"),
            ]
            for (path, status, code) in cases {
                let r = try await c.call(.get, path)
                #expect(r.status == status, "\(path): \(r.text)")
                #expect(r.json["error"]["code"].string == code, "\(path): \(r.text)")
            }
            let badJSON = try await c.call(
                .post, "/osmand", body: "{\"device_id\":\"\(phone.key)\",\"location\":{\"coords\":{\"latitude\":\"north\"}}}")
            #expect(badJSON.status == .badRequest, "\(badJSON.text)")
            let truncated = try await c.call(.post, "/osmand", body: "{\"device_id\":")
            #expect(truncated.status == .badRequest, "\(truncated.text)")
            #expect(try await Self.stored(c, phone.id).isEmpty)
        }
    }

    @Test func anUnreadableOptionalFieldIsLeftOutAndNamedAndThePositionKept() async throws {
        let h = try await Harness()
        try await h.run { c in
            let phone = try await Self.phone(c)
            let r = try await c.call(
                .get, "/osmand?id=\(phone.key)&lat=51.5&lon=-0.12&accuracy=5&timestamp=1763639400&batt=140&charge=maybe&speed=fast")
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["stored"].array.compactMap(\.string) == ["position"])
            #expect(Set(r.json["ignored"].array.compactMap { $0["field"].string }) == ["batt", "charge", "speed"])
            let messages = try await Self.stored(c, phone.id)
            guard case .position(let f) = messages.first?.payload, messages.count == 1 else {
                Issue.record("expected the one position, got \(messages)")
                return
            }
            #expect(f.coordinate == Coordinate(lat: 51.5, lon: -0.12) && f.speed == nil)
        }
    }
}
