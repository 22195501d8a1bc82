/// k-anonymity over an extract's quasi-identifiers: a row whose combination of quasi-identifier values is shared by
/// fewer than k rows is left out, and counted, so no one is picked out by a rare combination (an 18-24 year old on
/// a youth order in a small force, starting in a given month).
public enum KAnonymity {
    public struct Result: Sendable, Equatable {
        public var kept: [[String: String]]
        public var suppressed: Int
    }

    /// Keeps the rows of groups of at least `k`, in their order.
    public static func suppress(_ rows: [[String: String]], groupingBy columns: [String], k: Int) -> Result {
        func key(_ row: [String: String]) -> [String] { columns.map { row[$0] ?? "" } }
        var sizes: [[String]: Int] = [:]
        for r in rows { sizes[key(r), default: 0] += 1 }
        let kept = rows.filter { sizes[key($0)]! >= k }
        return Result(kept: kept, suppressed: rows.count - kept.count)
    }
}
