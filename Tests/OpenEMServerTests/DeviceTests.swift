import Foundation
import Hummingbird
import Testing

@Suite struct DeviceTests {
    @Test func keyIsShownOnceAndOneActiveInstallationPerDevice() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let (sid, aid) = try await c.subjectWithCheckedAddress(admin)
            let order = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(subjectId: sid, conditions: [Fixtures.curfew(addressId: aid)]))
            let orderId = order.json["id"].string!
            let d = try await c.call(.post, "/api/v1/devices", token: admin, json: ["serial": "GPS-0001", "type": "GPS_TAG"])
            #expect(d.status == .created)
            #expect((d.json["key"].string?.count ?? 0) >= 40)
            let deviceId = d.json["id"].string!
            let again = try await c.call(.get, "/api/v1/devices/\(deviceId)", token: admin)
            #expect(again.json["key"].isNull)
            // The stored form is a digest, not the key.
            let stored = try await c.store.device(id: deviceId)
            #expect(stored?.keyHash != d.json["key"].string)

            #expect(try await c.call(.post, "/api/v1/devices", token: admin, json: ["serial": "GPS-0001", "type": "GPS_TAG"]).status == .conflict)
            #expect(try await c.call(.post, "/api/v1/devices", token: admin, json: ["serial": "X", "type": "TOASTER"]).status == .badRequest)

            let i = try await c.call(
                .post, "/api/v1/orders/\(orderId)/installations", token: admin,
                json: ["deviceId": deviceId, "installedAt": "2026-11-20T10:00:00Z"])
            #expect(i.status == .created, "\(i.text)")
            let second = try await c.call(
                .post, "/api/v1/orders/\(orderId)/installations", token: admin,
                json: ["deviceId": deviceId, "installedAt": "2026-11-20T11:00:00Z"])
            #expect(second.status == .conflict)
            #expect(second.json["error"]["code"].string == "DEVICE_ALREADY_INSTALLED")
            let removed = try await c.call(
                .post, "/api/v1/installations/\(i.json["id"].string!)/removal", token: admin,
                json: ["removedAt": "2026-11-20T11:30:00+00:00"])
            #expect(removed.json["removedAt"].string == "2026-11-20T11:30:00.000Z")
            #expect(
                try await c.call(
                    .post, "/api/v1/orders/\(orderId)/installations", token: admin,
                    json: ["deviceId": deviceId]
                ).status == .created)
            let history = try await c.call(.get, "/api/v1/devices/\(deviceId)/installations", token: admin)
            #expect(history.json["items"].count == 2)
            let pc = try await c.user("pc", ["police"], forceArea: "MPS")
            #expect(try await c.call(.post, "/api/v1/devices", token: pc, json: ["serial": "Z", "type": "RF_TAG"]).status == .forbidden)
        }
    }
}
