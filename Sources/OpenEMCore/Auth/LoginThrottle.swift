import Foundation

/// What a run of failed sign-ins is counted against.
public enum ThrottleScope: String, Codable, Sendable, CaseIterable {
    /// One user name from one client address: the client that keeps guessing is stopped first and soonest, and the
    /// real user signing in from anywhere else is not.
    case accountFromClient = "USER_CLIENT"
    /// One user name from any address: guesses spread over many clients.
    case account = "USER"
    /// One client address, any user names: one password tried against many accounts.
    case client = "CLIENT"
}

/// One counter of failed sign-ins.
public struct ThrottleKey: Sendable, Hashable, Codable {
    public var scope: ThrottleScope
    public var username: String?
    public var client: String?

    public init(scope: ThrottleScope, username: String?, client: String?) {
        self.scope = scope
        self.username = username
        self.client = client
    }

    /// The stored key: scope, user name and client address.
    public var id: String { [scope.rawValue, username ?? "", client ?? ""].joined(separator: "|") }

    /// The three counters one sign-in attempt by `username` from `client` is counted against.
    public static func attempt(username: String, client: String) -> [ThrottleKey] {
        [
            ThrottleKey(scope: .accountFromClient, username: username, client: client),
            ThrottleKey(scope: .account, username: username, client: nil),
            ThrottleKey(scope: .client, username: nil, client: client),
        ]
    }
}

/// A counter's stored state.
public struct ThrottleState: Sendable, Hashable, Codable {
    public var key: ThrottleKey
    /// Failures since `windowStart` (set back to 0 when a lock starts).
    public var failures: Int
    public var windowStart: Date
    /// Locks in a row: each is twice as long as the one before, up to the rule's cap.
    public var lockouts: Int
    public var lockedUntil: Date?
    public var lastFailure: Date

    public init(key: ThrottleKey, failures: Int, windowStart: Date, lockouts: Int, lockedUntil: Date?, lastFailure: Date) {
        self.key = key
        self.failures = failures
        self.windowStart = windowStart
        self.lockouts = lockouts
        self.lockedUntil = lockedUntil
        self.lastFailure = lastFailure
    }

    /// Seconds until the lock ends (rounded up), or nil when not locked at `now`.
    public func retryAfter(at now: Date) -> Int? {
        guard let until = lockedUntil, until > now else { return nil }
        return Int(until.timeIntervalSince(now).rounded(.up))
    }
}

/// Login throttling as OWASP ASVS (v4 2.2.1, v5 6.3) asks: a soft lock that grows, never a permanent one.
///
/// Each failed sign-in counts against three keys (`ThrottleKey.attempt`): the user name from that client, the user
/// name from anywhere, and that client for any user name. When a key reaches its threshold of failures within
/// `window`, it is locked: the first lock lasts `firstLock`, each further lock in a row twice as long, capped at
/// `maxLock` (15 minutes); lockouts are forgiven after `forgiveAfter` without a failure. While any of an attempt's
/// keys is locked the attempt is answered 429 with `Retry-After` and the password is not checked (nor counted).
///
/// The thresholds are chosen so one client guessing one account is stopped after 5 guesses (its own
/// `USER_CLIENT` lock), and, locked ever longer, manages about 20 guesses in a 15-minute window: well under the
/// account's threshold of 50, so the real user signing in from another address is not locked out by it. Only
/// guesses from several addresses at once lock the account itself, and then briefly. A correct password clears the
/// user's `USER_CLIENT` and `USER` counters; a client's `CLIENT` counter is never cleared by a success, since a
/// client spraying passwords may hold one good account of its own.
public struct LoginThrottleRule: Sendable, Hashable {
    public var thresholds: [ThrottleScope: Int]
    public var window: TimeInterval
    public var firstLock: TimeInterval
    public var maxLock: TimeInterval
    public var forgiveAfter: TimeInterval

    public init(
        thresholds: [ThrottleScope: Int], window: TimeInterval, firstLock: TimeInterval, maxLock: TimeInterval,
        forgiveAfter: TimeInterval
    ) {
        self.thresholds = thresholds
        self.window = window
        self.firstLock = firstLock
        self.maxLock = maxLock
        self.forgiveAfter = forgiveAfter
    }

    public static let standard = LoginThrottleRule(
        thresholds: [.accountFromClient: 5, .account: 50, .client: 100], window: 15 * 60, firstLock: 60,
        maxLock: 15 * 60, forgiveAfter: 24 * 3600)

    /// How long the `lockouts`-th lock in a row lasts.
    public func lockDuration(lockouts: Int) -> TimeInterval {
        let doubled = firstLock * pow(2, Double(max(0, min(lockouts - 1, 20))))
        return min(doubled, maxLock)
    }

    /// A counter after one more failure at `now`: locked when it reaches its threshold.
    public func afterFailure(_ stored: ThrottleState?, key: ThrottleKey, at now: Date) -> ThrottleState {
        var s =
            stored
            ?? ThrottleState(key: key, failures: 0, windowStart: now, lockouts: 0, lockedUntil: nil, lastFailure: now)
        if now.timeIntervalSince(s.lastFailure) > forgiveAfter { s.lockouts = 0 }
        if now.timeIntervalSince(s.windowStart) > window {
            s.failures = 0
            s.windowStart = now
        }
        s.failures += 1
        s.lastFailure = now
        if s.failures >= thresholds[key.scope, default: Int.max] {
            s.lockouts += 1
            s.lockedUntil = now.addingTimeInterval(lockDuration(lockouts: s.lockouts))
            s.failures = 0
            s.windowStart = now
        }
        return s
    }

    /// Whether the failure that produced `s` started its lock (as `afterFailure` leaves a counter that just locked).
    public func startedLock(_ s: ThrottleState) -> Bool {
        s.failures == 0 && s.lockedUntil == s.lastFailure.addingTimeInterval(lockDuration(lockouts: s.lockouts))
    }
}
