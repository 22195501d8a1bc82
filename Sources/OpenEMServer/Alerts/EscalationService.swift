import Foundation
import Logging
import Metrics
import OpenEMCore
import ServiceLifecycle

/// Escalates alerts left unacknowledged past `ackDueAt`: severity rises one step (CRITICAL stays CRITICAL), the
/// deadline restarts from the policy, the step is recorded in the alert's history and the changed alert goes out
/// again on the live stream and webhooks, so everyone who can see it is told a second time. A CRITICAL alert that
/// escalates keeps re-notifying at each deadline until someone acknowledges it.
public struct EscalationService: Service {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let policy: AlertPolicy
    let signal: OutboxSignal
    let logger: Logger
    let every: Duration
    private let escalations = Counter(label: "openem_alert_escalations_total")

    public init(
        store: any OpenEMStore, clock: @escaping @Sendable () -> Date, policy: AlertPolicy, signal: OutboxSignal,
        logger: Logger, every: Duration = .seconds(5)
    ) {
        self.store = store
        self.clock = clock
        self.policy = policy
        self.signal = signal
        self.logger = logger
        self.every = every
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                _ = try await stepOnce()
            } catch {
                logger.warning("escalation pass failed; retrying", metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            try? await Task.sleep(for: every)
        }
    }

    /// One pass at the clock's time; returns how many alerts escalated.
    @discardableResult
    public func stepOnce() async throws -> Int {
        let now = clock()
        var count = 0
        for alert in try await store.alertsDue(now: now) {
            var cohort: Cohort?
            if let v = try await store.violation(id: alert.violationId), let orderId = v.orderId {
                cohort = try await store.order(id: orderId, version: nil)?.cohort
            }
            guard let escalated = AlertLifecycle.escalateIfDue(alert, policy: policy, cohort: cohort, now: now) else { continue }
            do {
                try await store.updateAlert(escalated, outbox: [(AlertTopic.alert, try AlertTopic.payload(escalated))])
                count += 1
            } catch StoreError.conflict {
                continue  // acknowledged (or updated) meanwhile: the next pass judges it afresh
            }
        }
        if count > 0 {
            escalations.increment(by: count)
            signal.notify()
        }
        return count
    }
}
