import Foundation
import Hummingbird
import OpenEMCore

/// Per-request state: the authenticated user (set once by `TokenAuthMiddleware`) and the API's JSON coders.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
    }

    /// Telemetry batches of up to 10,000 messages fit comfortably.
    public var maxUploadSize: Int { 8 * 1024 * 1024 }
    public var requestDecoder: JSONDecoder { APIJSON.decoder() }
    public var responseEncoder: JSONEncoder { APIJSON.encoder() }

    /// The signed-in user, or 401.
    func requireUser() throws -> User {
        guard let user else { throw APIError.unauthorized }
        return user
    }
}
