import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Failed sign-ins slow down and then answer 429 (`SignInThrottle`, `LoginThrottleRule`).
@Suite struct LoginThrottleTests {
    /// A token request for `username` from the client at `address` (a trusted proxy's `X-Forwarded-For`).
    static func attempt(_ c: Harness.Client, _ username: String, _ password: String, from address: String) async throws -> Reply {
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        let headers: HTTPFields = [.contentType: "application/json", HTTPField.Name("X-Forwarded-For")!: "203.0.113.99, \(address)"]
        return try await c.raw.execute(uri: "/api/v1/auth/token", method: .post, headers: headers, body: ByteBuffer(bytes: body)) { r in
            Reply(status: r.status, json: JSON(buffer: r.body), headers: r.headers, text: String(buffer: r.body))
        }
    }

    @Test func thirtyWrongPasswordsAreThrottledAndTheRealUserIsNotLockedOutForLong() async throws {
        let h = try await Harness { $0.trustForwardedFor = true }
        try await h.run { c in
            _ = try await c.user("victim", ["monitoring_officer"])
            _ = try await c.user("other", ["monitoring_officer"])
            var statuses: [HTTPResponse.Status] = []
            var last: Reply?
            for _ in 0..<30 {
                let r = try await Self.attempt(c, "victim", "guess-guess", from: "198.51.100.7")
                statuses.append(r.status)
                last = r
            }
            #expect(statuses.prefix(4).allSatisfy { $0 == .unauthorized }, "\(statuses)")
            #expect(statuses.dropFirst(4).allSatisfy { $0 == .tooManyRequests }, "\(statuses)")
            let locked = try #require(last)
            #expect(locked.json["error"]["code"].string == "TOO_MANY_ATTEMPTS")
            let wait = try #require(locked.headers[.retryAfter].flatMap { Int($0) })
            #expect(wait > 0 && wait <= 60, "the first lock is a minute: \(wait)")
            #expect(locked.json["error"]["message"].string?.contains("wait 1 minute") == true)
            // The right password from the attacker's address is refused too while locked, without being checked.
            #expect(try await Self.attempt(c, "victim", "password-victim", from: "198.51.100.7").status == .tooManyRequests)
            // The real user from another address signs in; a different user from the attacker's address too.
            #expect(try await Self.attempt(c, "victim", "password-victim", from: "192.0.2.10").status == .ok)
            #expect(try await Self.attempt(c, "other", "password-other", from: "198.51.100.7").status == .ok)

            // Administrators see the lock, and it is in the audit log.
            let admin = try await c.adminToken()
            let locks = try await c.call(.get, "/api/v1/auth/locks", token: admin)
            #expect(locks.status == .ok)
            let lock = locks.json["items"][0]
            #expect(lock["scope"].string == "USER_CLIENT" && lock["username"].string == "victim" && lock["client"].string == "198.51.100.7")
            #expect(lock["lockouts"].int == 1)
            let officer = try await c.login("other", "password-other")
            #expect(try await c.call(.get, "/api/v1/auth/locks", token: officer).status == .forbidden)
            let audit = try await c.call(.get, "/api/v1/audit?limit=500", token: admin)
            let lockEntries = audit.json["items"].array.filter { $0["action"].string == "login_locked" }
            #expect(lockEntries.count == 1 && lockEntries.first?["resourceId"].string == "USER_CLIENT|victim|198.51.100.7")

            // After the lock ends the real user's password works from the attacker's address as well.
            c.clock.advance(61)
            #expect(try await Self.attempt(c, "victim", "password-victim", from: "198.51.100.7").status == .ok)
            #expect(try await c.call(.get, "/api/v1/auth/locks", token: admin).json["items"].count == 0)
        }
    }

    @Test func repeatedLocksGrowUpToFifteenMinutes() async throws {
        let h = try await Harness { $0.trustForwardedFor = true }
        try await h.run { c in
            var waits: [Int] = []
            for _ in 0..<6 {
                var r: Reply?
                for _ in 0..<5 { r = try await Self.attempt(c, "admin", "wrong-wrong", from: "198.51.100.8") }
                let wait = try #require(r?.headers[.retryAfter].flatMap { Int($0) })
                waits.append(wait)
                c.clock.advance(TimeInterval(wait + 1))
            }
            #expect(waits == [60, 120, 240, 480, 900, 900])
        }
    }

    @Test func thePortalSignInFormIsThrottledAndSaysHowLongToWait() async throws {
        let h = try await Harness()
        try await h.run { c in
            let page = try await c.call(.get, "/login")
            let cookie = try #require(page.headers[.setCookie])
            let csrf = String(try #require(cookie.split(separator: ";").first?.split(separator: "=").last))
            var last: (status: HTTPResponse.Status, headers: HTTPFields, text: String)?
            for _ in 0..<6 {
                let headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .cookie: "openem_csrf=\(csrf)"]
                last = try await c.raw.execute(
                    uri: "/login", method: .post, headers: headers,
                    body: ByteBuffer(string: "csrf=\(csrf)&next=%2F&username=admin&password=wrong-wrong")
                ) { r in (r.status, r.headers, String(buffer: r.body)) }
            }
            let r = try #require(last)
            #expect(r.status == .tooManyRequests)
            #expect(r.headers[.retryAfter] != nil)
            #expect(r.text.contains("Too many failed sign-ins: wait 1 minute and try again."), "\(r.text)")
            #expect(r.text.contains("<form method=\"post\" action=\"/login\""))
        }
    }
}
