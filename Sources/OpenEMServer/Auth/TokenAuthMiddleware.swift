import Foundation
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
        if let token = request.bearerToken {
            let hash = Secrets.sha256Hex(token)
            if let t = try await store.token(hash: hash), !t.revoked, t.expiresAt > clock(),
               let user = try await store.user(id: t.userId), !user.disabled {
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
