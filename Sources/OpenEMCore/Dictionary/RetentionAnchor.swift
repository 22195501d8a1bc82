/// The moment a retention period counts from.
public enum RetentionAnchor: String, Codable, Sendable, CaseIterable {
    /// The end of the wearer's last order (a record that outlives one order is kept for the latest).
    case orderEnd = "ORDER_END"
    /// When OpenEM created the record.
    case created = "CREATED"
    /// When the thing the record describes happened (a fix's time, a violation's end, an account's last use).
    case event = "EVENT"
}
