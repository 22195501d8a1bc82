import Foundation

/// What identifies one violation episode across live evaluation, checkpoints and replays, so a store can
/// upsert by it: the condition (or, for device events, the device), the violation type and the start time.
public struct EpisodeKey: Hashable, Codable, Sendable, CustomStringConvertible {
    public var conditionId: EntityID?
    public var deviceId: EntityID?
    public var type: ViolationType
    public var start: Date

    public init(conditionId: EntityID?, deviceId: EntityID?, type: ViolationType, start: Date) {
        self.conditionId = conditionId
        self.deviceId = deviceId
        self.type = type
        self.start = start
    }

    /// A stable text form for a unique column: `condition|device|TYPE|epoch-milliseconds`.
    public var description: String {
        "\(conditionId ?? "")|\(deviceId ?? "")|\(type.rawValue)|\(Int64((start.timeIntervalSince1970 * 1000).rounded()))"
    }

    func sameSource(_ other: EpisodeKey) -> Bool {
        conditionId == other.conditionId && deviceId == other.deviceId && type == other.type
    }
}

/// One violation episode as the engine sees it: when it started, whether it has ended, how sure we are,
/// and the evidence. The evaluator turns it into a stored `Violation`.
public struct Episode: Hashable, Codable, Sendable {
    public var key: EpisodeKey
    public var status: ViolationStatus
    public var end: Date?
    public var evidence: ViolationEvidence

    public init(key: EpisodeKey, status: ViolationStatus, end: Date? = nil, evidence: ViolationEvidence) {
        self.key = key
        self.status = status
        self.end = end
        self.evidence = evidence
    }

    public var type: ViolationType { key.type }
    public var start: Date { key.start }
    public var isOpen: Bool { end == nil && status != .withdrawn }

    /// The stored form. `id` is the store's; everything else comes from the episode.
    public func violation(
        id: EntityID, subjectId: EntityID, orderId: EntityID?, late: Bool,
        createdAt: Date, updatedAt: Date
    ) -> Violation {
        Violation(
            id: id, subjectId: subjectId, orderId: orderId, conditionId: key.conditionId,
            deviceId: key.deviceId, type: key.type, status: status, start: key.start, end: end,
            late: late, evidence: evidence, createdAt: createdAt, updatedAt: updatedAt)
    }
}
