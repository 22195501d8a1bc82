import Foundation
import OpenEMCore

/// Group commit for telemetry: requests that arrive while transactions are in flight wait and then go together in
/// the next one, so concurrent devices share one WAL flush and one turn at the log head instead of queueing for
/// them one by one. Two transactions are in flight at once: while one holds the log head and flushes its commit,
/// the next checks its messages for duplicates and then waits for the head (which orders their offsets as their
/// commits). Each caller still returns only after its messages are committed.
actor TelemetryAppender {
    private typealias Request = (messages: [TelemetryMessage], receivedAt: Date, done: CheckedContinuation<TelemetryAppendResult, any Error>)
    private weak var store: PostgresStore?
    private var pending: [Request] = []
    private var inFlight = 0
    /// At most this many messages go in one transaction.
    let maxMessages = 5_000
    /// Transactions in flight at once.
    let maxInFlight = 2

    init(store: PostgresStore) { self.store = store }

    func append(_ messages: [TelemetryMessage], receivedAt: Date) async throws -> TelemetryAppendResult {
        try await withCheckedThrowingContinuation { done in
            pending.append((messages, receivedAt, done))
            startGroups()
        }
    }

    /// Starts a transaction for the waiting requests while fewer than `maxInFlight` are running.
    private func startGroups() {
        while inFlight < maxInFlight && !pending.isEmpty {
            var count = 0
            let take = pending.prefix {
                count += $0.messages.count
                return count <= maxMessages || count == $0.messages.count
            }
            let group = Array(take.isEmpty ? pending.prefix(1) : take)
            pending.removeFirst(group.count)
            inFlight += 1
            Task {
                await commit(group)
                finished()
            }
        }
    }

    private func finished() {
        inFlight -= 1
        startGroups()
    }

    private nonisolated func commit(_ group: [Request]) async {
        guard let store = await self.store else {
            for r in group { r.done.resume(throwing: StoreError.unavailable("the store is closed")) }
            return
        }
        do {
            let results = try await store.appendGroup(group.map { ($0.messages, $0.receivedAt) })
            for (r, result) in zip(group, results) { r.done.resume(returning: result) }
        } catch  where group.count > 1 {
            // One request's problem (an unknown device, say) must not fail the others: each on its own.
            for r in group {
                do { r.done.resume(returning: try await store.appendGroup([(r.messages, r.receivedAt)])[0]) } catch {
                    r.done.resume(throwing: error)
                }
            }
        } catch {
            group[0].done.resume(throwing: error)
        }
    }
}
