import Synchronization

/// Wakes this node's readers of the outbox (the live-stream broadcaster, webhook delivery) when outbox events are
/// committed, here or (through `OutboxFollower`) on another node sharing a PostgreSQL store, or a webhook is
/// subscribed. The readers also poll, as a safety net.
///
/// A dispatcher reads `version` before it queries the outbox and waits with that version, so a commit landing
/// between the query and the wait is never missed.
public final class OutboxSignal: Sendable {
    private let state = Mutex<(version: UInt64, waiters: [UInt64: CheckedContinuation<Void, Never>], nextId: UInt64)>((0, [:], 0))

    public init() {}

    public var version: UInt64 { state.withLock { $0.version } }

    public func notify() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.version &+= 1
            let w = Array(s.waiters.values)
            s.waiters.removeAll()
            return w
        }
        for w in waiters { w.resume() }
    }

    /// Returns when the version moves past `seen` or after `timeout`, whichever is first.
    public func wait(after seen: UInt64, upTo timeout: Duration) async {
        let id = state.withLock { s -> UInt64 in
            s.nextId &+= 1
            return s.nextId
        }
        let timer = Task { [weak self] in
            if (try? await Task.sleep(for: timeout)) != nil { self?.resume(id) }
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.version != seen { return true }
                    s.waiters[id] = c
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            resume(id)
        }
        timer.cancel()
    }

    private func resume(_ id: UInt64) {
        let w = state.withLock { $0.waiters.removeValue(forKey: id) }
        w?.resume()
    }
}
