import Foundation
import Hummingbird
import Testing

@Suite struct AuthTests {
    @Test func loginIssuesAnExpiringTokenWithRoles() async throws {
        let h = try await Harness()
        try await h.run { c in
            let r = try await c.call(.post, "/api/v1/auth/token", json: ["username": "admin", "password": Harness.Client.adminPassword])
            #expect(r.status == .ok)
            #expect(r.json["roles"][0].string == "admin")
            #expect(r.json["expiresAt"].string == "2026-11-21T00:00:00.000Z")
            let me = try await c.call(.get, "/api/v1/users/me", token: r.json["token"].string)
            #expect(me.status == .ok)
            #expect(me.json["username"].string == "admin")
            #expect(me.json["passwordHash"].isNull)
        }
    }

    @Test func wrongPasswordAndMissingTokenAre401() async throws {
        let h = try await Harness()
        try await h.run { c in
            let bad = try await c.call(.post, "/api/v1/auth/token", json: ["username": "admin", "password": "nope-nope"])
            #expect(bad.status == .unauthorized)
            #expect(bad.json["error"]["code"].string == "INVALID_CREDENTIALS")
            let none = try await c.call(.get, "/api/v1/subjects")
            #expect(none.status == .unauthorized)
            #expect(none.json["error"]["code"].string == "UNAUTHENTICATED")
            let garbage = try await c.call(.get, "/api/v1/subjects", token: "not-a-token")
            #expect(garbage.status == .unauthorized)
        }
    }

    @Test func expiredAndRevokedTokensStopWorking() async throws {
        let h = try await Harness()
        try await h.run { c in
            let t1 = try await c.adminToken()
            c.clock.advance(13 * 3600)
            #expect(try await c.call(.get, "/api/v1/users/me", token: t1).status == .unauthorized)
            let t2 = try await c.adminToken()
            #expect(try await c.call(.post, "/api/v1/auth/revoke", token: t2).status == .noContent)
            #expect(try await c.call(.get, "/api/v1/users/me", token: t2).status == .unauthorized)
        }
    }

    @Test func adminCreatesAUserOfEveryRole() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let roles: [(String, [String: Any])] = [
                ("admin", [:]), ("order_manager", [:]), ("monitoring_officer", [:]),
                ("probation", ["probationRegion": "London"]), ("police", ["forceArea": "MPS"]),
                ("crime_analyst", ["forceArea": "KNT"]), ("analyst", [:]),
            ]
            for (role, extra) in roles {
                var body: [String: Any] = ["username": "u-\(role)", "password": "long-enough-pw", "roles": [role]]
                body.merge(extra) { a, _ in a }
                let r = try await c.call(.post, "/api/v1/users", token: admin, json: body)
                #expect(r.status == .created, "\(role): \(r.text)")
                #expect(r.json["roles"][0].string == role)
            }
            let list = try await c.call(.get, "/api/v1/users", token: admin)
            #expect(list.json["items"].count == 8)
        }
    }

    @Test func userRulesAreEnforced() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let noForce = try await c.call(
                .post, "/api/v1/users", token: admin,
                json: ["username": "cop", "password": "long-enough-pw", "roles": ["police"]])
            #expect(noForce.status == .unprocessableContent)
            #expect(noForce.json["error"]["details"][0]["field"].string == "forceArea")
            let badRole = try await c.call(
                .post, "/api/v1/users", token: admin,
                json: ["username": "x1", "password": "long-enough-pw", "roles": ["wizard"]])
            #expect(badRole.status == .badRequest)
            #expect(badRole.json["error"]["code"].string == "MALFORMED_BODY")
            let ok = try await c.call(
                .post, "/api/v1/users", token: admin,
                json: ["username": "dup", "password": "long-enough-pw", "roles": ["analyst"]])
            #expect(ok.status == .created)
            let dup = try await c.call(
                .post, "/api/v1/users", token: admin,
                json: ["username": "dup", "password": "long-enough-pw", "roles": ["analyst"]])
            #expect(dup.status == .conflict)
            #expect(dup.json["error"]["code"].string == "USERNAME_TAKEN")
            let police = try await c.user("pc1", ["police"], forceArea: "MPS")
            let forbidden = try await c.call(
                .post, "/api/v1/users", token: police,
                json: ["username": "x2", "password": "long-enough-pw", "roles": ["admin"]])
            #expect(forbidden.status == .forbidden)
        }
    }
}
