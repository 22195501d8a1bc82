import Foundation
import Hummingbird
import Logging
import NIOCore
import OpenEMCore

/// Maps every error to the API's error JSON, so no handler formats errors itself and nothing leaks as a bare 500.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let redirect as PortalPages.RedirectToLogin {
            return try redirect.response(from: request, context: context)
        } catch {
            return try Self.map(error, context: context).response(from: request, context: context)
        }
    }

    static func map(_ error: any Error, context: Context) -> APIError {
        switch error {
        case let e as DecodingError:
            return APIError(.badRequest, "MALFORMED_BODY", describe(e))
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, "BODY_TOO_LARGE", "the request body is larger than allowed")
        case let e as StoreError:
            switch e {
            case .conflict(let m): return .conflict("CONFLICT", m)
            case .notFound(let m): return .notFound(m)
            case .unavailable(let m):
                context.logger.error("store unavailable: \(m)")
                return APIError(.serviceUnavailable, "STORE_UNAVAILABLE", "the data store is unavailable; retry later")
            }
        case let e as UnknownStoredCode:
            context.logger.error("store: \(e)")
            return APIError(.internalServerError, "INTERNAL", "a stored record could not be read (this is a bug)")
        case let e as UnreadableStoredDocument:
            context.logger.error("store: \(e)")
            return APIError(.internalServerError, "INTERNAL", "a stored record could not be read (this is a bug)")
        case let e as HTTPError:
            let code: String =
                switch e.status.code {
                case 413: "BODY_TOO_LARGE"
                case 404: "NOT_FOUND"
                case 405: "METHOD_NOT_ALLOWED"
                case 401: "UNAUTHENTICATED"
                case 415: "UNSUPPORTED_MEDIA_TYPE"
                default: e.status.code < 500 ? "BAD_REQUEST" : "INTERNAL"
                }
            let message =
                e.body
                ?? (e.status.code == 413
                    ? "the request body is larger than allowed"
                    : e.status.reasonPhrase)
            if e.status.code >= 500 { context.logger.error("HTTP error \(e.status.code): \(message)") }
            return APIError(e.status, code, message)
        default:
            context.logger.error("unhandled error: \(String(reflecting: type(of: error)))")
            return APIError(.internalServerError, "INTERNAL", "an internal error occurred (this is a bug)")
        }
    }

    static func describe(_ e: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String {
            let p = c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "body" : String(p.drop(while: { $0 == "." }))
        }
        switch e {
        case .typeMismatch(let t, let ctx): return "\(path(ctx.codingPath)): expected \(t); \(ctx.debugDescription)"
        case .valueNotFound(_, let ctx): return "\(path(ctx.codingPath)): a value is required"
        case .keyNotFound(let k, let ctx): return "\(path(ctx.codingPath + [k])): is required"
        case .dataCorrupted(let ctx):
            if ctx.codingPath.isEmpty { return "the body is not valid JSON" + (ctx.underlyingError.map { _ in "" } ?? "") }
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default: return "the body does not have the expected shape"
        }
    }
}
