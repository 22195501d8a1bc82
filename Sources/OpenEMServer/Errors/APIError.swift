import Foundation
import Hummingbird
import OpenEMCore

/// One problem in a request, for `details`.
public struct ErrorDetail: Codable, Sendable, Hashable {
    public var field: String?
    public var code: String
    public var message: String
    public init(field: String? = nil, code: String, message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// Every failure a client can cause, rendered once as `{"error":{"code","message","details"}}`.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var details: [ErrorDetail]
    /// Seconds a client should wait before trying again (`Retry-After`), on a 429.
    public var retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: [ErrorDetail] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    public static let unauthorized = APIError(.unauthorized, "UNAUTHENTICATED", "a valid bearer token is required")
    public static func forbidden(_ why: String = "your role or scope does not allow this") -> APIError {
        APIError(.forbidden, "FORBIDDEN", why)
    }
    public static func notFound(_ what: String) -> APIError { APIError(.notFound, "NOT_FOUND", "\(what) not found") }
    public static func validation(_ details: [ErrorDetail]) -> APIError {
        APIError(
            .unprocessableContent, "VALIDATION_FAILED",
            details.count == 1 ? details[0].message : "\(details.count) problems in the request", details: details)
    }
    public static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code, message) }
    public static func conflict(_ code: String, _ message: String) -> APIError { APIError(.conflict, code, message) }
    /// 400 `TOO_LONG` when any of these free-text fields is over `TextLimits.freeText`.
    public static func requireShort(_ fields: [(String, String?)]) throws {
        let problems = TextLimits.problems(fields)
        guard let first = problems.first else { return }
        throw APIError(
            .badRequest, "TOO_LONG", first.message,
            details: problems.map { ErrorDetail(field: $0.field, code: $0.code, message: $0.message) })
    }
    /// Too many failed sign-ins: wait `seconds`.
    public static func tooManyAttempts(retryAfter seconds: Int) -> APIError {
        let minutes = max(1, (seconds + 59) / 60)
        var e = APIError(
            .tooManyRequests, "TOO_MANY_ATTEMPTS",
            "too many failed sign-ins: wait \(minutes) minute\(minutes == 1 ? "" : "s") and try again")
        e.retryAfter = seconds
        return e
    }

    struct Body: Codable {
        struct Inner: Codable {
            var code: String
            var message: String
            var details: [ErrorDetail]
        }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try APIJSON.encoder().encode(Body(error: .init(code: code, message: message, details: details)))
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
