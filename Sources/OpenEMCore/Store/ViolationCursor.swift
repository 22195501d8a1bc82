import Foundation

/// The keyset cursor of violation lists (newest first): the start and id of the last violation on a page; the next
/// page holds the violations sorting after it. On the wire it is `start-millis:id`, the form clients already hold.
public struct ViolationCursor: Sendable, Hashable, CustomStringConvertible {
    public var startMillis: Int64
    public var id: EntityID

    public init(startMillis: Int64, id: EntityID) {
        self.startMillis = startMillis
        self.id = id
    }

    /// The cursor of a page that ends with `v`.
    public init(after v: Violation) {
        self.init(startMillis: Int64((v.start.timeIntervalSince1970 * 1000).rounded()), id: v.id)
    }

    /// Reads `start-millis:id`; nil if the text is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let start = Int64(parts[0]) else { return nil }
        self.init(startMillis: start, id: String(parts[1]))
    }

    public var start: Date { Date(timeIntervalSince1970: Double(startMillis) / 1000) }

    public var description: String { "\(startMillis):\(id)" }
}
