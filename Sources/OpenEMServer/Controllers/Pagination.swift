import Foundation
import Hummingbird

/// The API's list shape: `{"items": [...], "nextCursor": ...}`.
struct Page<Item: Codable & Sendable>: ResponseCodable, Sendable {
    var items: [Item]
    var nextCursor: String?
}

extension Request {
    /// `limit` from the query, 1...max, default 50; a bad value is a 400 rather than silently ignored.
    func limit(default value: Int = 50, max: Int = 500) throws -> Int {
        guard let text = uri.queryParameters[Substring("limit")] else { return value }
        guard let n = Int(String(text)), n >= 1, n <= max else {
            throw APIError.badRequest("INVALID_LIMIT", "limit must be a whole number from 1 to \(max)")
        }
        return n
    }

    func query(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension Array where Element: Sendable {
    /// Fetched `limit + 1` rows: the extra one says there is a next page.
    func page(limit: Int, cursor: (Element) -> String) -> (items: [Element], next: String?) {
        if count > limit { return (Array(prefix(limit)), cursor(self[limit - 1])) }
        return (self, nil)
    }
}

extension Request {
    /// Decodes an optional body: an empty body is nil, a malformed one is still a 400.
    func decodeIfPresent<T: Decodable>(as type: T.Type, context: AppRequestContext) async throws -> T? {
        var copy = self
        let buffer = try await copy.collectBody(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { return nil }
        return try context.requestDecoder.decode(T.self, from: Data(buffer.readableBytesView))
    }
}

extension Request {
    /// Decodes a JSON body with the API's decoder, keeping the decoder's own description of what is wrong
    /// (Hummingbird's default decode replaces it with a generic message). `readingFirst`, if given, may read the
    /// body's bytes itself (a fast path for a common shape); where it returns nil the decoder decides.
    func decodeJSON<T: Decodable>(
        as type: T.Type, context: AppRequestContext,
        readingFirst: ((UnsafeRawBufferPointer) -> T?)? = nil
    ) async throws -> T {
        var copy = self
        let buffer = try await copy.collectBody(upTo: context.maxUploadSize)
        if let readingFirst, let read = buffer.readableBytesView.withUnsafeBytes(readingFirst) { return read }
        return try context.requestDecoder.decode(T.self, from: Data(buffer.readableBytesView))
    }
}
