import Foundation

public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
    case low = "LOW"
    case medium = "MEDIUM"
    case high = "HIGH"
    case critical = "CRITICAL"

    /// The order severities compare in (the stores' minimum-severity filters and escalation use it), written out
    /// so that reordering the cases cannot change which alerts a filter returns.
    public var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        case .critical: 3
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }

    /// One step up, for escalation; CRITICAL stays CRITICAL.
    public var raised: Severity {
        switch self {
        case .low: .medium
        case .medium: .high
        case .high, .critical: .critical
        }
    }
}

public enum AlertStatus: String, Codable, Sendable, CaseIterable {
    case open = "OPEN"
    case acknowledged = "ACKNOWLEDGED"
    case actioned = "ACTIONED"
    case closed = "CLOSED"
}

public enum AlertDecision: String, Codable, Sendable, CaseIterable {
    case attend = "ATTEND"
    case arrest = "ARREST"
    case warn = "WARN"
    case referToProbation = "REFER_TO_PROBATION"
    case
        noFurtherAction = "NO_FURTHER_ACTION"
}

/// One step in an alert's life, with who and when.
public struct AlertEvent: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case raised = "RAISED"
        case updated = "VIOLATION_UPDATED"
        case acknowledged = "ACKNOWLEDGED"
        case decided = "DECIDED"
        case
            closed = "CLOSED"
        case escalated = "ESCALATED"
        case withdrawn = "VIOLATION_WITHDRAWN"
    }

    public var kind: Kind
    public var at: Date
    public var actorId: String?
    public var actorRole: String?
    public var decision: AlertDecision?
    public var note: String?

    public init(
        kind: Kind, at: Date, actorId: String? = nil, actorRole: String? = nil, decision: AlertDecision? = nil,
        note: String? = nil
    ) {
        self.kind = kind
        self.at = at
        self.actorId = actorId
        self.actorRole = actorRole
        self.decision = decision
        self.note = note
    }
}

/// An alert raised from one violation. Later changes to the violation update this alert, never raise another.
public struct Alert: Codable, Sendable, Hashable {
    public var id: EntityID
    public var violationId: EntityID
    public var subjectId: EntityID
    public var violationType: ViolationType
    public var severity: Severity
    public var status: AlertStatus
    public var raisedAt: Date
    public var ackDueAt: Date
    public var acknowledgedAt: Date?
    public var decision: AlertDecision?
    public var decisionNote: String?
    public var escalated: Bool
    /// Routing copied from the wearer when raised, so visibility is decided without another lookup.
    public var forceArea: String
    public var probationRegion: String?
    public var responsibleOfficer: String?
    public var late: Bool
    public var violationStatus: ViolationStatus
    public var history: [AlertEvent]
    public var updatedAt: Date
    /// Bumped on every change; the live stream and webhooks carry it so consumers can order and de-duplicate.
    public var revision: Int

    public init(
        id: EntityID = newEntityID(), violationId: EntityID, subjectId: EntityID, violationType: ViolationType,
        severity: Severity, status: AlertStatus = .open, raisedAt: Date, ackDueAt: Date,
        acknowledgedAt: Date? = nil, decision: AlertDecision? = nil, decisionNote: String? = nil,
        escalated: Bool = false, forceArea: String, probationRegion: String?, responsibleOfficer: String?,
        late: Bool, violationStatus: ViolationStatus, history: [AlertEvent], updatedAt: Date, revision: Int = 1
    ) {
        self.id = id
        self.violationId = violationId
        self.subjectId = subjectId
        self.violationType = violationType
        self.severity = severity
        self.status = status
        self.raisedAt = raisedAt
        self.ackDueAt = ackDueAt
        self.acknowledgedAt = acknowledgedAt
        self.decision = decision
        self.decisionNote = decisionNote
        self.escalated = escalated
        self.forceArea = forceArea
        self.probationRegion = probationRegion
        self.responsibleOfficer = responsibleOfficer
        self.late = late
        self.violationStatus = violationStatus
        self.history = history
        self.updatedAt = updatedAt
        self.revision = revision
    }
}
