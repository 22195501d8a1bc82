import Foundation

/// Failed sign-ins, counted in the store so a lock holds across restarts and across every node sharing a database.
public protocol LoginThrottleStore: Sendable {
    /// The stored counters of these keys; a key with no failures on record is left out.
    func loginThrottles(_ keys: [ThrottleKey]) async throws -> [ThrottleState]
    /// Counts one failure at `at` against every key, applying `rule` to each key's stored state in one transaction
    /// that holds the keys' rows, so concurrent failures on any node are all counted. Returns the new states.
    func recordLoginFailure(_ keys: [ThrottleKey], at: Date, rule: LoginThrottleRule) async throws -> [ThrottleState]
    /// Forgets these counters (a correct password).
    func clearLoginThrottles(_ keys: [ThrottleKey]) async throws
    /// Every counter locked at `at`, the longest lock first.
    func activeLoginLocks(at: Date) async throws -> [ThrottleState]
}
