import Foundation

/// How the stores keep documents (subjects, orders, alerts, ...) as JSON: sorted keys and millisecond dates, the
/// same bytes from either store.
public enum StoreJSON {
    public static func encode<T: Encodable>(_ v: T) throws -> String {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        e.outputFormatting = [.sortedKeys]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    /// Throws `UnreadableStoredDocument` (never a `DecodingError`, which the HTTP edge reads as a bad request body).
    public static func decode<T: Decodable>(_ t: T.Type, _ s: String) throws -> T {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        do {
            return try d.decode(t, from: Data(s.utf8))
        } catch let error as DecodingError {
            throw UnreadableStoredDocument(type: String(describing: T.self), reason: Self.reason(error))
        }
    }

    /// Where and why, without the document's values (it may hold personal data).
    static func reason(_ error: DecodingError) -> String {
        func path(_ c: [any CodingKey]) -> String { c.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined() }
        switch error {
        case .typeMismatch(let t, let c): return "\(path(c.codingPath)): not a \(t)"
        case .valueNotFound(_, let c): return "\(path(c.codingPath)): missing value"
        case .keyNotFound(let k, let c): return "\(path(c.codingPath + [k])): missing"
        case .dataCorrupted(let c): return "\(path(c.codingPath)): unreadable value"
        @unknown default: return "unreadable"
        }
    }
}

/// A JSON document a store holds that no longer decodes (an unknown enum code in it, a damaged row): an error of
/// the store, never taken for the caller's bad input.
public struct UnreadableStoredDocument: Error, Sendable, Equatable, CustomStringConvertible {
    public var type: String
    public var reason: String
    public var description: String { "a stored \(type) does not decode: \(reason)" }
}
