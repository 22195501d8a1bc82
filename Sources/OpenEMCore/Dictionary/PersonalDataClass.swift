/// How a field relates to a person, the one classification logging, extracts and retention read.
///
/// UK DPA 2018 Part 3 (law enforcement processing) applies to almost everything OpenEM holds; the classes say how
/// carefully each field is handled, not whether the law applies.
public enum PersonalDataClass: String, Codable, Sendable, CaseIterable {
    /// Names a person on its own: a name, a CRN, PNC or NOMIS number, a user name.
    case directIdentifier = "DIRECT_IDENTIFIER"
    /// Identifies a person in combination with other data: a date of birth, a wearer's id, free text about them.
    case quasiIdentifier = "QUASI_IDENTIFIER"
    /// Where a person lives or was: an address, a postcode, a position fix, a zone drawn around a home.
    case location = "LOCATION"
    /// Sensitive processing (DPA 2018 s.35(8)): health data such as alcohol readings.
    case specialCategory = "SPECIAL_CATEGORY"
    /// A keyed pseudonym (an extract's `pseudonym`): names no one without the key, and links the same person's rows
    /// wherever the key was used. Personal data still (UK GDPR recital 26), but not grouped on for k-anonymity.
    case pseudonym = "PSEUDONYM"
    /// Not about a person: codes, counts, ids of records, times of system events.
    case none = "NONE"

    /// Whether the field is personal data in any class.
    public var isPersonal: Bool { self != .none }
}
