import Foundation

public struct TelemetryAppendResult: Sendable, Hashable {
    public var accepted: Int
    public var duplicates: Int
    public init(accepted: Int, duplicates: Int) {
        self.accepted = accepted
        self.duplicates = duplicates
    }
}

public protocol TelemetryStore: Sendable {
    /// Appends in one transaction and returns only after commit (durable). A message whose (deviceId, seq) is
    /// already stored, or repeated within the batch, counts as a duplicate and is not stored again.
    func appendTelemetry(_ messages: [TelemetryMessage], receivedAt: Date) async throws -> TelemetryAppendResult
    /// The log in offset (arrival) order.
    func telemetry(afterOffset: Int64, limit: Int) async throws -> [LoggedTelemetry]
    /// A device set's messages in event-time order (time, then seq) within [from, to).
    func telemetry(deviceIds: [EntityID], from: Date, to: Date, limit: Int) async throws -> [LoggedTelemetry]
    func latestTelemetryOffset() async throws -> Int64
}

/// A wearer's rule state (opaque bytes to the store) as of an event time and log offset.
public struct EvaluatorCheckpoint: Codable, Sendable, Hashable {
    public var subjectId: EntityID
    public var eventTime: Date
    public var offset: Int64
    public var state: Data
    public init(subjectId: EntityID, eventTime: Date, offset: Int64, state: Data) {
        self.subjectId = subjectId
        self.eventTime = eventTime
        self.offset = offset
        self.state = state
    }
}

public struct OutboxEvent: Codable, Sendable, Hashable {
    public var id: Int64
    public var topic: String
    public var payload: Data
    public var createdAt: Date
    public init(id: Int64, topic: String, payload: Data, createdAt: Date) {
        self.id = id
        self.topic = topic
        self.payload = payload
        self.createdAt = createdAt
    }
}

/// Everything one evaluator step decided, committed in ONE transaction so a crash leaves either all of it or
/// none: the log cursor never runs ahead of the violations, alerts and notifications it caused.
public struct EvaluationCommit: Sendable {
    public var partition: Int
    /// Log offset consumed up to (inclusive).
    public var cursor: Int64
    /// When set, the store refuses the commit (`StoreError.conflict`) unless the partition's stored cursor is this:
    /// an evaluator that has lost its partition to another node cannot commit over the new owner's work.
    public var expectedCursor: Int64?
    /// Upserted by id.
    public var violations: [Violation]
    /// Upserted by id (one alert per violation), each with an `AlertTopic.alert` outbox event carrying the alert as
    /// written, as `AlertMerge.written` decides over the stored alert: one a user changed since the evaluator read
    /// it is not overwritten, so an acknowledgement is never lost to a concurrent evaluation.
    public var alerts: [Alert]
    /// Each touched wearer's live state, replacing the previous one.
    public var liveStates: [EvaluatorCheckpoint]
    /// Historical checkpoints kept for late-data replay (for `CheckpointRetention.window` behind each wearer's
    /// newest). A checkpoint's `eventTime` is its state's clock: every message and timer up to then is in it,
    /// nothing after.
    public var checkpoints: [EvaluatorCheckpoint]
    /// Per wearer, checkpoints at or after this time are dropped before `checkpoints` are written: a replay from
    /// there has applied late data they do not hold.
    public var discardCheckpointsFrom: [EntityID: Date]
    /// Appended in order.
    public var outbox: [(topic: String, payload: Data)]
    public var createdAt: Date

    public init(
        partition: Int, cursor: Int64, violations: [Violation] = [], alerts: [Alert] = [],
        liveStates: [EvaluatorCheckpoint] = [], checkpoints: [EvaluatorCheckpoint] = [],
        outbox: [(topic: String, payload: Data)] = [], discardCheckpointsFrom: [EntityID: Date] = [:],
        createdAt: Date
    ) {
        self.partition = partition
        self.discardCheckpointsFrom = discardCheckpointsFrom
        self.cursor = cursor
        self.violations = violations
        self.alerts = alerts
        self.liveStates = liveStates
        self.checkpoints = checkpoints
        self.outbox = outbox
        self.createdAt = createdAt
    }
}

public struct ViolationQuery: Sendable, Hashable {
    public var subjectIds: [EntityID]?
    public var type: ViolationType?
    public var status: ViolationStatus?
    /// Violations overlapping [from, to).
    public var from: Date?
    public var to: Date?
    public var limit: Int
    /// Keyset pagination: violations whose (start, id) sorts after this, newest first.
    public var before: ViolationCursor?

    public init(
        subjectIds: [EntityID]? = nil, type: ViolationType? = nil, status: ViolationStatus? = nil,
        from: Date? = nil, to: Date? = nil, limit: Int = 100, before: ViolationCursor? = nil
    ) {
        self.subjectIds = subjectIds
        self.type = type
        self.status = status
        self.from = from
        self.to = to
        self.limit = limit
        self.before = before
    }
}

public protocol EvaluationStore: Sendable {
    func evaluatorCursor(partition: Int) async throws -> Int64
    /// A number that changes with every order version, installation and subject change, whichever process or node
    /// made it: the evaluator recompiles its wearers when it moves.
    func configurationVersion() async throws -> Int64
    func commitEvaluation(_ commit: EvaluationCommit) async throws
    /// Every live state saved by a partition's evaluator.
    func liveStates(subjectIds: [EntityID]) async throws -> [EvaluatorCheckpoint]
    /// The newest historical checkpoint at or before an event time.
    func latestCheckpoint(subjectId: EntityID, atOrBefore: Date) async throws -> EvaluatorCheckpoint?
    func violation(id: EntityID) async throws -> Violation?
    /// Newest first.
    func violations(_ query: ViolationQuery) async throws -> [Violation]
    func outboxEvents(afterId: Int64, limit: Int) async throws -> [OutboxEvent]
    func latestOutboxId() async throws -> Int64
}
