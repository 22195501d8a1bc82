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

    public static func decode<T: Decodable>(_ t: T.Type, _ s: String) throws -> T {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return try d.decode(t, from: Data(s.utf8))
    }
}
