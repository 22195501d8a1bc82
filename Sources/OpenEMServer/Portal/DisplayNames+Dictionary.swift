import OpenEMCore

/// The data dictionary's codes in words (`DisplayNames`' other tables are in `DisplayNames.swift`).
extension DisplayNames {
    static func of(_ c: PersonalDataClass) -> String {
        switch c {
        case .directIdentifier: "Identifies the person"
        case .quasiIdentifier: "Could identify the person with other data"
        case .location: "Where the person lives or was"
        case .specialCategory: "Sensitive (health)"
        case .pseudonym: "A pseudonym: identifies no one without the project's key"
        case .none: "Not personal"
        }
    }

    static func of(_ o: ExtractOutcome) -> String {
        switch o {
        case .active: "In force"
        case .completed: "Completed"
        case .endedEarly: "Ended early"
        case .ended: "Ended (no end date set)"
        }
    }

    static func of(_ s: ValueSource) -> String {
        switch s {
        case .user: "Entered by a person"
        case .device: "Sent by a device"
        case .derived: "Worked out by OpenEM"
        }
    }

    static func of(_ r: RetentionClass) -> String {
        switch r {
        case .subjectRecord: "Wearer's record"
        case .orderRecord: "Order record"
        case .location: "Location"
        case .deviceReadings: "Device readings"
        case .violationAlert: "Violations and alerts"
        case .crime: "Crime data"
        case .audit: "Audit log"
        case .userAccount: "Staff account"
        case .operational: "Running the service"
        case .extract: "Pseudonymised extract"
        case .notStored: "Not stored"
        }
    }

    static func of(_ a: RetentionAnchor) -> String {
        switch a {
        case .orderEnd: "after the order ends"
        case .created: "after it was recorded"
        case .event: "after the event"
        }
    }

    /// "Location: kept 1 year after the event"; "Not stored" for what is only worked out for a response.
    static func retention(_ r: RetentionClass) -> String {
        if r == .notStored { return of(r) }
        return "\(of(r)): kept \(duration(r.defaultKeep)) \(of(r.defaultAfter))"
    }

    /// An ISO-8601 period of one unit in words ("P6Y" is "6 years", "P90D" is "90 days"); any other as written.
    static func duration(_ iso: String) -> String {
        guard iso.hasPrefix("P"), let unit = iso.last, let n = Int(iso.dropFirst().dropLast()) else { return iso }
        let words: [Character: String] = ["Y": "year", "M": "month", "W": "week", "D": "day"]
        guard let word = words[unit] else { return iso }
        return "\(n) \(word)\(n == 1 ? "" : "s")"
    }
}
