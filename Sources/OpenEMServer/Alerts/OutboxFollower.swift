import OpenEMCore
import ServiceLifecycle

/// On a store several nodes share, wakes this node's live streams and webhook delivery whenever any node commits
/// outbox events (PostgreSQL NOTIFY), so an alert raised by another node's evaluator reaches a stream at once.
struct OutboxFollower: Service {
    let feed: any OutboxFeed
    let signal: OutboxSignal

    func run() async throws {
        let signal = signal
        try await cancelWhenGracefulShutdown {
            try await feed.followOutbox { signal.notify() }
        }
    }
}
