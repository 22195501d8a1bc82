import Foundation
import Hummingbird
import Logging
import OpenEMCore

/// Builds the HTTP application over a store. The CLI and the tests both come through here.
public func buildApplication(store: any OpenEMStore, configuration: ServerConfiguration,
                             logger: Logger = Logger(label: "openem")) -> some ApplicationProtocol {
    let router = buildRouter(store: store, configuration: configuration)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "OpenEM"),
        logger: logger)
}

public func buildRouter(store: any OpenEMStore, configuration: ServerConfiguration,
                        logSignal: LogSignal = LogSignal()) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    let clock = configuration.clock
    let auditor = Auditor(store: store, clock: clock)
    let hasher = PasswordHasher(cost: configuration.bcryptCost)

    router.add(middleware: ErrorMiddleware())
    router.add(middleware: MetricsMiddleware())
    OperationsController(store: store, registry: configuration.metrics, version: configuration.version)
        .addRoutes(to: router)

    let api = router.group("api/v1").add(middleware: TokenAuthMiddleware(store: store, clock: clock))
    AuthController(store: store, hasher: hasher, auditor: auditor, clock: clock,
                   tokenLifetime: configuration.tokenLifetime).addRoutes(to: api)
    UserController(store: store, hasher: hasher, auditor: auditor, clock: clock).addRoutes(to: api)
    SubjectController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    OrderController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    DeviceController(store: store, auditor: auditor, clock: clock).addRoutes(to: api)
    AuditController(store: store, auditor: auditor).addRoutes(to: api)
    TelemetryController(store: store, clock: clock, wake: logSignal).addRoutes(to: api)
    return router
}
