import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: LoginThrottleStore {
    static let throttleColumns = "scope, username, client, failures, window_start, lockouts, locked_until, last_failure"

    static func throttles<S: AsyncSequence>(_ rows: S) async throws -> [ThrottleState] where S.Element == PostgresRow {
        var out: [ThrottleState] = []
        for try await (scope, username, client, failures, windowStart, lockouts, lockedUntil, lastFailure)
            in rows.decode((String, String?, String?, Int, Date, Int, Date?, Date).self)
        {
            out.append(
                ThrottleState(
                    key: ThrottleKey(
                        scope: try ThrottleScope(stored: scope, column: "login_throttle.scope"), username: username, client: client),
                    failures: failures, windowStart: msDate(windowStart), lockouts: lockouts, lockedUntil: lockedUntil.map(msDate),
                    lastFailure: msDate(lastFailure)))
        }
        return out
    }

    public func loginThrottles(_ keys: [ThrottleKey]) async throws -> [ThrottleState] {
        var out: [ThrottleState] = []
        for key in keys {
            out += try await Self.throttles(
                query("SELECT \(unescaped: Self.throttleColumns) FROM login_throttle WHERE key = \(key.id)"))
        }
        return out
    }

    public func recordLoginFailure(_ keys: [ThrottleKey], at: Date, rule: LoginThrottleRule) async throws -> [ThrottleState] {
        let now = msDate(at)
        return try await transaction { c in
            var out: [ThrottleState] = []
            // Keys in one order on every node, so two nodes counting the same keys never wait on each other in a cycle.
            for key in keys.sorted(by: { $0.id < $1.id }) {
                // The row exists before it is locked, so two nodes' first failures on a key are both counted.
                try await c.query(
                    """
                    INSERT INTO login_throttle (key, scope, username, client, failures, window_start, lockouts, locked_until, last_failure)
                    VALUES (\(key.id), \(key.scope.rawValue), \(key.username), \(key.client), 0, \(now), 0, NULL, \(now))
                    ON CONFLICT (key) DO NOTHING
                    """, logger: self.logger)
                let stored = try await Self.throttles(
                    c.query(
                        "SELECT \(unescaped: Self.throttleColumns) FROM login_throttle WHERE key = \(key.id) FOR UPDATE",
                        logger: self.logger)
                ).first
                let s = rule.afterFailure(stored, key: key, at: now)
                try await c.query(
                    """
                    UPDATE login_throttle SET failures = \(s.failures), window_start = \(s.windowStart), lockouts = \(s.lockouts),
                      locked_until = \(s.lockedUntil), last_failure = \(s.lastFailure) WHERE key = \(key.id)
                    """, logger: self.logger)
                out.append(s)
            }
            return out
        }
    }

    public func clearLoginThrottles(_ keys: [ThrottleKey]) async throws {
        for key in keys { try await query("DELETE FROM login_throttle WHERE key = \(key.id)") }
    }

    public func activeLoginLocks(at: Date) async throws -> [ThrottleState] {
        try await Self.throttles(
            query(
                """
                SELECT \(unescaped: Self.throttleColumns) FROM login_throttle WHERE locked_until > \(msDate(at))
                ORDER BY locked_until DESC, key
                """))
    }
}
