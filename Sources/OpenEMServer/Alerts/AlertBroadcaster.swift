import Foundation
import Logging
import Metrics
import OpenEMCore
import ServiceLifecycle
import Synchronization

/// Reads the outbox once for this node and hands each alert to every open live stream whose user may see it, so
/// open dashboards cost one outbox read per commit however many there are. It runs on every node: an alert
/// committed on another node sharing the store wakes it through `OutboxFollower`, and it polls as a safety net.
///
/// A stream joins at the broadcaster's position and gets every alert after it; what came before, the stream reads
/// from the store itself (`AlertStreamController`). The broadcaster never waits for a client: each stream has a
/// bounded buffer, and a stream that falls `capacity` items behind is ended, so its client reconnects with
/// `Last-Event-ID` and reads what it missed from the store.
public final class AlertBroadcaster: Service, Sendable {
    enum Item: Sendable {
        case alert(AlertStreamEvent)
        /// Sent every `keepAlive` so that proxies keep an idle stream open and a gone client is noticed.
        case keepAlive
    }

    /// A stream's place in the fan-out: every alert after `position` that its user may see comes through `items`.
    struct Membership: Sendable {
        let id: UInt64
        let position: Int64
        let items: AsyncStream<Item>
    }

    private struct Member {
        let sees: @Sendable (Alert) -> Bool
        let items: AsyncStream<Item>.Continuation
    }

    private struct State {
        /// The outbox position read up to; nil until the first read of the outbox's end.
        var position: Int64?
        var members: [UInt64: Member] = [:]
        var nextId: UInt64 = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
        var stopped = false
    }

    let store: any OpenEMStore
    let signal: OutboxSignal
    let logger: Logger
    let poll: Duration
    let keepAlive: Duration
    let capacity: Int
    private let state = Mutex(State())
    private let page = 500
    private let open = Gauge(label: "openem_alert_streams_open")
    private let ended = Counter(label: "openem_alert_streams_behind_total")

    public init(
        store: any OpenEMStore, signal: OutboxSignal, logger: Logger, poll: Duration = .seconds(1),
        keepAlive: Duration = .seconds(15), capacity: Int = 2_000
    ) {
        self.store = store
        self.signal = signal
        self.logger = logger
        self.poll = poll
        self.keepAlive = keepAlive
        self.capacity = capacity
    }

    public func run() async throws {
        guard var position = await outboxEnd() else { return stop() }
        let waiting = state.withLock { s in
            s.position = position
            defer { s.waiting = [] }
            return s.waiting
        }
        for w in waiting { w.resume() }
        let clock = ContinuousClock()
        var nextKeepAlive = clock.now + keepAlive
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let seen = signal.version
            var more = false
            do {
                let events = try await store.outboxEvents(afterId: position, limit: page)
                if let last = events.last {
                    position = last.id
                    publish(events.compactMap(AlertStreamEvent.init).map(Item.alert), upTo: position)
                }
                more = events.count == page
            } catch {
                logger.warning("alert stream read failed; retrying", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            if clock.now >= nextKeepAlive {
                publish([.keepAlive], upTo: position)
                nextKeepAlive = clock.now + keepAlive
            }
            if !more { await signal.wait(after: seen, upTo: poll) }
        }
        stop()
    }

    /// Joins the fan-out (once the broadcaster knows where the outbox ends). `sees` is asked once per alert.
    func join(sees: @escaping @Sendable (Alert) -> Bool) async -> Membership {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.position != nil || s.stopped { return true }
                s.waiting.append(c)
                return false
            }
            if now { c.resume() }
        }
        let (items, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(capacity))
        let id = state.withLock { s in
            s.nextId &+= 1
            return s.nextId
        }
        continuation.onTermination = { [weak self] _ in self?.leave(id) }
        let (position, joined) = state.withLock { s -> (Int64, Bool) in
            guard !s.stopped else { return (s.position ?? 0, false) }
            s.members[id] = Member(sees: sees, items: continuation)
            return (s.position ?? 0, true)
        }
        if joined { open.record(Double(memberCount)) } else { continuation.finish() }
        return Membership(id: id, position: position, items: items)
    }

    func leave(_ id: UInt64) {
        if state.withLock({ $0.members.removeValue(forKey: id) }) != nil { open.record(Double(memberCount)) }
    }

    var memberCount: Int { state.withLock { $0.members.count } }

    /// Hands items to every member that may see them and moves the position, in one step, so that a stream joining
    /// gets exactly what comes after the position it is given. A member whose buffer is full is ended.
    private func publish(_ items: [Item], upTo position: Int64) {
        let behind = state.withLock { s -> [AsyncStream<Item>.Continuation] in
            var behind: [UInt64] = []
            for (id, m) in s.members {
                for item in items {
                    if case .alert(let e) = item, !m.sees(e.alert) { continue }
                    if case .dropped = m.items.yield(item) {
                        behind.append(id)
                        break
                    }
                }
            }
            s.position = position
            return behind.compactMap { s.members.removeValue(forKey: $0)?.items }
        }
        guard !behind.isEmpty else { return }
        // Ended outside the lock: ending calls `leave`, which takes it.
        for c in behind { c.finish() }
        ended.increment(by: behind.count)
        logger.notice("\(behind.count) alert streams fell \(capacity) events behind and were ended; their clients resume from the store")
        open.record(Double(memberCount))
    }

    /// The outbox's last position, retried until the store answers; nil if the node stops first.
    private func outboxEnd() async -> Int64? {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                return try await store.latestOutboxId()
            } catch {
                logger.warning("alert stream cannot read the outbox yet; retrying", metadata: ["error": "\(String(reflecting: type(of: error)))"])
                try? await Task.sleep(for: poll)
            }
        }
        return nil
    }

    /// Ends every stream (their clients reconnect to a node that is running) and lets no more join.
    private func stop() {
        let (members, waiting) = state.withLock { s in
            s.stopped = true
            defer {
                s.members = [:]
                s.waiting = []
            }
            return (Array(s.members.values), s.waiting)
        }
        for m in members { m.items.finish() }
        for w in waiting { w.resume() }
        open.record(0)
    }
}
