import Foundation

/// `application/x-www-form-urlencoded` bodies (HTML forms, OsmAnd clients).
enum FormBody {
    static func pairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&").compactMap { part in
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String {
                String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s)
            }
            guard let k = kv.first, !k.isEmpty else { return nil }
            return (decode(k), kv.count > 1 ? decode(kv[1]) : "")
        }
    }

    static func fields(_ text: String) -> [String: String] {
        Dictionary(pairs(text), uniquingKeysWith: { first, _ in first })
    }
}
