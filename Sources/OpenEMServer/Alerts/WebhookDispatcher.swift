import AsyncHTTPClient
import Crypto
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import OpenEMCore
import ServiceLifecycle
import Synchronization

/// Delivers alert events from the outbox to webhook subscriptions: in outbox order per subscription, each POST
/// signed (`X-OpenEM-Signature: sha256=<hex HMAC-SHA256 of the body with the subscription's secret>`) and carrying a
/// delivery id (`X-OpenEM-Delivery`, also in the body) for receiver-side de-duplication.
///
/// A subscription's cursor moves only after a 2xx, and is stored, so a restart (even `kill -9`) resumes where
/// delivery stopped: at least once, in order, never skipping. A failing receiver is retried with exponential
/// back-off (1 s doubling to 5 min) without holding up the other subscriptions.
public final class WebhookDispatcher: Service, Sendable {
    let store: any OpenEMStore
    let signal: OutboxSignal
    let logger: Logger
    let poll: Duration
    let timeout: TimeAmount
    private let retry = Mutex<[EntityID: (failures: Int, notBefore: ContinuousClock.Instant)]>([:])
    private let delivered = Counter(label: "openem_webhook_deliveries_total")
    private let failed = Counter(label: "openem_webhook_failures_total")

    public init(
        store: any OpenEMStore, signal: OutboxSignal, logger: Logger, poll: Duration = .seconds(1),
        timeout: TimeAmount = .seconds(10)
    ) {
        self.store = store
        self.signal = signal
        self.logger = logger
        self.poll = poll
        self.timeout = timeout
    }

    public func run() async throws {
        let client = HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(timeout: .init(connect: .seconds(5), read: timeout)))
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let seen = signal.version
            do {
                try await pass(client)
            } catch {
                logger.warning("webhook pass failed; retrying", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            // New outbox events and new subscriptions both come through the signal.
            await signal.wait(after: seen, upTo: poll)
        }
        try await client.shutdown()
    }

    /// One pass over every subscription, concurrently; each delivers what it can in order and stops at its first
    /// failure.
    func pass(_ client: HTTPClient) async throws {
        let subscriptions = try await store.webhooks()
        await withTaskGroup(of: Void.self) { g in
            for s in subscriptions where ready(s.id) {
                g.addTask { await self.deliver(s, client) }
            }
        }
    }

    private func ready(_ id: EntityID) -> Bool {
        retry.withLock { r in r[id].map { ContinuousClock.now >= $0.notBefore } ?? true }
    }

    private func deliver(_ s: WebhookSubscription, _ client: HTTPClient) async {
        var cursor = s.cursor
        do {
            while true {
                let events = try await store.outboxEvents(afterId: cursor, limit: 200)
                if events.isEmpty { break }
                var skippedTo: Int64?
                for e in events {
                    guard e.topic == AlertTopic.alert, let alert = try? AlertTopic.alert(from: e.payload),
                        Self.matches(alert, s)
                    else {
                        skippedTo = e.id
                        continue
                    }
                    if let skip = skippedTo {
                        try await store.advanceWebhook(id: s.id, cursor: skip)
                        skippedTo = nil
                    }
                    guard try await post(e, alert, to: s, client) else { return }
                    cursor = e.id
                    try await store.advanceWebhook(id: s.id, cursor: cursor)
                    delivered.increment()
                }
                if let skip = skippedTo { try await store.advanceWebhook(id: s.id, cursor: skip) }
                cursor = events.last!.id
                if events.count < 200 { break }
            }
        } catch {
            logger.warning(
                "webhook delivery interrupted",
                metadata: [
                    "subscription": "\(s.id)",
                    "error": "\(String(reflecting: type(of: error)))",
                ])
        }
    }

    static func matches(_ a: Alert, _ s: WebhookSubscription) -> Bool {
        if let area = s.forceArea, area != a.forceArea { return false }
        if let min = s.minSeverity, a.severity < min { return false }
        return true
    }

    static func deliveryId(_ s: WebhookSubscription, _ eventId: Int64) -> String { "\(s.id)-\(eventId)" }

    /// What a receiver is sent: the alert, with the delivery's id (for de-duplication) and its place in the order.
    struct Delivery: Encodable {
        var deliveryId: String
        var sequence: Int64
        var event = AlertTopic.alert
        var alert: Alert
    }

    static func body(_ e: OutboxEvent, _ alert: Alert, _ s: WebhookSubscription) throws -> Data {
        try AlertTopic.json(Delivery(deliveryId: deliveryId(s, e.id), sequence: e.id, alert: alert))
    }

    static func signature(_ body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + Hex.string(mac)
    }

    /// True on a 2xx. Anything else schedules a retry with back-off.
    private func post(_ e: OutboxEvent, _ alert: Alert, to s: WebhookSubscription, _ client: HTTPClient) async throws -> Bool {
        let body = try Self.body(e, alert, s)
        var request = HTTPClientRequest(url: s.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "OpenEM-Webhook")
        request.headers.add(name: "X-OpenEM-Event", value: "alert")
        request.headers.add(name: "X-OpenEM-Delivery", value: Self.deliveryId(s, e.id))
        request.headers.add(name: "X-OpenEM-Signature", value: Self.signature(body, secret: s.secret))
        request.body = .bytes(ByteBuffer(data: body))
        var status: UInt = 0
        do {
            let response = try await client.execute(request, timeout: timeout)
            status = response.status.code
            _ = try? await response.body.collect(upTo: 64 * 1024)
        } catch {
            status = 0
        }
        if (200..<300).contains(status) {
            retry.withLock { _ = $0.removeValue(forKey: s.id) }
            return true
        }
        failed.increment()
        let failures = retry.withLock { r -> Int in
            let n = (r[s.id]?.failures ?? 0) + 1
            let delay = min(300.0, pow(2.0, Double(n - 1)))
            r[s.id] = (n, ContinuousClock.now + .milliseconds(Int(delay * 1000)))
            return n
        }
        logger.warning(
            "webhook delivery failed; will retry",
            metadata: [
                "subscription": "\(s.id)", "status": "\(status)", "failures": "\(failures)",
            ])
        return false
    }
}
