import Synchronization

/// Wakes the evaluator when new telemetry is committed, so it need not poll fast to be prompt. Signals coalesce:
/// many commits while the evaluator is busy cause one more pass, never a backlog of wake-ups.
public final class LogSignal: Sendable {
    private let state = Mutex<(pending: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    public init() {}

    public func signal() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if let w = s.waiter {
                s.waiter = nil
                return w
            }
            s.pending = true
            return nil
        }
        waiter?.resume()
    }

    /// Returns at once if a signal is pending, else when one arrives. Callers also time out on their own poll.
    public func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { s -> Bool in
                if s.pending {
                    s.pending = false
                    return true
                }
                if let old = s.waiter { old.resume() }
                s.waiter = c
                return false
            }
            if resumeNow { c.resume() }
        }
    }
}

extension LogSignal {
    /// Waits for a signal or until `duration` passes, whichever is first.
    public func wait(upTo duration: Duration) async {
        let timer = Task {
            if (try? await Task.sleep(for: duration)) != nil { self.signal() }
        }
        await wait()
        timer.cancel()
    }
}
