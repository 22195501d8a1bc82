import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: LoginThrottleStore {
    static func throttle(_ r: Row) throws -> ThrottleState {
        let lockedUntil: Int64? = r["locked_until"]
        return ThrottleState(
            key: ThrottleKey(
                scope: try ThrottleScope(stored: r["scope"], column: "login_throttle.scope"), username: r["username"],
                client: r["client"]),
            failures: r["failures"], windowStart: date(r["window_start"]), lockouts: r["lockouts"],
            lockedUntil: lockedUntil.map(date), lastFailure: date(r["last_failure"]))
    }

    static func throttle(_ db: Database, _ key: ThrottleKey) throws -> ThrottleState? {
        try Row.fetchOne(db, sql: "SELECT * FROM login_throttle WHERE key = ?", arguments: [key.id]).map(throttle)
    }

    public func loginThrottles(_ keys: [ThrottleKey]) async throws -> [ThrottleState] {
        try await read { db in try keys.compactMap { try Self.throttle(db, $0) } }
    }

    public func recordLoginFailure(_ keys: [ThrottleKey], at: Date, rule: LoginThrottleRule) async throws -> [ThrottleState] {
        // One write transaction: SQLite lets one writer in at a time, so concurrent failures are counted in turn.
        try await write { db in
            try keys.map { key in
                let s = rule.afterFailure(try Self.throttle(db, key), key: key, at: at)
                try db.execute(
                    sql: """
                        INSERT INTO login_throttle (key, scope, username, client, failures, window_start, lockouts, locked_until, last_failure)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
                          lockouts = excluded.lockouts, locked_until = excluded.locked_until, last_failure = excluded.last_failure
                        """,
                    arguments: [
                        key.id, key.scope.rawValue, key.username, key.client, s.failures, ms(s.windowStart), s.lockouts,
                        s.lockedUntil.map(ms), ms(s.lastFailure),
                    ])
                return s
            }
        }
    }

    public func clearLoginThrottles(_ keys: [ThrottleKey]) async throws {
        try await write { db in
            for key in keys { try db.execute(sql: "DELETE FROM login_throttle WHERE key = ?", arguments: [key.id]) }
        }
    }

    public func activeLoginLocks(at: Date) async throws -> [ThrottleState] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM login_throttle WHERE locked_until > ? ORDER BY locked_until DESC, key", arguments: [ms(at)]
            ).map(Self.throttle)
        }
    }
}
