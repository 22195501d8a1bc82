import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// A wearer with an order and a fitted GPS tag, ready for telemetry.
struct FittedWearer {
    var subjectId: String
    var orderId: String
    var deviceId: String
    var key: String
    var admin: String
}

extension Harness.Client {
    func fittedWearer(
        conditions: (String) -> [[String: Any]], serial: String = "GPS-\(UUID().uuidString.prefix(8))",
        installedAt: String = "2026-11-20T06:00:00Z", cohort: String = "STANDARD",
        forceArea: String = "MPS", region: String = "London", orderType: String = "BAIL"
    ) async throws -> FittedWearer {
        let admin = try await adminToken()
        let (sid, aid) = try await subjectWithCheckedAddress(admin, forceArea: forceArea, region: region)
        var order = Fixtures.order(subjectId: sid, conditions: conditions(aid), orderType: orderType, start: "2026-11-20")
        order["cohort"] = cohort
        let o = try await call(.post, "/api/v1/orders", token: admin, json: order)
        #expect(o.status == .created, "\(o.text)")
        let d = try await call(.post, "/api/v1/devices", token: admin, json: ["serial": serial, "type": "GPS_TAG"])
        let deviceId = try #require(d.json["id"].string), key = try #require(d.json["key"].string)
        let i = try await call(
            .post, "/api/v1/orders/\(o.json["id"].string!)/installations", token: admin,
            json: ["deviceId": deviceId, "installedAt": installedAt])
        #expect(i.status == .created, "\(i.text)")
        return FittedWearer(subjectId: sid, orderId: o.json["id"].string!, deviceId: deviceId, key: key, admin: admin)
    }

    /// A wearer with an abstinence condition whose tag reports four rising TAC readings above the threshold from
    /// 09:00 on the harness's first day (one drinking episode once evaluated).
    func drinkingWearer() async throws -> FittedWearer {
        let drinker = try await fittedWearer(conditions: { _ in [["type": "alcohol", "mode": "ABSTINENCE"]] })
        let readings: [[String: Any]] = (0..<4).map { k in
            ["seq": 100 + k, "type": "alcohol", "time": at("2026-11-20T09:00:00Z", plus: Double(k) * 30), "tac": 0.04 + Double(k) * 0.005]
        }
        #expect(try await send(drinker, readings).status == .ok)
        return drinker
    }

    @discardableResult
    func send(_ w: FittedWearer, _ messages: [[String: Any]]) async throws -> Reply {
        try await call(.post, "/api/v1/telemetry", token: w.key, json: ["deviceId": w.deviceId, "messages": messages])
    }

    func violations(_ w: FittedWearer) async throws -> [JSON] {
        try await call(.get, "/api/v1/violations?subjectId=\(w.subjectId)&limit=1000", token: w.admin).json["items"].array
    }
}

/// Position messages for a list of (time, lat, lon, accuracy).
func fixes(_ points: [(String, Double, Double, Double)], seqFrom: Int) -> [[String: Any]] {
    points.enumerated().map { i, p in
        ["seq": seqFrom + i, "type": "position", "time": p.0, "lat": p.1, "lon": p.2, "accuracyMetres": p.3, "source": "GPS"]
    }
}

/// ISO time `minutes` after a base time.
func at(_ base: String, plus minutes: Double) -> String {
    ISOTime.format(ISOTime.parse(base)!.addingTimeInterval(minutes * 60))
}

@Suite struct TelemetryIngestTests {
    @Test func batchesAreValidatedPerItemAndIdempotent() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            let batch: [[String: Any]] = [
                ["seq": 1, "type": "position", "time": "2026-11-20T11:50:00Z", "lat": 51.5, "lon": -0.12, "accuracyMetres": 8],
                ["seq": 2, "type": "position", "time": "2026-11-20T11:50:30Z", "lat": 95.0, "lon": -0.12, "accuracyMetres": 8],
                ["seq": 3, "type": "battery", "time": "2026-11-20T11:51:00Z", "levelPercent": 80, "charging": false],
                ["seq": 4, "type": "position", "time": "2026-11-20T12:30:00Z", "lat": 51.5, "lon": -0.12, "accuracyMetres": 8],
                ["seq": 5, "type": "teleport", "time": "2026-11-20T11:52:00Z"],
                ["seq": 6, "type": "position", "time": "2026-11-20T11:52:00Z", "lat": "north", "lon": -0.12, "accuracyMetres": 8],
                ["seq": 7, "type": "position", "time": "2026-11-20T11:52:00Z", "lat": 51.5, "lon": -0.12, "accuracyMetres": -1],
                ["seq": 8, "type": "tamper", "time": "2026-11-20T11:53:00Z", "kind": "STRAP"],
                ["type": "heartbeat", "time": "2026-11-20T11:53:00Z"],
            ]
            let r = try await c.send(w, batch)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["accepted"].int == 3)
            #expect(r.json["duplicates"].int == 0)
            let codes = r.json["rejected"].array.map { "\($0["index"].int!):\($0["code"].string!)" }
            #expect(codes == ["1:OUT_OF_RANGE", "3:TIME_IN_FUTURE", "4:UNKNOWN_TYPE", "5:WRONG_TYPE", "6:OUT_OF_RANGE", "8:MISSING_SEQ"])
            let again = try await c.send(w, batch)
            #expect(again.json["accepted"].int == 0)
            #expect(again.json["duplicates"].int == 3)
            let stored = try await c.store.telemetry(afterOffset: 0, limit: 100)
            #expect(stored.map(\.message.seq) == [1, 3, 8])
        }
    }

    @Test func theKeyMustBelongToTheBodysDevice() async throws {
        let h = try await Harness()
        try await h.run { c in
            let a = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            let b = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            let msg = fixes([("2026-11-20T11:50:00Z", 51.5, -0.12, 8)], seqFrom: 1)
            let wrong = try await c.call(.post, "/api/v1/telemetry", token: a.key, json: ["deviceId": b.deviceId, "messages": msg])
            #expect(wrong.status == .unauthorized)
            let none = try await c.call(.post, "/api/v1/telemetry", json: ["deviceId": a.deviceId, "messages": msg])
            #expect(none.status == .unauthorized)
            let userToken = try await c.call(.post, "/api/v1/telemetry", token: a.admin, json: ["deviceId": a.deviceId, "messages": msg])
            #expect(userToken.status == .unauthorized)
            let notShape = try await c.call(.post, "/api/v1/telemetry", token: a.key, json: ["deviceId": a.deviceId, "messages": "lots"])
            #expect(notShape.status == .badRequest)
            let tooMany = (0..<10_001).map { i -> [String: Any] in ["seq": i, "type": "heartbeat", "time": "2026-11-20T11:50:00Z"] }
            let big = try await c.call(.post, "/api/v1/telemetry", token: a.key, json: ["deviceId": a.deviceId, "messages": tooMany])
            #expect(big.status == .contentTooLarge)
            #expect(try await c.store.latestTelemetryOffset() == 0, "nothing is stored from a refused request")
        }
    }
}

@Suite struct EvaluationTests {
    static let edge = 51.5100  // the exclusion square's southern edge
    static let centre = (51.5125, -0.1250)

    @Test func jitterAlongAZoneEdgeRaisesNothingButARealEntryRaisesOne() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.fittedWearer(conditions: { _ in [Fixtures.exclusion()] }, installedAt: "2026-11-20T11:39:00Z")
            // 24 fixes scattering ±11 m across the edge with a 20 m confidence circle.
            let jitter = (0..<24).map { i in
                (at("2026-11-20T11:40:00Z", plus: Double(i) * 0.5), Self.edge + (i % 2 == 0 ? 0.0001 : -0.0001), -0.125, 20.0)
            }
            #expect(try await c.send(w, fixes(jitter, seqFrom: 1)).json["accepted"].int == 24)
            try await c.evaluate()
            #expect(try await c.violations(w).map { $0["type"].string } == [])

            let entry = (0..<7).map { i in (at("2026-11-20T11:53:00Z", plus: Double(i)), Self.centre.0, Self.centre.1, 8.0) }
            _ = try await c.send(w, fixes(entry, seqFrom: 100))
            try await c.evaluate()
            let v = try await c.violations(w)
            #expect(v.map { $0["type"].string } == ["EXCLUSION_ZONE_ENTRY"])
            #expect(v.first?["evidence"]["fixes"].count ?? 0 > 0)
            #expect(v.first?["late"].bool == false)
            // The violation raised exactly one alert.
            let alerts = try await c.store.alerts(AlertQuery())
            #expect(alerts.count == 1)
            #expect(alerts.first?.violationId == v.first?["id"].string)
        }
    }

    @Test func aCurfewWithNoDataIsNoCommunicationNotAbsence() async throws {
        let h = try await Harness()
        try await h.run { c in
            c.clock.advance(6 * 3600 + 31 * 60)  // 18:31
            let w = try await c.fittedWearer(
                conditions: { aid in [Fixtures.curfew(addressId: aid)] },
                installedAt: "2026-11-20T18:00:00Z")
            let home = (0..<30).map { i in (at("2026-11-20T18:00:00Z", plus: Double(i)), 51.5007, -0.1246, 8.0) }
            _ = try await c.send(w, fixes(home, seqFrom: 1))
            try await c.evaluate()
            c.clock.advance(60 * 60)  // 19:31: the window opened at 19:00 with no data since 18:29
            try await c.evaluate()
            let types = try await c.violations(w).compactMap { $0["type"].string }
            #expect(types.contains("NO_COMMUNICATION"))
            #expect(!types.contains("CURFEW_ABSENCE"))
        }
    }

    @Test func leavingHomeDuringTheCurfewIsAbsence() async throws {
        let h = try await Harness()
        try await h.run { c in
            c.clock.advance(7 * 3600)  // 19:00
            let w = try await c.fittedWearer(
                conditions: { aid in [Fixtures.curfew(addressId: aid)] },
                installedAt: "2026-11-20T18:00:00Z")
            let home = (0..<60).map { i in (at("2026-11-20T18:00:00Z", plus: Double(i)), 51.5007, -0.1246, 8.0) }
            _ = try await c.send(w, fixes(home, seqFrom: 1))
            try await c.evaluate()
            c.clock.advance(60 * 60)  // 20:00
            let away = (0..<60).map { i in (at("2026-11-20T19:00:00Z", plus: Double(i)), 51.5100 + Double(i) * 0.0002, -0.1100, 8.0) }
            _ = try await c.send(w, fixes(away, seqFrom: 100))
            try await c.evaluate()
            let v = try await c.violations(w)
            #expect(v.compactMap { $0["type"].string } == ["CURFEW_ABSENCE"])
        }
    }
}
