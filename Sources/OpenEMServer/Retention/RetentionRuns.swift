import Foundation
import Logging
import OpenEMCore
import ServiceLifecycle

/// Runs retention once a day (the first run an hour after start, so a restart loop does not run it again and again).
/// On a store several nodes share it runs on one node at a time, under the alert-delivery lease: two runs at once
/// would only try to delete the same rows.
public struct RetentionRuns: Service {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let logger: Logger
    let every: Duration
    let firstAfter: Duration

    public init(
        store: any OpenEMStore, clock: @escaping @Sendable () -> Date, logger: Logger, every: Duration = .seconds(86_400),
        firstAfter: Duration = .seconds(3_600)
    ) {
        self.store = store
        self.clock = clock
        self.logger = logger
        self.every = every
        self.firstAfter = firstAfter
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            try await Task.sleep(for: firstAfter)
            while !Task.isCancelled {
                do {
                    let outcome = try await RetentionRun.run(store, now: clock(), dryRun: false)
                    logger.info("retention run: \(outcome.classes.reduce(0) { $0 + $1.total }) rows deleted")
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("retention run failed (it deletes in batches; the next run carries on): \(error)")
                }
                try await Task.sleep(for: every)
            }
        }
    }
}
