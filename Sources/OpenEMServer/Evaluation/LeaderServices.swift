import Foundation
import Logging
import OpenEMCore
import ServiceLifecycle
import Synchronization

/// On a store that several nodes share, work that must run once runs under leases: escalation and webhook
/// delivery under one, and each evaluator partition under its own, so partitions spread over the nodes. Each term
/// starts fresh services (an evaluator loads its partition's cursor and live states). A node that loses a lease
/// stops that work; every node keeps trying for the leases it does not hold, waiting longer the more it holds, so
/// a node with less work gets there first.
public struct LeaderServices: Service {
    public struct Work: Sendable {
        public var lease: String
        public var make: @Sendable () -> [any Service]
        public init(lease: String, make: @escaping @Sendable () -> [any Service]) {
            self.lease = lease
            self.make = make
        }
    }

    let runner: any ExclusiveRunner
    let work: [Work]
    let logger: Logger
    var retry: Duration = .seconds(2)

    public init(runner: any ExclusiveRunner, logger: Logger, work: [Work]) {
        self.runner = runner
        self.logger = logger
        self.work = work
    }

    public func run() async throws {
        let held = HeldCount()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in work {
                group.addTask { await runLease(w, held: held) }
            }
            try await group.waitForAll()
        }
    }

    func runLease(_ w: Work, held: HeldCount) async {
        let runner = runner, logger = logger
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await runner.runExclusively(w.lease) {
                    held.add(1)
                    defer { held.add(-1) }
                    logger.notice("this node now runs \(w.lease)")
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for service in w.make() { group.addTask { try await service.run() } }
                        // One ending (shutdown, or an evaluator finding another owner) ends the term.
                        try await group.next()
                        group.cancelAll()
                    }
                    logger.notice("this node no longer runs \(w.lease)")
                }
            } catch {
                logger.warning("lease \(w.lease) lost or unavailable; trying again", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            if Task.isShuttingDownGracefully { break }
            try? await Task.sleep(for: retry * (1 + held.value))
        }
    }
}

/// How many leases this node holds.
final class HeldCount: Sendable {
    private let count = Mutex(0)
    func add(_ n: Int) { count.withLock { $0 += n } }
    var value: Int { count.withLock { $0 } }
}
