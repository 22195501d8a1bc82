import Foundation
import Logging
import OpenEMCore
import ServiceLifecycle

/// On a store that several nodes share, the background work that must run once (the evaluator, escalation,
/// webhook delivery) runs on whichever node holds the lease, each term with fresh services (fresh evaluator
/// state, loaded from the store's cursor and live states). A node that loses the lease stops them; the others
/// try for it every `retry`.
public struct LeaderServices: Service {
    let runner: any ExclusiveRunner
    let make: @Sendable () -> [any Service]
    let logger: Logger
    var retry: Duration = .seconds(2)

    public init(runner: any ExclusiveRunner, logger: Logger, make: @escaping @Sendable () -> [any Service]) {
        self.runner = runner
        self.logger = logger
        self.make = make
    }

    public func run() async throws {
        let make = make, logger = logger
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let held = try await runner.runExclusively("openem-background") {
                    logger.notice("this node now runs the evaluator, escalation and webhook delivery")
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for service in make() { group.addTask { try await service.run() } }
                        // One ending (shutdown, or the evaluator finding another owner) ends the term.
                        try await group.next()
                        group.cancelAll()
                    }
                }
                if held { logger.notice("this node no longer runs the background services") }
            } catch {
                logger.warning("background services lease lost or unavailable; trying again",
                               metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            if Task.isShuttingDownGracefully { break }
            try? await Task.sleep(for: retry)
        }
    }
}
