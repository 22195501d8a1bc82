import Foundation

/// Users and their bearer sessions.
public protocol UserStore: Sendable {
    /// Throws `StoreError.conflict` when the username is taken.
    func insertUser(_ user: User) async throws
    func user(id: EntityID) async throws -> User?
    func user(username: String) async throws -> User?
    func allUsers() async throws -> [User]
    func insertToken(_ token: AccessToken) async throws
    func token(hash: String) async throws -> AccessToken?
    func revokeToken(hash: String) async throws
}

/// The append-only, hash-chained audit log.
public protocol AuditStore: Sendable {
    /// Appends in order, chaining each entry to the one before, atomically with respect to other appends.
    @discardableResult
    func appendAudit(_ records: [AuditRecord]) async throws -> [AuditEntry]
    /// Entries in sequence order with `seq > afterSeq`, filtered.
    func auditEntries(from: Date?, to: Date?, actorId: String?, afterSeq: Int64, limit: Int) async throws -> [AuditEntry]
    /// Walks the whole chain, and checks the newest entry against the separately kept chain head.
    func verifyAudit() async throws -> AuditVerification
}

public struct SubjectQuery: Sendable, Hashable {
    /// Matches names and identifiers (case-insensitive substring).
    public var text: String?
    public var forceArea: String?
    public var probationRegion: String?
    public var limit: Int
    /// Return subjects whose id sorts after this one (keyset pagination).
    public var afterId: String?
    /// Only people whose active order is of this type / cohort.
    public var orderType: OrderType?
    public var cohort: Cohort?
    /// true: only people with an active order; false: only people without one.
    public var hasActiveOrder: Bool?
    /// true: only people with an open (not withdrawn) violation; false: only people with none.
    public var hasOpenViolation: Bool?

    public init(
        text: String? = nil, forceArea: String? = nil, probationRegion: String? = nil, limit: Int = 50,
        afterId: String? = nil
    ) {
        self.text = text
        self.forceArea = forceArea
        self.probationRegion = probationRegion
        self.limit = limit
        self.afterId = afterId
    }
}

public protocol SubjectStore: Sendable {
    func insertSubject(_ subject: Subject) async throws
    func updateSubject(_ subject: Subject) async throws
    func subject(id: EntityID) async throws -> Subject?
    /// Many subjects in one read (a search's results); unknown ids are left out.
    func subjects(ids: [EntityID]) async throws -> [EntityID: Subject]
    /// Sorted by id.
    func subjects(_ query: SubjectQuery) async throws -> [Subject]
    func insertAddressCheck(_ check: AddressCheck) async throws
    func addressChecks(subjectId: EntityID) async throws -> [AddressCheck]
}

public protocol OrderStore: Sendable {
    /// Stores a new version. Throws `StoreError.conflict` unless `order.version` is exactly one more than the
    /// newest stored version of that order id (1 for a new order): two concurrent variations cannot both win.
    func insertOrderVersion(_ order: Order) async throws
    /// The newest version, or the given one.
    func order(id: EntityID, version: Int?) async throws -> Order?
    func orderVersions(id: EntityID) async throws -> [Order]
    /// Newest version of each order of a subject.
    func orders(subjectId: EntityID) async throws -> [Order]
    /// Newest version of each order of several subjects at once (a page of the caseload).
    func orders(subjectIds: [EntityID]) async throws -> [Order]
    /// Newest version of every order whose newest version is ACTIVE.
    func activeOrders() async throws -> [Order]
    /// Newest version of every order, active or ended (monthly statistics count both).
    func allOrders() async throws -> [Order]
}

public protocol DeviceStore: Sendable {
    /// Throws `StoreError.conflict` when the serial is taken.
    func insertDevice(_ device: Device) async throws
    func device(id: EntityID) async throws -> Device?
    func devices(limit: Int, afterId: String?) async throws -> [Device]
    /// Throws `StoreError.conflict` when the device already has an active installation.
    func insertInstallation(_ installation: Installation) async throws
    /// Sets the removal time. Throws `StoreError.conflict` when it was already removed.
    func removeInstallation(id: EntityID, at: Date) async throws -> Installation
    func installation(id: EntityID) async throws -> Installation?
    /// Newest first.
    func installations(deviceId: EntityID) async throws -> [Installation]
    func installations(orderId: EntityID) async throws -> [Installation]
    func installations(subjectId: EntityID) async throws -> [Installation]
    /// Every installation without a removal time.
    func activeInstallations() async throws -> [Installation]
    /// Every installation, removed or not.
    func allInstallations() async throws -> [Installation]
    /// The device whose key has this SHA-256 (victim phones identify themselves by key on the OsmAnd endpoint).
    func device(keyHash: String) async throws -> Device?
}

/// Everything the server needs from a store. The SQLite and PostgreSQL stores both implement it.
public typealias OpenEMStore = UserStore & AuditStore & SubjectStore & OrderStore & DeviceStore & TelemetryStore
    & EvaluationStore & AlertStore & CrimeStore & LoginThrottleStore & DataQualityStore & EnforcementStore & ExtractStore
    & RetentionStore

/// A store that several server processes share (PostgreSQL) lets one of them at a time run a named piece of work:
/// the evaluator, escalation and webhook delivery run on one node, and move to another when that node dies.
public protocol ExclusiveRunner: Sendable {
    /// Runs `body` while this process holds the named lease and returns true when `body` ends; returns false at
    /// once when another process holds it. When the lease is lost (its connection to the database drops), `body`
    /// is cancelled and the call throws.
    func runExclusively(_ name: String, _ body: @escaping @Sendable () async throws -> Void) async throws -> Bool
    /// A setting every node must agree on (the number of evaluator partitions): the first node's proposal is kept
    /// and every node gets it back.
    func sharedSetting(_ key: String, proposed: Int) async throws -> Int
    /// Runs until cancelled and, while it runs, counts this process as a live node (the count drops as soon as the
    /// process or its connection ends); reconnects when the connection drops.
    func announcePresence() async throws
    /// How many nodes are live now (at least 1).
    func liveNodes() async throws -> Int
}

/// A store several nodes share tells each node when any node appends to the outbox, so live streams and webhook
/// delivery wake at once rather than at their next poll.
public protocol OutboxFeed: Sendable {
    /// Calls `onAppend` after every commit that appended outbox events, on any node, until cancelled; reconnects
    /// when the database connection drops.
    func followOutbox(_ onAppend: @escaping @Sendable () -> Void) async throws
}
