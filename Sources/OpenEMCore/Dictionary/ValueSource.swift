/// Where a field's value comes from.
public enum ValueSource: String, Codable, Sendable, CaseIterable {
    /// Entered by a person: an order manager, an officer, a force's crime file.
    case user = "USER"
    /// Sent by a tag, home unit or phone.
    case device = "DEVICE"
    /// Worked out by OpenEM: ids, times it recorded, statuses its rules set, counts and rates.
    case derived = "DERIVED"
}
