import Foundation
import Logging
import OpenEMCore
import ServiceLifecycle
import Synchronization

/// On a store that several nodes share, work that must run once runs under leases: escalation and webhook
/// delivery under one, and each evaluator partition under its own, so partitions spread over the nodes. Each term
/// starts fresh services (an evaluator loads its partition's cursor and live states). A node that loses a lease
/// stops that work; every node keeps trying for the leases it does not hold, waiting longer the more it holds, so
/// a node with less work gets there first. A node holding more than its fair share (the leases over the live
/// nodes, rounded up) hands back as many as it holds beyond that, so a node that joins a busy cluster gets work.
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
            let runner = runner, logger = logger, leases = work.count, retry = retry
            group.addTask { try? await runner.announcePresence() }
            // This node's fair share of the leases, from the number of live nodes: a node that joins later gets work.
            group.addTask {
                while !Task.isCancelled && !Task.isShuttingDownGracefully {
                    if let nodes = try? await runner.liveNodes() {
                        let share = (leases + nodes - 1) / nodes
                        if held.setFairShare(share) {
                            logger.notice("\(nodes) nodes share the work: this node's fair share is \(share) of \(leases) leases")
                        }
                    }
                    try? await Task.sleep(for: retry)
                }
            }
            for w in work {
                group.addTask { await runLease(w, held: held) }
            }
            try await group.waitForAll()
        }
    }

    func runLease(_ w: Work, held: HeldCount) async {
        let runner = runner, logger = logger, retry = retry
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let handedOver = Flag()
            do {
                _ = try await runner.runExclusively(w.lease) {
                    held.add(1)
                    defer {
                        if handedOver.value { held.endHandover() }
                        held.add(-1)
                    }
                    logger.notice("this node now runs \(w.lease)")
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for service in w.make() { group.addTask { try await service.run() } }
                        // Holding more than its share (another node has joined): hands leases back, no more than needed.
                        group.addTask {
                            while true {
                                try await Task.sleep(for: retry)
                                if held.claimHandover() {
                                    handedOver.set()
                                    return
                                }
                            }
                        }
                        // One ending (shutdown, an evaluator finding another owner, a hand-over) ends the term.
                        try await group.next()
                        group.cancelAll()
                    }
                    logger.notice("this node no longer runs \(w.lease)\(handedOver.value ? " (handed over: it held more than its share)" : "")")
                }
            } catch {
                logger.warning("lease \(w.lease) lost or unavailable; trying again", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            if Task.isShuttingDownGracefully { break }
            // After handing a lease over, wait long enough for another node (trying every `retry`) to take it.
            try? await Task.sleep(for: retry * (handedOver.value ? 5 : 1 + held.value))
        }
    }
}

/// Set once, read from anywhere.
final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var value: Bool { state.withLock { $0 } }
}

/// How many leases this node holds, its fair share, and the hand-overs under way.
final class HeldCount: Sendable {
    private struct State { var held = 0, share = Int.max, handingOver = 0 }
    private let state = Mutex(State())
    func add(_ n: Int) { state.withLock { $0.held += n } }
    var value: Int { state.withLock { $0.held } }

    /// Returns true if the share changed.
    func setFairShare(_ share: Int) -> Bool {
        state.withLock { s in
            defer { s.share = share }
            return s.share != share
        }
    }

    /// True (and counted) if this node holds more than its share beyond the hand-overs already under way.
    func claimHandover() -> Bool {
        state.withLock { s in
            guard s.held - s.handingOver > s.share else { return false }
            s.handingOver += 1
            return true
        }
    }

    func endHandover() { state.withLock { $0.handingOver -= 1 } }
}
