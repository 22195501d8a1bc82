import Foundation
import Hummingbird
import OpenEMCore

struct AuthController {
    let store: any OpenEMStore
    let hasher: PasswordHasher
    let auditor: Auditor
    let clock: @Sendable () -> Date
    let tokenLifetime: TimeInterval
    let throttle: SignInThrottle
    let clientAddress: ClientAddress

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("auth/token", use: token)
        group.post("auth/revoke", use: revoke)
        group.get("auth/locks", use: locks)
    }

    struct Credentials: Decodable {
        var username: String
        var password: String
    }

    struct TokenResponse: ResponseCodable {
        var token: String
        var expiresAt: Date
        var roles: [Role]
        var forceArea: String?
        var probationRegion: String?
    }

    @Sendable func token(request: Request, context: AppRequestContext) async throws -> TokenResponse {
        let c = try await request.decodeJSON(as: Credentials.self, context: context)
        guard let user = try await check(c.username, c.password, client: clientAddress.of(request, context)) else {
            throw APIError(.unauthorized, "INVALID_CREDENTIALS", "username or password is wrong")
        }
        let (token, expires) = try await issue(for: user)
        return TokenResponse(
            token: token, expiresAt: expires, roles: user.roles, forceArea: user.forceArea,
            probationRegion: user.probationRegion)
    }

    /// A new bearer token for a user whose password was checked (the API and the portal's login both use it).
    func issue(for user: User) async throws -> (token: String, expiresAt: Date) {
        let token = Secrets.randomToken()
        let now = clock()
        let expires = now.addingTimeInterval(tokenLifetime)
        try await store.insertToken(
            AccessToken(
                tokenHash: Secrets.sha256Hex(token), userId: user.id, issuedAt: now,
                expiresAt: expires))
        try await auditor.record(user, "login", "session", user.id)
        return (token, expires)
    }

    /// Checks a username and password from `client`; nil (and an audited denial) when wrong. Throws 429
    /// (`TOO_MANY_ATTEMPTS`, with `Retry-After`) while the attempt is locked out, without checking the password, and
    /// when this failure starts a lock (`SignInThrottle`, `LoginThrottleRule`).
    func check(_ username: String, _ password: String, client: String) async throws -> User? {
        try await throttle.refuseIfLocked(username: username, client: client)
        guard let user = try await store.user(username: username), !user.disabled,
            try await hasher.verify(password, hash: user.passwordHash)
        else {
            try await auditor.record(nil, "login", "session", outcome: .denied)
            try await throttle.failed(username: username, client: client)
            return nil
        }
        try await throttle.succeeded(username: username, client: client)
        return user
    }

    /// A sign-in lock as administrators see it.
    struct LockView: ResponseCodable {
        var scope: ThrottleScope
        var username: String?
        var client: String?
        var lockedUntil: Date
        var retryAfterSeconds: Int
        var lockouts: Int
    }

    /// Every sign-in lock in force now (administrators).
    @Sendable func locks(request: Request, context: AppRequestContext) async throws -> Page<LockView> {
        let actor = try context.requireUser()
        try Access(actor).require(.manageUsers)
        let now = clock()
        let items = try await store.activeLoginLocks(at: now).compactMap { s -> LockView? in
            guard let until = s.lockedUntil, let wait = s.retryAfter(at: now) else { return nil }
            return LockView(
                scope: s.key.scope, username: s.key.username, client: s.key.client, lockedUntil: until,
                retryAfterSeconds: wait, lockouts: s.lockouts)
        }
        try await auditor.record(actor, "list", "login_throttle")
        return Page(items: items, nextCursor: nil)
    }

    /// Revokes the presented token (log out).
    @Sendable func revoke(request: Request, context: AppRequestContext) async throws -> HTTPResponse.Status {
        let user = try context.requireUser()
        guard let token = request.bearerToken else { throw APIError.unauthorized }
        try await store.revokeToken(hash: Secrets.sha256Hex(token))
        try await auditor.record(user, "logout", "session", user.id)
        return .noContent
    }
}
