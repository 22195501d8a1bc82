import Foundation

/// One class's rule: keep for `keep` after `after`.
public struct RetentionRule: Sendable, Hashable, Codable {
    public var retentionClass: RetentionClass
    public var keep: RetentionPeriod
    public var after: RetentionAnchor

    public init(retentionClass: RetentionClass, keep: RetentionPeriod, after: RetentionAnchor) {
        self.retentionClass = retentionClass
        self.keep = keep
        self.after = after
    }
}

/// Why a schedule was refused; the HTTP edge maps each to a 400 with its code.
public enum RetentionScheduleProblem: Error, Equatable, Sendable {
    case unknownClass(String)
    case duplicateClass(RetentionClass)
    case notADuration(RetentionClass, String)
    case underADay(RetentionClass)
    case belowFloor(RetentionClass, floor: RetentionPeriod)
    case anchorFixed(RetentionClass, RetentionAnchor)
    case auditShorterThan(RetentionClass)

    public var code: String {
        switch self {
        case .unknownClass: "UNKNOWN_RETENTION_CLASS"
        case .duplicateClass: "DUPLICATE_RETENTION_CLASS"
        case .notADuration: "INVALID_DURATION"
        case .underADay: "DURATION_TOO_SHORT"
        case .belowFloor: "BELOW_RETENTION_FLOOR"
        case .anchorFixed: "ANCHOR_FIXED"
        case .auditShorterThan: "AUDIT_SHORTER_THAN_RECORDS"
        }
    }

    public var message: String {
        switch self {
        case .unknownClass(let name): "\(name) is not a retention class"
        case .duplicateClass(let c): "\(c.rawValue) is given twice"
        case .notADuration(let c, let text): "\(c.rawValue): \(text) is not an ISO-8601 duration such as P6Y, P18M or P90D"
        case .underADay(let c): "\(c.rawValue) must be kept for at least a day (P1D)"
        case .belowFloor(let c, let floor): "\(c.rawValue) must be kept for at least \(floor)"
        case .anchorFixed(let c, let anchor): "\(c.rawValue) always counts from \(anchor.rawValue)"
        case .auditShorterThan(let c): "AUDIT must be kept at least as long as \(c.rawValue), whose reads it records"
        }
    }
}

/// The schedule in force: a rule for every class. What a run deletes is worked out from it (`RetentionPlan`).
public struct RetentionSchedule: Sendable, Hashable {
    public private(set) var rules: [RetentionClass: RetentionRule]

    /// The data dictionary's defaults (`RetentionClass.defaultKeep`, `defaultAfter`).
    public static let defaults = RetentionSchedule(
        checked: Dictionary(
            uniqueKeysWithValues: RetentionClass.allCases.map {
                ($0, RetentionRule(retentionClass: $0, keep: RetentionPeriod(iso8601: $0.defaultKeep)!, after: $0.defaultAfter))
            }))

    private init(checked rules: [RetentionClass: RetentionRule]) {
        self.rules = rules
    }

    /// Floors chosen where deleting sooner would break a duty, not a preference:
    /// - SUBJECT_RECORD, ORDER_RECORD, VIOLATION_ALERT: a year after the order ends. Breach proceedings, appeals
    ///   and complaints about the monitoring (and the PPO's 12-month complaint window) refer to them.
    /// - CRIME: 90 days; a force's analyst reviews a batch's matches and may place a hold within that time.
    /// - AUDIT is not a fixed floor: it must be kept at least as long as every class whose reads it records
    ///   (DPA 2018 s.62 logs must let a reader's lawfulness be checked for as long as the data could be read).
    public static func floor(of retentionClass: RetentionClass) -> RetentionPeriod {
        switch retentionClass {
        case .subjectRecord, .orderRecord, .violationAlert: RetentionPeriod(years: 1)
        case .crime: RetentionPeriod(days: 90)
        case .location, .deviceReadings, .userAccount, .operational, .extract, .audit: RetentionPeriod(days: 1)
        case .notStored: RetentionPeriod()
        }
    }

    /// This schedule with `changes` applied; a class not named keeps its current rule.
    /// Throws the first problem found, in the order given.
    public func applying(_ changes: [(retentionClass: String, keep: String, after: String?)]) throws(RetentionScheduleProblem)
        -> RetentionSchedule
    {
        var rules = self.rules
        var seen = Set<RetentionClass>()
        for change in changes {
            guard let c = RetentionClass(rawValue: change.retentionClass) else { throw .unknownClass(change.retentionClass) }
            guard seen.insert(c).inserted else { throw .duplicateClass(c) }
            guard let keep = RetentionPeriod(iso8601: change.keep) else { throw .notADuration(c, change.keep) }
            var anchor = rules[c]!.after
            if let text = change.after {
                guard let given = RetentionAnchor(rawValue: text) else { throw .unknownClass(text) }
                // Where a period counts from follows from what the record is (a fix has no order end of its own).
                guard given == c.defaultAfter else { throw .anchorFixed(c, c.defaultAfter) }
                anchor = given
            }
            if c == .notStored {
                guard keep.isZero else { throw .belowFloor(c, floor: RetentionPeriod()) }
            } else {
                guard keep.isAtLeast(RetentionPeriod(days: 1)) else { throw .underADay(c) }
                guard keep.isAtLeast(Self.floor(of: c)) else { throw .belowFloor(c, floor: Self.floor(of: c)) }
            }
            rules[c] = RetentionRule(retentionClass: c, keep: keep, after: anchor)
        }
        let audit = rules[.audit]!.keep
        for c in RetentionClass.allCases where c != .audit && c != .notStored {
            guard audit.isAtLeast(rules[c]!.keep) else { throw .auditShorterThan(c) }
        }
        return RetentionSchedule(checked: rules)
    }

    /// Every class's rule, in the dictionary's order.
    public var ordered: [RetentionRule] { RetentionClass.allCases.map { rules[$0]! } }

    public subscript(_ c: RetentionClass) -> RetentionRule { rules[c]! }
}
