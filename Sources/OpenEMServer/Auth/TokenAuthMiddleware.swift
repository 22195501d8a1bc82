import Foundation
import HTTPTypes
import Hummingbird
import OpenEMCore

/// Resolves `Authorization: Bearer <token>` to a user for every request under `/api`. Whether a route needs a
/// user (and which role) is decided by `Access`, so unauthenticated routes (token, telemetry) share this group.
struct TokenAuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let store: any UserStore
    let clock: @Sendable () -> Date

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        var token = request.bearerToken
        if token == nil, let session = request.cookies[PortalSession.cookie]?.value, !session.isEmpty {
            // The portal's session cookie. Anything but a read must also carry the CSRF token the portal page
            // was given (double submit), so another site cannot act with the cookie.
            if request.method != .get && request.method != .head {
                guard let sent = request.headers[HTTPField.Name("X-CSRF-Token")!],
                    let expected = request.cookies[PortalSession.csrfCookie]?.value, !expected.isEmpty,
                    Secrets.equal(sent, expected)
                else {
                    throw APIError(.forbidden, "CSRF_TOKEN_MISMATCH", "send the page's CSRF token in X-CSRF-Token")
                }
            }
            token = session
        }
        if let token {
            let hash = Secrets.sha256Hex(token)
            if let t = try await store.token(hash: hash), !t.revoked, t.expiresAt > clock(),
                let user = try await store.user(id: t.userId), !user.disabled
            {
                context.user = user
            }
        }
        return try await next(request, context)
    }
}

extension Request {
    var bearerToken: String? {
        guard let header = headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}
