import Foundation

/// The five dimensions of the government data-quality framework that OpenEM measures itself on.
public enum QualityDimension: String, Codable, Sendable, CaseIterable {
    case completeness = "COMPLETENESS"
    case validity = "VALIDITY"
    case consistency = "CONSISTENCY"
    case timeliness = "TIMELINESS"
    case uniqueness = "UNIQUENESS"
}

/// One data-quality rule: a pure function from the store's contents (and the time now) to how many records it
/// checked and which of them fail. Its description and `fields` are in the data dictionary's terms
/// (`entity.field`), so an analyst can look up exactly what it reads.
public struct DataQualityRule: Sendable {
    public var id: String
    /// A few words for a list of rules.
    public var title: String
    public var dimension: QualityDimension
    /// The dictionary entity whose ids the rule's examples are.
    public var entity: String
    public var description: String
    /// The dictionary fields the rule reads, as `entity.field`.
    public var fields: [String]
    public var evaluate: @Sendable (DataQualityContext) -> QualityOutcome

    public init(
        id: String, title: String, dimension: QualityDimension, entity: String, description: String, fields: [String],
        evaluate: @escaping @Sendable (DataQualityContext) -> QualityOutcome
    ) {
        self.id = id
        self.title = title
        self.dimension = dimension
        self.entity = entity
        self.description = description
        self.fields = fields
        self.evaluate = evaluate
    }
}

/// What a rule found: the number of records it looked at and the ids of those that fail, sorted.
public struct QualityOutcome: Sendable, Hashable {
    public var checked: Int
    public var failing: [EntityID]

    public init(checked: Int, failing: [EntityID]) {
        self.checked = checked
        self.failing = failing.sorted()
    }

    /// Checks each item and keeps the ids of those that fail.
    public init<S: Sequence>(_ items: S, id: (S.Element) -> EntityID, fails: (S.Element) -> Bool) {
        var checked = 0
        var failing: [EntityID] = []
        for item in items {
            checked += 1
            if fails(item) { failing.append(id(item)) }
        }
        self.init(checked: checked, failing: failing)
    }

    /// Failing over checked; 1 when nothing was checked (nothing is wrong with nothing).
    public var passRate: Double { checked == 0 ? 1 : Double(checked - failing.count) / Double(checked) }
}
