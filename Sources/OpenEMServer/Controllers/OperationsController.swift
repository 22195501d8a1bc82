import Foundation
import Hummingbird
import OpenEMCore
import Prometheus

struct OperationsController {
    let store: any OpenEMStore
    let registry: PrometheusCollectorRegistry
    let version: String

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health", use: health)
        router.get("metrics", use: metrics)
        router.get("openapi.json", use: openAPI)
    }

    struct Health: ResponseCodable {
        var status: String
        var version: String
        var store: String
    }

    @Sendable func health(request: Request, context: AppRequestContext) async throws -> Response {
        do {
            _ = try await store.user(username: "__health_probe__")
            return try APIJSON.response(Health(status: "ok", version: version, store: "ok"))
        } catch {
            context.logger.error("health: store unavailable")
            return try APIJSON.response(
                Health(status: "degraded", version: version, store: "unavailable"),
                status: .serviceUnavailable)
        }
    }

    @Sendable func metrics(request: Request, context: AppRequestContext) async throws -> Response {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func openAPI(request: Request, context: AppRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
}

extension APIJSON {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encoder().encode(value))))
    }
}
