import Foundation

/// A step in enforcing an order after a breach without excuse.
public enum EnforcementStepKind: String, Codable, Sendable, CaseIterable {
    case warningLetter = "WARNING_LETTER"
    case breachPackSent = "BREACH_PACK_SENT"
    case recallRequested = "RECALL_REQUESTED"
    case summonsServed = "SUMMONS_SERVED"
    case hearing = "HEARING"
    case closed = "CLOSED"
}

/// One dated step of a case, with who recorded it.
public struct EnforcementStep: Codable, Sendable, Hashable {
    public var step: EnforcementStepKind
    /// When the step happened (the letter sent, the hearing held), which may be before it was recorded.
    public var at: Date
    public var note: String?
    public var recordedBy: EntityID
    public var recordedAt: Date

    public init(step: EnforcementStepKind, at: Date, note: String?, recordedBy: EntityID, recordedAt: Date) {
        self.step = step
        self.at = at
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

public enum EnforcementCaseStatus: String, Codable, Sendable, CaseIterable {
    case open = "OPEN"
    case closed = "CLOSED"
}

/// One or more of a wearer's violations enforced together, step by step, on deadlines (`EnforcementRules`).
public struct EnforcementCase: Codable, Sendable, Hashable {
    public var id: EntityID
    public var subjectId: EntityID
    /// The order breached (that of the first violation) and its type, which decides the deadlines.
    public var orderId: EntityID?
    public var orderType: OrderType?
    public var violationIds: [EntityID]
    public var openedBy: EntityID
    public var openedAt: Date
    /// In the order they were recorded, which `EnforcementRules` keeps the order they happened in.
    public var steps: [EnforcementStep]
    /// Goes up by one on every change; a store writes a change only over the revision before it.
    public var revision: Int

    public init(
        id: EntityID = newEntityID(), subjectId: EntityID, orderId: EntityID?, orderType: OrderType?, violationIds: [EntityID],
        openedBy: EntityID, openedAt: Date, steps: [EnforcementStep] = [], revision: Int = 1
    ) {
        self.id = id
        self.subjectId = subjectId
        self.orderId = orderId
        self.orderType = orderType
        self.violationIds = violationIds
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.steps = steps
        self.revision = revision
    }

    public var status: EnforcementCaseStatus { steps.contains { $0.step == .closed } ? .closed : .open }
}
