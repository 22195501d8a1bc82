import Foundation
import HTTPTypes
import Hummingbird
import OpenEMCore

/// The address a sign-in attempt is counted against: the connection's peer. `X-Forwarded-For` is believed only when
/// the deployment says a proxy it trusts sits in front (`ServerConfiguration.trustForwardedFor`, set by
/// `OPENEM_TRUST_FORWARDED_FOR=1`), and then only its last entry, the one that proxy added itself: earlier entries are
/// whatever the client chose to send.
struct ClientAddress {
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    let trustForwardedFor: Bool

    func of(_ request: Request, _ context: AppRequestContext) -> String {
        if trustForwardedFor, let header = request.headers[Self.forwardedFor],
            let last = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return last
        }
        return context.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// Applies `LoginThrottleRule` to sign-ins, for the API's token endpoint and the portal's form alike: refuses an
/// attempt while any of its counters is locked, counts failures, forgets them on success, and audits every new lock.
struct SignInThrottle {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    let rule: LoginThrottleRule

    /// 429 with `Retry-After` when any of the attempt's counters is locked now.
    func refuseIfLocked(username: String, client: String) async throws {
        let now = clock()
        let waits = try await store.loginThrottles(ThrottleKey.attempt(username: username, client: client))
            .compactMap { $0.retryAfter(at: now) }
        if let longest = waits.max() { throw APIError.tooManyAttempts(retryAfter: longest) }
    }

    /// Counts a failed attempt; audits each lock it starts, and answers 429 when it started one.
    func failed(username: String, client: String) async throws {
        let now = clock()
        let states = try await store.recordLoginFailure(ThrottleKey.attempt(username: username, client: client), at: now, rule: rule)
        let locked = states.filter(rule.startedLock)
        for s in locked {
            try await auditor.record(
                nil, "login_locked", "login_throttle", s.key.id, outcome: .denied,
                detail: "\(s.key.scope.rawValue) locked until \(ISOTime.format(s.lockedUntil ?? now)) (lock \(s.lockouts) in a row)")
        }
        if let longest = locked.compactMap({ $0.retryAfter(at: now) }).max() {
            throw APIError.tooManyAttempts(retryAfter: longest)
        }
    }

    /// A correct password: the user's own counters start again (the client's does not; see `LoginThrottleRule`).
    func succeeded(username: String, client: String) async throws {
        try await store.clearLoginThrottles(ThrottleKey.attempt(username: username, client: client).filter { $0.scope != .client })
    }
}
