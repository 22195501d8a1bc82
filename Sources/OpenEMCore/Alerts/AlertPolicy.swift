import Foundation

/// Severity and acknowledgement deadline for each violation, from DOMAIN.md's defaults; every value is
/// configuration. Cohort-aware: a domestic-abuse wearer entering an exclusion zone is critical.
public struct AlertPolicy: Sendable, Codable, Hashable {
    public struct Rule: Sendable, Codable, Hashable {
        public var severity: Severity
        public var ackWithinSeconds: TimeInterval
        public init(_ severity: Severity, _ ackWithinSeconds: TimeInterval) {
            self.severity = severity
            self.ackWithinSeconds = ackWithinSeconds
        }
    }

    public var byType: [ViolationType: Rule]
    /// Overrides for (cohort, type) pairs.
    public var cohortOverrides: [Cohort: [ViolationType: Rule]]
    public var fallback: Rule

    public init(byType: [ViolationType: Rule], cohortOverrides: [Cohort: [ViolationType: Rule]], fallback: Rule) {
        self.byType = byType
        self.cohortOverrides = cohortOverrides
        self.fallback = fallback
    }

    public static let standard = AlertPolicy(
        byType: [
            .victimProximityBreach: Rule(.critical, 5 * 60),
            .victimProximityWarning: Rule(.high, 15 * 60),
            .exclusionZoneEntry: Rule(.high, 15 * 60),
            .tamper: Rule(.high, 15 * 60),
            .curfewAbsence: Rule(.high, 15 * 60),
            .nonAssociation: Rule(.high, 15 * 60),
            .inclusionZoneExit: Rule(.medium, 30 * 60),
            .attendanceMissed: Rule(.medium, 60 * 60),
            .alcoholDetected: Rule(.medium, 60 * 60),
            .alcoholLimitExceeded: Rule(.medium, 60 * 60),
            .noCommunication: Rule(.medium, 30 * 60),
            .batteryFlat: Rule(.medium, 30 * 60),
            .lowBattery: Rule(.low, 4 * 3600),
        ],
        cohortOverrides: [
            .domesticAbuse: [.exclusionZoneEntry: Rule(.critical, 5 * 60)]
        ],
        fallback: Rule(.medium, 30 * 60))

    public func rule(for type: ViolationType, cohort: Cohort?) -> Rule {
        if let c = cohort, let r = cohortOverrides[c]?[type] { return r }
        return byType[type] ?? fallback
    }
}
