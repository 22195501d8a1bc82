import OpenEMCore

/// Which classes of personal data a read discloses, from the data dictionary: every audited read of a resource
/// records them in its entry's detail (`personal=DIRECT_IDENTIFIER,LOCATION`), so the log (DPA 2018 s.62) tells a
/// read of names from a read of where someone was, and a subject access request or review can list what was seen.
enum AuditedPersonalData {
    /// The audit log's resource types and the dictionary entity each read returns; where a response carries only
    /// some of the entity's fields (a trail's fixes are positions), which.
    static let entityOfResource: [String: (entity: String, fields: Set<String>?)] = [
        "subject": ("subject", nil), "order": ("order", nil), "violation": ("violation", nil), "alert": ("alert", nil),
        "address_check": ("addressCheck", nil), "review_due": ("reviewDue", nil), "device_history": ("installation", nil),
        "trail": ("telemetry", ["time", "lat", "lon", "accuracyMetres", "source", "deviceId", "speed", "altitudeMetres", "timeIsReceipt"]),
        "crime-matches": ("crimeBatchMatches", nil), "area": ("areaSearch", nil), "evidence": ("evidenceFeature", nil),
        "user": ("user", nil), "login_throttle": ("signInLock", nil), "enforcementCase": ("enforcementCase", nil),
        "extract": ("extractRow", nil), "subject_access": ("subject", nil), "legal_hold": ("legalHold", nil),
    ]

    /// Actions that disclose what they name; changes are logged with what changed, not as disclosures.
    static let disclosingActions: Set<String> = ["read", "list", "search", "stream", "export"]

    static func classes(action: String, resourceType: String) -> [PersonalDataClass] {
        guard disclosingActions.contains(action), let r = entityOfResource[resourceType] else { return [] }
        return DataDictionary.personalClasses(of: r.entity, fields: r.fields)
    }

    /// The entry's detail with the classes a successful read disclosed appended (a refused one disclosed nothing).
    static func detail(_ detail: String?, action: String, resourceType: String, outcome: AuditOutcome) -> String? {
        let disclosed = outcome == .success ? classes(action: action, resourceType: resourceType) : []
        guard !disclosed.isEmpty else { return detail }
        let personal = "personal=" + disclosed.map(\.rawValue).joined(separator: ",")
        return detail.map { "\($0) \(personal)" } ?? personal
    }
}
