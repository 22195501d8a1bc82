import Foundation
import Testing

@testable import OpenEMCore

/// An evaluation's alert written over the stored one: a person's acknowledgement or decision always stands.
@Suite("Alert merge")
struct AlertMergeTests {
    let t0 = utc("2026-03-02T21:00:00Z")
    let officer = User(username: "mo", passwordHash: "h", roles: [.monitoringOfficer], createdAt: utc("2026-01-01T00:00:00Z"))

    var subject: Subject { TestWearer(conditions: []).subject }

    func violation(_ status: ViolationStatus = .provisional, late: Bool = false) -> Violation {
        Violation(
            id: "v1", subjectId: subject.id, orderId: "order-1", conditionId: "c1", deviceId: "gps-1", type: .exclusionZoneEntry,
            status: status, start: t0, end: nil, late: late, evidence: ViolationEvidence(summary: "entered"),
            createdAt: t0, updatedAt: t0)
    }

    func raised() -> Alert { AlertLifecycle.raise(for: violation(), subject: subject, cohort: .standard, policy: .standard, at: t0) }

    /// The evaluation's next version of `alert`, built without seeing anyone's change since.
    func evaluated(_ alert: Alert, _ v: Violation) -> Alert {
        AlertLifecycle.violationChanged(alert, to: v, at: t0.addingTimeInterval(600))
    }

    @Test("a new alert, or one nobody changed since the evaluation read it, is written as evaluated")
    func unchangedByAnyone() {
        let alert = raised()
        #expect(AlertMerge.written(alert, over: nil, violations: [violation()], at: t0) == alert)
        let next = evaluated(alert, violation(.confirmed))
        #expect(AlertMerge.written(next, over: alert, violations: [violation(.confirmed)], at: t0) == next)
    }

    @Test("an acknowledgement made meanwhile survives, and the violation's news is applied to it")
    func acknowledgementStands() throws {
        let alert = raised()
        let acked = try AlertLifecycle.acknowledge(alert, by: officer, at: t0.addingTimeInterval(60))
        let withdrawn = violation(.withdrawn, late: true)
        let written = try #require(
            AlertMerge.written(
                evaluated(alert, withdrawn), over: acked, violations: [withdrawn],
                at: t0.addingTimeInterval(600)))
        #expect(written.status == .acknowledged && written.acknowledgedAt == acked.acknowledgedAt)
        #expect(written.violationStatus == .withdrawn && written.late)
        #expect(written.revision == acked.revision + 1)
        #expect(written.history.map(\.kind) == [.raised, .acknowledged, .withdrawn])
    }

    @Test("a decision made meanwhile survives")
    func decisionStands() throws {
        let alert = raised()
        let acked = try AlertLifecycle.acknowledge(alert, by: officer, at: t0.addingTimeInterval(60))
        let decided = try AlertLifecycle.decide(acked, .warn, note: "spoken to", by: officer, at: t0.addingTimeInterval(120))
        let confirmed = violation(.confirmed)
        let written = try #require(AlertMerge.written(evaluated(alert, confirmed), over: decided, violations: [confirmed], at: t0))
        #expect(written.status == .actioned && written.decision == .warn && written.decisionNote == "spoken to")
        #expect(written.violationStatus == .confirmed)
    }

    @Test("nothing is written when the person's version already says what the violation says, or the violation is absent")
    func nothingToWrite() throws {
        let alert = raised()
        let acked = try AlertLifecycle.acknowledge(alert, by: officer, at: t0.addingTimeInterval(60))
        let confirmed = violation(.confirmed)
        let ackedAndConfirmed = AlertLifecycle.violationChanged(acked, to: confirmed, at: t0.addingTimeInterval(90))
        #expect(AlertMerge.written(evaluated(alert, confirmed), over: ackedAndConfirmed, violations: [confirmed], at: t0) == nil)
        #expect(AlertMerge.written(evaluated(alert, confirmed), over: acked, violations: [], at: t0) == nil)
    }
}

/// Which evaluator checkpoints a store keeps when it writes a newer one.
@Suite("Checkpoint retention")
struct CheckpointRetentionTests {
    @Test("a week behind the newest checkpoint is kept; anything older is pruned")
    func aWeek() {
        let newest = utc("2026-03-30T12:00:00Z")
        #expect(CheckpointRetention.pruneBefore(newest: newest) == utc("2026-03-23T12:00:00Z"))
        #expect(CheckpointRetention.window == 7 * 86_400)
    }
}
