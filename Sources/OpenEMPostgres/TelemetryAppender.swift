import Foundation
import OpenEMCore

/// Group commit for telemetry: requests that arrive while a transaction is in flight wait and then go together in
/// the next one, so concurrent devices share one WAL flush and one turn at the log head instead of queueing for
/// them one by one. Each caller still returns only after its messages are committed.
actor TelemetryAppender {
    private weak var store: PostgresStore?
    private var pending: [(messages: [TelemetryMessage], receivedAt: Date, done: CheckedContinuation<TelemetryAppendResult, any Error>)] = []
    private var draining = false
    /// At most this many messages go in one transaction.
    let maxMessages = 5_000

    init(store: PostgresStore) { self.store = store }

    func append(_ messages: [TelemetryMessage], receivedAt: Date) async throws -> TelemetryAppendResult {
        try await withCheckedThrowingContinuation { done in
            pending.append((messages, receivedAt, done))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            var count = 0
            let take = pending.prefix { count += $0.messages.count; return count <= maxMessages || count == $0.messages.count }
            let group = Array(take.isEmpty ? pending.prefix(1) : take)
            pending.removeFirst(group.count)
            guard let store else {
                for r in group { r.done.resume(throwing: StoreError.unavailable("the store is closed")) }
                continue
            }
            do {
                let results = try await store.appendGroup(group.map { ($0.messages, $0.receivedAt) })
                for (r, result) in zip(group, results) { r.done.resume(returning: result) }
            } catch where group.count > 1 {
                // One request's problem (an unknown device, say) must not fail the others: each on its own.
                for r in group {
                    do { r.done.resume(returning: try await store.appendGroup([(r.messages, r.receivedAt)])[0]) } catch { r.done.resume(throwing: error) }
                }
            } catch {
                group[0].done.resume(throwing: error)
            }
        }
        draining = false
    }
}
