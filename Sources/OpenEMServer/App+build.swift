import Foundation
import Hummingbird
import Logging
import OpenEMCore
import ServiceLifecycle

/// The parts of a running OpenEM that controllers and background services share. The background services
/// themselves are made by `background` when the application is built, so that only those that run exist.
public struct AppServices: Sendable {
    public let store: any OpenEMStore
    public let configuration: ServerConfiguration
    public let logSignal: LogSignal
    public let configurationChanges: ConfigurationChanges
    public let outboxSignal: OutboxSignal
    /// This node's live-stream fan-out: the stream controller joins it, and it runs on every node.
    public let alertBroadcaster: AlertBroadcaster
    public let logger: Logger
    /// On a store several nodes share: the number of evaluator partitions all nodes agreed on (see `agreePartitions`).
    public var sharedPartitions: Int?
    /// Makes fresh background services (see `buildApplication`).
    public let background: BackgroundServices

    public init(store: any OpenEMStore, configuration: ServerConfiguration, logger: Logger = Logger(label: "openem")) {
        self.store = store
        self.configuration = configuration
        self.logger = logger
        logSignal = LogSignal()
        configurationChanges = ConfigurationChanges()
        let outboxSignal = OutboxSignal()
        self.outboxSignal = outboxSignal
        background = BackgroundServices(
            store: store, configuration: configuration, logSignal: logSignal, changes: configurationChanges,
            outboxSignal: outboxSignal, logger: logger)
        alertBroadcaster = background.alertBroadcaster()
    }

    /// On a store several nodes share, settles the number of evaluator partitions: the first node's
    /// `configuration.evaluatorPartitions` is kept in the store and every node uses it.
    public mutating func agreePartitions() async throws {
        guard let runner = store as? any ExclusiveRunner else { return }
        sharedPartitions = try await runner.sharedSetting("evaluator-partitions", proposed: configuration.evaluatorPartitions)
    }
}

/// Makes this node's background services, all sharing its signals: once for a single node, and afresh for each
/// term a node holds a lease when several share a store.
public struct BackgroundServices: Sendable {
    let store: any OpenEMStore
    let configuration: ServerConfiguration
    let logSignal: LogSignal
    let changes: ConfigurationChanges
    let outboxSignal: OutboxSignal
    let logger: Logger

    public func evaluator(partition: Int = 0, of partitions: Int = 1) -> EvaluatorService {
        EvaluatorService(
            store: store, clock: configuration.clock, signal: logSignal, changes: changes,
            policy: configuration.alertPolicy, config: configuration.rules, logger: logger, outboxSignal: outboxSignal,
            partition: partition, partitions: partitions)
    }

    public func escalation() -> EscalationService {
        EscalationService(store: store, clock: configuration.clock, policy: configuration.alertPolicy, signal: outboxSignal, logger: logger)
    }

    public func webhooks() -> WebhookDispatcher { WebhookDispatcher(store: store, signal: outboxSignal, logger: logger) }

    public func alertBroadcaster() -> AlertBroadcaster { AlertBroadcaster(store: store, signal: outboxSignal, logger: logger) }

    public func qualitySnapshots() -> DataQualitySnapshots { DataQualitySnapshots(store: store, clock: configuration.clock, logger: logger) }

    public func retentionRuns() -> RetentionRuns { RetentionRuns(store: store, clock: configuration.clock, logger: logger) }
}

/// Builds the HTTP application and its background services over a store. The CLI and the tests come through here.
public func buildApplication(_ services: AppServices) throws -> some ApplicationProtocol {
    let c = services.configuration
    var app = Application(
        router: try buildRouter(services),
        configuration: .init(address: .hostname(c.host, port: c.port), serverName: "OpenEM"),
        logger: services.logger)
    let make = services.background
    // Every node fans its live streams out, whoever runs the rest.
    app.addServices(services.alertBroadcaster)
    if let runner = services.store as? any ExclusiveRunner, let partitions = services.sharedPartitions {
        // Several nodes may share this store: each piece of background work runs on one of them at a time.
        app.addServices(
            LeaderServices(
                runner: runner, logger: services.logger,
                work: [
                    LeaderServices.Work(lease: "openem-alert-delivery") {
                        [make.escalation(), make.webhooks(), make.qualitySnapshots(), make.retentionRuns()]
                    }
                ]
                    + (0..<partitions).map { k in
                        LeaderServices.Work(lease: "openem-evaluator-\(k)-of-\(partitions)") { [make.evaluator(partition: k, of: partitions)] }
                    }))
        if let feed = services.store as? any OutboxFeed {
            app.addServices(OutboxFollower(feed: feed, signal: services.outboxSignal))
        }
    } else {
        app.addServices(make.evaluator(), make.escalation(), make.webhooks(), make.qualitySnapshots(), make.retentionRuns())
    }
    return app
}

public func buildRouter(_ services: AppServices) throws -> Router<AppRequestContext> {
    let store = services.store
    let configuration = services.configuration
    let router = Router(context: AppRequestContext.self)
    let clock = configuration.clock
    let auditor = Auditor(store: store, clock: clock)
    let hasher = PasswordHasher(cost: configuration.bcryptCost)
    let changes = services.configurationChanges

    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MetricsMiddleware())
    OperationsController(store: store, registry: configuration.metrics, version: configuration.version)
        .addRoutes(to: router)
    OsmAndController(store: store, clock: clock, wake: services.logSignal).addRoutes(to: router)

    let auth = AuthController(
        store: store, hasher: hasher, auditor: auditor, clock: clock,
        tokenLifetime: configuration.tokenLifetime,
        throttle: SignInThrottle(store: store, auditor: auditor, clock: clock, rule: configuration.loginThrottle),
        clientAddress: ClientAddress(trustForwardedFor: configuration.trustForwardedFor))
    let api = router.group("api/v1").add(middleware: TokenAuthMiddleware(store: store, clock: clock))
    auth.addRoutes(to: api)
    UserController(store: store, hasher: hasher, auditor: auditor, clock: clock).addRoutes(to: api)
    SubjectController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    SubjectAccessController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    OrderController(store: store, auditor: auditor, clock: clock, changes: changes).addRoutes(to: api)
    DeviceController(store: store, auditor: auditor, clock: clock, changes: changes).addRoutes(to: api)
    AuditController(store: store, auditor: auditor).addRoutes(to: api)
    TelemetryController(store: store, clock: clock, wake: services.logSignal).addRoutes(to: api)
    ViolationController(store: store, auditor: auditor).addRoutes(to: api)
    ViolationOutcomeController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    EnforcementCaseController(store: store, auditor: auditor, clock: clock, deadlines: configuration.enforcementDeadlines)
        .addRoutes(to: api)
    TrailController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    CrimeController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    AreaSearchController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    EvidenceController(store: store, auditor: auditor).addRoutes(to: api)
    StatsController(store: store, clock: clock, enforcementDeadlines: configuration.enforcementDeadlines).addRoutes(to: api)
    MonthlyStatsController(store: store, clock: clock).addRoutes(to: api)
    ServiceStatsController(store: store, clock: clock).addRoutes(to: api)
    ProgrammeStatsController(store: store, clock: clock, dailyCosts: configuration.dailyCosts).addRoutes(to: api)
    DataQualityController(store: store, clock: clock).addRoutes(to: api)
    ExtractProjectController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    ExtractController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    RetentionController(store: store, auditor: auditor).addRoutes(to: api)
    LegalHoldController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    DataDictionaryController().addRoutes(to: api)
    AlertStreamController(store: store, auditor: auditor, broadcaster: services.alertBroadcaster).addRoutes(to: api)
    AlertController(store: store, auditor: auditor, clock: clock, signal: services.outboxSignal).addRoutes(to: api)
    WebhookController(store: store, auditor: auditor, clock: clock, outboxSignal: services.outboxSignal).addRoutes(to: api)

    // The portal: pages under the same session resolution (a cookie instead of a bearer header).
    let renderer = try PortalRenderer()
    PortalAssets(leafletDirectory: configuration.leafletDirectory, chartJSDirectory: configuration.chartJSDirectory)
        .addRoutes(to: router)
    PortalSession(auth: auth, pages: renderer).addRoutes(to: router)
    let portal = router.group("").add(middleware: TokenAuthMiddleware(store: store, clock: clock))
    PortalPages(
        store: store, auditor: auditor, clock: clock, renderer: renderer, tileURL: configuration.tileURL,
        enforcementDeadlines: configuration.enforcementDeadlines
    ).addRoutes(to: portal)
    PortalWorkPages(renderer: renderer, clock: clock, tileURL: configuration.tileURL).addRoutes(to: portal)
    PortalOrderPages(store: store, auditor: auditor, renderer: renderer, clock: clock, tileURL: configuration.tileURL)
        .addRoutes(to: portal)
    return router
}
