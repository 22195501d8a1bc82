import Foundation
import OpenEMCore

/// The words people read for the codes the API speaks: "Curfew absence", not `CURFEW_ABSENCE`. The one place for
/// them: server-rendered pages call these, and every page hands `forScripts` to its scripts for the rows they build
/// from API JSON. A `switch` per enum, so a new case does not compile until it has its words.
enum DisplayNames {
    /// A force area's name ("Metropolitan Police Service" for `MPS`); a code the reference list lacks as it is.
    static func forceArea(_ code: String) -> String { PoliceForce.byCode[code]?.name ?? code }

    static func of(_ t: ViolationType) -> String {
        switch t {
        case .curfewAbsence: "Curfew absence"
        case .exclusionZoneEntry: "Exclusion zone entry"
        case .inclusionZoneExit: "Inclusion zone exit"
        case .attendanceMissed: "Missed appointment"
        case .alcoholDetected: "Alcohol detected"
        case .alcoholLimitExceeded: "Alcohol limit exceeded"
        case .nonAssociation: "Non-association breach"
        case .victimProximityWarning: "Near the victim (warning)"
        case .victimProximityBreach: "Near the victim (breach)"
        case .tamper: "Tamper"
        case .lowBattery: "Low battery"
        case .batteryFlat: "Battery flat"
        case .noCommunication: "No communication"
        }
    }

    static func of(_ o: ViolationOutcomeKind) -> String {
        switch o {
        case .reasonableExcuse: "Reasonable excuse accepted"
        case .noExcuse: "No excuse"
        case .enforcement: "Enforcement"
        }
    }

    static func of(_ s: EnforcementCaseStatus) -> String {
        switch s {
        case .open: "Open"
        case .closed: "Closed"
        }
    }

    static func of(_ s: EnforcementStepKind) -> String {
        switch s {
        case .warningLetter: "Warning letter"
        case .breachPackSent: "Breach pack sent"
        case .recallRequested: "Recall requested"
        case .summonsServed: "Summons served"
        case .hearing: "Hearing"
        case .closed: "Closed"
        }
    }

    static func of(_ s: ViolationStatus) -> String {
        switch s {
        case .provisional: "Provisional"
        case .confirmed: "Confirmed"
        case .withdrawn: "Withdrawn"
        }
    }

    static func of(_ s: Severity) -> String {
        switch s {
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        case .critical: "Critical"
        }
    }

    static func of(_ s: AlertStatus) -> String {
        switch s {
        case .open: "Open"
        case .acknowledged: "Acknowledged"
        case .actioned: "Actioned"
        case .closed: "Closed"
        }
    }

    static func of(_ d: AlertDecision) -> String {
        switch d {
        case .attend: "Attend"
        case .arrest: "Arrest"
        case .warn: "Warn"
        case .referToProbation: "Refer to probation"
        case .noFurtherAction: "No further action"
        }
    }

    static func of(_ t: OrderType) -> String {
        switch t {
        case .bail: "Bail"
        case .community: "Community order"
        case .postRelease: "Post-release licence"
        case .immigration: "Immigration bail"
        case .civil: "Civil order"
        case .youth: "Youth order"
        }
    }

    static func of(_ c: Cohort) -> String {
        switch c {
        case .standard: "Standard"
        case .acquisitiveCrime: "Acquisitive crime"
        case .domesticAbuse: "Domestic abuse"
        case .alcohol: "Alcohol"
        case .licenceVariation: "Licence variation"
        case .foreignNational: "Foreign national"
        }
    }

    static func of(_ s: OrderStatus) -> String {
        switch s {
        case .active: "active"
        case .ended: "ended"
        }
    }

    static func of(_ t: DeviceType) -> String {
        switch t {
        case .gpsTag: "GPS tag"
        case .rfTag: "RF tag"
        case .rfHomeUnit: "RF home unit"
        case .alcoholTag: "Alcohol tag"
        case .gpsAlcoholTag: "GPS and alcohol tag"
        case .victimPhone: "Victim's phone"
        }
    }

    static func of(_ r: Role) -> String {
        switch r {
        case .admin: "Administrator"
        case .orderManager: "Order manager"
        case .monitoringOfficer: "Monitoring officer"
        case .probation: "Probation"
        case .police: "Police"
        case .crimeAnalyst: "Crime analyst"
        case .analyst: "MI analyst"
        }
    }

    static func of(_ d: Weekday) -> String {
        switch d {
        case .mon: "Mon"
        case .tue: "Tue"
        case .wed: "Wed"
        case .thu: "Thu"
        case .fri: "Fri"
        case .sat: "Sat"
        case .sun: "Sun"
        }
    }

    static func of(_ o: CurfewNight.Outcome) -> String {
        switch o {
        case .kept: "Kept"
        case .broken: "Broken"
        case .noData: "No data"
        case .notMonitored: "Not monitored"
        case .inProgress: "In progress"
        }
    }

    static func of(_ s: CrimeBatchStatus) -> String {
        switch s {
        case .successful: "All rows kept"
        case .partial: "Partly kept"
        case .failed: "Refused"
        }
    }

    static func of(_ k: MatchKind) -> String {
        switch k {
        case .fix: "Fix in the area"
        case .path: "Path through the area"
        case .possible: "Could have been there"
        }
    }

    static func of(_ o: AuditOutcome) -> String {
        switch o {
        case .success: "Done"
        case .denied: "Refused"
        case .failed: "Failed"
        }
    }

    /// Condition types as the API names them (`ConditionRule.typeNames`).
    static func condition(_ type: String) -> String {
        switch type {
        case "curfew": "Curfew"
        case "exclusionZone": "Exclusion zone"
        case "inclusionZone": "Inclusion zone"
        case "trail": "Trail monitoring"
        case "alcohol": "Alcohol monitoring"
        case "attendance": "Attendance"
        case "nonAssociation": "Non-association"
        case "victimProximity": "Victim proximity"
        default: type
        }
    }

    /// Every table above by the name the scripts use (`OpenEM.label("severity", "CRITICAL")`), code to words.
    static let forScripts: [String: [String: String]] = [
        "violationType": table(ViolationType.allCases) { of($0) },
        "violationStatus": table(ViolationStatus.allCases) { of($0) },
        "violationOutcome": table(ViolationOutcomeKind.allCases) { of($0) },
        "enforcementStep": table(EnforcementStepKind.allCases) { of($0) },
        "enforcementCaseStatus": table(EnforcementCaseStatus.allCases) { of($0) },
        "severity": table(Severity.allCases) { of($0) },
        "alertStatus": table(AlertStatus.allCases) { of($0) },
        "decision": table(AlertDecision.allCases) { of($0) },
        "orderType": table(OrderType.allCases) { of($0) },
        "orderStatus": table(OrderStatus.allCases) { of($0) },
        "extractOutcome": table(ExtractOutcome.allCases) { of($0) },
        "cohort": table(Cohort.allCases) { of($0) },
        "deviceType": table(DeviceType.allCases) { of($0) },
        "role": table(Role.allCases) { of($0) },
        "weekday": table(Weekday.allCases) { of($0) },
        "batchStatus": table([CrimeBatchStatus.successful, .partial, .failed]) { of($0) },
        "matchKind": table([MatchKind.fix, .path, .possible]) { of($0) },
        "auditOutcome": table(AuditOutcome.allCases) { of($0) },
        "personalData": table(PersonalDataClass.allCases) { of($0) },
        "retentionClass": table(RetentionClass.allCases) { of($0) },
        "legalHoldStatus": ["ACTIVE": "In force", "RELEASED": "Released"],
        "valueSource": table(ValueSource.allCases) { of($0) },
        "condition": Dictionary(uniqueKeysWithValues: ConditionRule.typeNames.map { ($0, condition($0)) }),
        "qualityRule": Dictionary(uniqueKeysWithValues: DataQuality.rules.map { ($0.id, $0.title) }),
        "qualityDimension": table(QualityDimension.allCases) { $0.rawValue.prefix(1) + $0.rawValue.dropFirst().lowercased() },
    ]

    private static func table<T: RawRepresentable>(_ cases: [T], _ words: (T) -> String) -> [String: String]
    where T.RawValue == String {
        Dictionary(uniqueKeysWithValues: cases.map { ($0.rawValue, words($0)) })
    }
}
