import Foundation

/// Every data-quality rule, evaluated together. The figures are pure functions of a snapshot and the time.
public enum DataQuality {
    public static let rules: [DataQualityRule] =
        CompletenessRules.all + ValidityRules.all + ConsistencyRules.all + TimelinessRules.all + UniquenessRules.all

    public static func rule(_ id: String) -> DataQualityRule? { rules.first { $0.id == id } }

    /// How many example ids a result carries.
    public static let exampleCount = 10

    public static func evaluate(_ snapshot: DataQualitySnapshot, now: Date, only: [DataQualityRule]? = nil) -> [RuleResult] {
        let context = DataQualityContext(snapshot, now: now)
        return (only ?? rules).map { rule in RuleResult(rule: rule, outcome: rule.evaluate(context)) }
    }

    public struct RuleResult: Sendable {
        public var rule: DataQualityRule
        public var outcome: QualityOutcome
    }
}

/// One rule's figures on one day, as the daily snapshot keeps them.
public struct QualityFigures: Codable, Sendable, Hashable {
    /// "yyyy-MM-dd", the UK calendar day the figures were taken on.
    public var day: String
    public var rule: String
    public var checked: Int
    public var failing: Int
    public var takenAt: Date

    public init(day: String, rule: String, checked: Int, failing: Int, takenAt: Date) {
        self.day = day
        self.rule = rule
        self.checked = checked
        self.failing = failing
        self.takenAt = takenAt
    }

    public var passRate: Double { checked == 0 ? 1 : Double(checked - failing) / Double(checked) }
}

extension DataQualitySnapshot {
    /// The part of the snapshot that belongs to these wearers: their records, their orders, installations and
    /// alerts, and the devices fitted to them. Rules over it give the figures of a scoped reader.
    public func restricted(to subjectIds: Set<EntityID>) -> DataQualitySnapshot {
        let installs = installations.filter { subjectIds.contains($0.subjectId) }
        let devices = Set(installs.map(\.deviceId))
        let orders = orders.filter { subjectIds.contains($0.subjectId) }
        return DataQualitySnapshot(
            subjects: subjects.filter { subjectIds.contains($0.id) }, orders: orders, installations: installs,
            deviceTypes: deviceTypes.filter { devices.contains($0.key) },
            deviceActivity: deviceActivity.filter { devices.contains($0.key) },
            unclosedAlerts: unclosedAlerts.filter { subjectIds.contains($0.subjectId) })
    }
}
