/// How long a kind of record is kept, and from when. Issue 21 (retention) deletes by these classes; its
/// `PUT /api/v1/retention` may change the periods, these are the defaults.
///
/// Why these defaults (UK DPA 2018 Part 3): s.39 says personal data for law enforcement must be kept no longer
/// than necessary and reviewed periodically, so every class has a period and an anchor. Records that support
/// enforcement (the person, the order, its violations and alerts) are kept six years after the order ends, the
/// limitation period for civil claims (Limitation Act 1980) and the period the MoJ keeps probation records for;
/// raw location and device readings are the most intrusive and the least needed once an order is over, so they
/// go after one year unless a violation cites them (then its evidence keeps the fixes) or a legal hold stops
/// deletion. The audit log (s.62 logging) must outlive what it records. Operational data is kept briefly.
public enum RetentionClass: String, Codable, Sendable, CaseIterable {
    /// The wearer: names, identifiers, addresses, address checks.
    case subjectRecord = "SUBJECT_RECORD"
    /// Orders, their versions and conditions, installations.
    case orderRecord = "ORDER_RECORD"
    /// Position fixes and trails.
    case location = "LOCATION"
    /// Battery, RF, alcohol, tamper and heartbeat readings.
    case deviceReadings = "DEVICE_READINGS"
    /// Violations, their evidence, alerts and their history.
    case violationAlert = "VIOLATION_ALERT"
    /// Crimes a force sent, their batches and their matches; area searches.
    case crime = "CRIME"
    /// The tamper-evident audit log.
    case audit = "AUDIT"
    /// Staff accounts.
    case userAccount = "USER_ACCOUNT"
    /// Devices, webhooks, tokens, sign-in counters: running the service, not about a case.
    case operational = "OPERATIONAL"
    /// Pseudonymised extracts for evaluation, and their projects: an extract can be downloaded for 30 days.
    case extract = "EXTRACT"
    /// Worked out for the response and never stored (statistics, a device key shown once).
    case notStored = "NOT_STORED"

    /// The default period as an ISO-8601 duration.
    public var defaultKeep: String {
        switch self {
        case .subjectRecord, .orderRecord, .violationAlert: "P6Y"
        case .location, .deviceReadings: "P1Y"
        case .crime: "P2Y"  // a crime's matches answer investigations and appeals; a hold keeps any used in court
        case .audit: "P7Y"  // one year beyond the longest class it records reads of
        case .userAccount: "P2Y"  // after the account was last used or disabled
        case .operational: "P90D"
        case .extract: "P30D"
        case .notStored: "P0D"
        }
    }

    /// What the default period counts from.
    public var defaultAfter: RetentionAnchor {
        switch self {
        case .subjectRecord, .orderRecord, .violationAlert: .orderEnd
        case .location, .deviceReadings, .userAccount, .operational, .notStored: .event
        case .crime, .audit, .extract: .created
        }
    }
}
