import Foundation
import Logging
import OpenEMCore
import ServiceLifecycle

/// Keeps the daily history of the data-quality figures: every 10 minutes, the whole store's figures for the UK day
/// so far replace that day's, so a past day's figures are its last of the day (at national scale an evaluation
/// takes under 2 s: `openem bench data-quality`). On a store several nodes share it runs
/// on one node at a time (with alert delivery); a second writer would only write the same figures again.
public struct DataQualitySnapshots: Service {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let logger: Logger
    let every: Duration

    public init(store: any OpenEMStore, clock: @escaping @Sendable () -> Date, logger: Logger, every: Duration = .seconds(600)) {
        self.store = store
        self.clock = clock
        self.logger = logger
        self.every = every
    }

    static let ukTime = TimeZone(identifier: "Europe/London")!
    static func day(of instant: Date) -> LocalDay { LocalDay(containing: instant, in: ukTime) }

    /// Evaluates every rule over the whole store and records the figures as today's.
    @discardableResult
    public func takeSnapshot() async throws -> [QualityFigures] {
        let now = clock()
        let day = Self.day(of: now).description
        let figures = DataQuality.evaluate(try await store.dataQualitySnapshot(), now: now).map {
            QualityFigures(day: day, rule: $0.rule.id, checked: $0.outcome.checked, failing: $0.outcome.failing.count, takenAt: now)
        }
        try await store.recordQualityFigures(figures)
        return figures
    }

    public func run() async throws {
        // The wait between snapshots is long: a graceful shutdown cancels it rather than waiting it out.
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let figures = try await takeSnapshot()
                    logger.info("data-quality figures recorded: \(figures.filter { $0.failing > 0 }.count) of \(figures.count) rules find problems")
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("data-quality figures not recorded: \(error)")
                }
                try await Task.sleep(for: every)
            }
        }
    }
}
