import Foundation

/// What the supervising officer concluded about a violation.
public enum ViolationOutcomeKind: String, Codable, Sendable, CaseIterable {
    /// The wearer had a reasonable excuse, and it was accepted: the violation is not a breach of the order.
    case reasonableExcuse = "REASONABLE_EXCUSE"
    /// No excuse was given or none was accepted.
    case noExcuse = "NO_EXCUSE"
    /// The violation is being enforced (an enforcement case).
    case enforcement = "ENFORCEMENT"
}

/// One recorded outcome of a violation. A later one replaces it as the current outcome; every one is kept.
public struct ViolationOutcome: Codable, Sendable, Hashable {
    public var id: EntityID
    public var violationId: EntityID
    public var subjectId: EntityID
    public var outcome: ViolationOutcomeKind
    public var note: String?
    /// The user who recorded it (their id) and when.
    public var recordedBy: EntityID
    public var recordedAt: Date

    public init(
        id: EntityID = newEntityID(), violationId: EntityID, subjectId: EntityID, outcome: ViolationOutcomeKind, note: String?,
        recordedBy: EntityID, recordedAt: Date
    ) {
        self.id = id
        self.violationId = violationId
        self.subjectId = subjectId
        self.outcome = outcome
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    /// Each violation's outcomes from events in the order they were recorded (the store's order, oldest first): two
    /// recorded in the same millisecond keep their order, so the current one is always the last recorded.
    public static func byViolation(_ events: [ViolationOutcome]) -> [EntityID: [ViolationOutcome]] {
        var out: [EntityID: [ViolationOutcome]] = [:]
        for e in events { out[e.violationId, default: []].append(e) }
        return out
    }

    /// The violations with their current outcome and its history set from these events (in recording order).
    public static func attach(_ events: [ViolationOutcome], to violations: [Violation]) -> [Violation] {
        let grouped = byViolation(events)
        return violations.map { v in
            var v = v
            if let history = grouped[v.id] {
                v.outcome = history.last
                v.outcomeHistory = history
            }
            return v
        }
    }
}

extension Violation {
    /// Whether the violation counts as a breach of the order: not withdrawn and no accepted reasonable excuse.
    public var isUnexcusedBreach: Bool { status != .withdrawn && outcome?.outcome != .reasonableExcuse }
}
