import Foundation
import OpenEMCore
import PostgresNIO
import Synchronization

/// What `CallWatch` needs of a call: to end it at its deadline if it has no connection yet, and to fail it if its
/// connection has closed under it.
protocol WatchedCall: Sendable {
    func end(_ error: any Error) -> Bool
    func connectionClosed() -> Bool
    func fail(_ error: any Error)
}

/// The store's calls on the pool, each with its deadline, checked four times a second by one task (rather than a
/// timer per call): a call still waiting for a connection at its deadline is answered "unavailable" and its
/// request withdrawn; a call whose connection has closed under it is answered as failed, because a statement
/// sent as its connection closes can wait for ever (PostgresNIO 1.33).
final class CallWatch: Sendable {
    private struct Entry {
        let call: any WatchedCall
        let work: Task<Void, Never>
        let deadline: ContinuousClock.Instant
        let timeout: Duration
    }
    private let calls = Mutex<(next: Int, entries: [Int: Entry])>((0, [:]))

    func watch(_ call: any WatchedCall, work: Task<Void, Never>, timeout: Duration) -> Int {
        calls.withLock { c in
            c.next += 1
            c.entries[c.next] = Entry(call: call, work: work, deadline: .now + timeout, timeout: timeout)
            return c.next
        }
    }

    func forget(_ id: Int) { _ = calls.withLock { $0.entries.removeValue(forKey: id) } }

    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(250))
            let now = ContinuousClock.now
            let due = calls.withLock { c in c.entries.filter { $0.value.deadline <= now } }
            for (id, e) in due {
                if e.call.end(StoreError.unavailable("PostgreSQL: no connection within \(e.timeout) (is the server running and reachable?)")) {
                    e.work.cancel()
                    forget(id)
                } else if e.call.connectionClosed() {
                    e.call.fail(StoreError.unavailable("PostgreSQL is not reachable: the connection closed during the call"))
                    forget(id)
                }
            }
        }
    }
}

/// The race between a connection arriving and the deadline for it (or the caller giving up): whichever comes
/// first decides, once, and the caller is answered then.
final class LeaseRace<T: Sendable>: WatchedCall {
    private enum Phase { case waiting, leased, ended }
    private struct State {
        var phase = Phase.waiting
        var connection: PostgresConnection?
        var outcome: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
    }
    private let state = Mutex(State())

    /// The connection arrived: true if it is still wanted (from here on only `body`'s own end, or the connection
    /// closing, answers the caller).
    func start(_ connection: PostgresConnection) -> Bool {
        state.withLock { s in
            guard s.phase == .waiting else { return false }
            s.phase = .leased
            s.connection = connection
            return true
        }
    }

    func fail(_ error: any Error) { finish(.failure(error)) }

    /// True if the call has been answered, or its connection has closed under it.
    func connectionClosed() -> Bool {
        state.withLock { s in s.outcome != nil || s.connection?.isClosed == true }
    }

    /// The deadline passed or the caller gave up: true, and the caller is answered with `error`, if no connection had
    /// arrived.
    func end(_ error: any Error) -> Bool {
        let waiter = state.withLock { s -> CheckedContinuation<T, any Error>?? in
            guard s.phase == .waiting, s.outcome == nil else { return nil }
            s.phase = .ended
            s.outcome = .failure(error)
            defer { s.waiter = nil }
            return .some(s.waiter)
        }
        guard let waiter else { return false }
        waiter?.resume(throwing: error)
        return true
    }

    /// The work's own result (ignored if the caller was already answered).
    func finish(_ result: Result<T, any Error>) {
        let waiter = state.withLock { s -> CheckedContinuation<T, any Error>? in
            guard s.outcome == nil else { return nil }
            s.outcome = result
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(with: result)
    }

    func outcome() async throws -> T {
        try await withCheckedThrowingContinuation { c in
            let ready = state.withLock { s -> Result<T, any Error>? in
                if let o = s.outcome { return o }
                s.waiter = c
                return nil
            }
            if let ready { c.resume(with: ready) }
        }
    }
}
