import Foundation

public struct AlertQuery: Sendable, Hashable {
    public var status: AlertStatus?
    public var forceArea: String?
    public var probationRegion: String?
    public var subjectId: EntityID?
    public var minSeverity: Severity?
    public var limit: Int
    /// Keyset pagination over (raisedAt desc, id).
    public var before: (Date, EntityID)?

    public init(
        status: AlertStatus? = nil, forceArea: String? = nil, probationRegion: String? = nil,
        subjectId: EntityID? = nil, minSeverity: Severity? = nil, limit: Int = 50, before: (Date, EntityID)? = nil
    ) {
        self.status = status
        self.forceArea = forceArea
        self.probationRegion = probationRegion
        self.subjectId = subjectId
        self.minSeverity = minSeverity
        self.limit = limit
        self.before = before
    }

    public static func == (a: AlertQuery, b: AlertQuery) -> Bool {
        a.status == b.status && a.forceArea == b.forceArea && a.probationRegion == b.probationRegion
            && a.subjectId == b.subjectId && a.minSeverity == b.minSeverity && a.limit == b.limit
            && a.before?.0 == b.before?.0 && a.before?.1 == b.before?.1
    }

    public func hash(into h: inout Hasher) {
        h.combine(status)
        h.combine(forceArea)
        h.combine(subjectId)
        h.combine(limit)
    }
}

/// A webhook subscription. Deliveries follow the outbox in order; `cursor` is the last outbox id delivered.
public struct WebhookSubscription: Codable, Sendable, Hashable {
    public var id: EntityID
    public var url: String
    public var secret: String
    public var forceArea: String?
    public var minSeverity: Severity?
    public var createdBy: EntityID
    public var createdAt: Date
    public var cursor: Int64
    public var active: Bool

    public init(
        id: EntityID = newEntityID(), url: String, secret: String, forceArea: String?, minSeverity: Severity?,
        createdBy: EntityID, createdAt: Date, cursor: Int64, active: Bool = true
    ) {
        self.id = id
        self.url = url
        self.secret = secret
        self.forceArea = forceArea
        self.minSeverity = minSeverity
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.cursor = cursor
        self.active = active
    }
}

public protocol AlertStore: Sendable {
    func alert(id: EntityID) async throws -> Alert?
    func alert(violationId: EntityID) async throws -> Alert?
    /// Newest first.
    func alerts(_ query: AlertQuery) async throws -> [Alert]
    /// Writes the alert only if the stored revision is `alert.revision - 1` (else `StoreError.conflict`), and appends
    /// the outbox events in the same transaction.
    func updateAlert(_ alert: Alert, outbox: [(topic: String, payload: Data)]) async throws
    /// OPEN alerts whose `ackDueAt` is at or before `now`.
    func alertsDue(now: Date) async throws -> [Alert]

    func insertWebhook(_ subscription: WebhookSubscription) async throws
    func webhooks() async throws -> [WebhookSubscription]
    /// Moves a subscription's cursor forward (never back).
    func advanceWebhook(id: EntityID, cursor: Int64) async throws
}
