import Foundation
import Hummingbird
import NIOCore
import OpenEMCore

/// Per-request state: the authenticated user (set once by `TokenAuthMiddleware`) and the API's JSON coders.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: User?
    /// The connection's peer (nil in router tests); `ClientAddress` says which address a sign-in counts against.
    public var remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        user = nil
        remoteAddress = source.channel.remoteAddress
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
