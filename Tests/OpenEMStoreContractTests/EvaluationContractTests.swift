import Foundation
import OpenEMCore
import Testing

@Suite struct EvaluationContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func violation(_ subject: Subject, start: Date, end: Date? = nil, status: ViolationStatus = .confirmed) -> Violation {
        Violation(
            subjectId: subject.id, orderId: "o1", conditionId: "c1", deviceId: "d1", type: .exclusionZoneEntry, status: status,
            start: start, end: end, late: false, evidence: ViolationEvidence(summary: "entered", dataGaps: []),
            createdAt: start, updatedAt: start)
    }

    @Test(arguments: StoreKind.available)
    func anEvaluationCommitsWholeAndAUsersAlertChangeIsNeverLost(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let s = RegistryContractTests.person("Dale")
        try await store.insertSubject(s)
        var v = Self.violation(s, start: Self.t0)
        let alert = AlertLifecycle.raise(for: v, subject: s, cohort: .standard, policy: .standard, at: Self.t0)
        let state = EvaluatorCheckpoint(subjectId: s.id, eventTime: Self.t0, offset: 7, state: Data([1, 2, 3]))
        try await store.commitEvaluation(
            EvaluationCommit(
                partition: 0, cursor: 7, violations: [v], alerts: [alert], liveStates: [state],
                checkpoints: [
                    state, EvaluatorCheckpoint(subjectId: s.id, eventTime: Self.t0.addingTimeInterval(-3600), offset: 3, state: Data([9])),
                ],
                outbox: [(topic: "violation", payload: Data("v1".utf8))], createdAt: Self.t0))
        #expect(try await store.evaluatorCursor(partition: 0) == 7)
        #expect(try await store.evaluatorCursor(partition: 1) == 0)
        #expect(try await store.violation(id: v.id) == v)
        #expect(try await store.alert(violationId: v.id)?.id == alert.id)
        #expect(try await store.liveStates(subjectIds: [s.id]) == [state])
        #expect(try await store.latestCheckpoint(subjectId: s.id, atOrBefore: Self.t0.addingTimeInterval(-1))?.offset == 3)
        #expect(try await store.latestCheckpoint(subjectId: s.id, atOrBefore: Self.t0)?.offset == 7)
        let events = try await store.outboxEvents(afterId: 0, limit: 10)
        #expect(events.map(\.topic) == [AlertTopic.alert, "violation"] && events.map(\.id) == [1, 2])
        #expect(try await store.latestOutboxId() == 2)

        // An officer acknowledges; the evaluator, not having seen that, then withdraws the violation (late data).
        let officer = User(username: "mc", passwordHash: "h", roles: [.monitoringOfficer], createdAt: Self.t0)
        let acked = try AlertLifecycle.acknowledge(alert, by: officer, at: Self.t0.addingTimeInterval(60))
        try await store.updateAlert(acked, outbox: [(topic: AlertTopic.alert, payload: Data("acked".utf8))])
        await #expect(throws: StoreError.self) { try await store.updateAlert(acked, outbox: []) }
        v.status = .withdrawn
        v.end = Self.t0.addingTimeInterval(120)
        v.updatedAt = Self.t0.addingTimeInterval(120)
        var stale = AlertLifecycle.violationChanged(alert, to: v, at: Self.t0.addingTimeInterval(120))
        stale.revision = alert.revision + 1
        try await store.commitEvaluation(EvaluationCommit(partition: 0, cursor: 9, violations: [v], alerts: [stale], createdAt: Self.t0))
        let kept = try #require(try await store.alert(id: alert.id))
        #expect(kept.acknowledgedAt != nil, "the acknowledgement survives the evaluator's stale write")
        #expect(kept.violationStatus == .withdrawn && kept.revision == acked.revision + 1, "and the withdrawal is applied to it")
        #expect(try await store.outboxEvents(afterId: 2, limit: 10).count == 2)

        // Queries: newest first with a keyset cursor, filters, and overdue alerts.
        let older = Self.violation(s, start: Self.t0.addingTimeInterval(-7200), end: Self.t0.addingTimeInterval(-7000))
        try await store.commitEvaluation(EvaluationCommit(partition: 1, cursor: 10, violations: [older], createdAt: Self.t0))
        #expect(try await store.violations(ViolationQuery(subjectIds: [s.id])).map(\.id) == [v.id, older.id])
        #expect(try await store.violations(ViolationQuery(subjectIds: [s.id], limit: 1, before: ViolationCursor(after: v))).map(\.id) == [older.id])
        #expect(try await store.violations(ViolationQuery(from: Self.t0.addingTimeInterval(-60))).map(\.id) == [v.id])
        #expect(try await store.violations(ViolationQuery(status: .confirmed)).map(\.id) == [older.id])
        #expect(try await store.violations(ViolationQuery(subjectIds: [])).isEmpty)
        #expect(try await store.alerts(AlertQuery(forceArea: "MPS")).map(\.id) == [alert.id])
        #expect(try await store.alerts(AlertQuery(forceArea: "GMP")).isEmpty)
        #expect(try await store.alertsDue(now: Self.t0.addingTimeInterval(86_400)).isEmpty, "acknowledged, so not due")
        await done()
    }

    @Test(arguments: StoreKind.available)
    func webhookCursorsOnlyMoveForward(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let w = WebhookSubscription(
            url: "https://example.org/hook", secret: "s", forceArea: "MPS", minSeverity: nil, createdBy: "u",
            createdAt: Self.t0, cursor: 0)
        try await store.insertWebhook(w)
        try await store.advanceWebhook(id: w.id, cursor: 5)
        try await store.advanceWebhook(id: w.id, cursor: 3)
        #expect(try await store.webhooks().map(\.cursor) == [5])
        await done()
    }

    @Test(arguments: StoreKind.available)
    func anEvaluatorThatLostItsPartitionCannotCommitOverTheNewOwner(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        var first = EvaluationCommit(partition: 3, cursor: 10, createdAt: Self.t0)
        first.expectedCursor = 0
        try await store.commitEvaluation(first)
        var stale = EvaluationCommit(partition: 3, cursor: 12, outbox: [(topic: "violation", payload: Data("x".utf8))], createdAt: Self.t0)
        stale.expectedCursor = 0
        await #expect(throws: StoreError.self) { try await store.commitEvaluation(stale) }
        #expect(try await store.evaluatorCursor(partition: 3) == 10)
        #expect(try await store.latestOutboxId() == 0, "nothing of the refused commit is kept")
        await done()
    }

    @Test(arguments: StoreKind.available)
    func checkpointsAWeekBehindTheNewestAreKeptAndAReplayDiscardsTheStaleOnes(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let s = RegistryContractTests.person("Kim")
        try await store.insertSubject(s)
        func checkpoint(_ secondsBefore: TimeInterval, offset: Int64) -> EvaluatorCheckpoint {
            EvaluatorCheckpoint(subjectId: s.id, eventTime: Self.t0.addingTimeInterval(-secondsBefore), offset: offset, state: Data([1]))
        }
        func latest(_ secondsBefore: TimeInterval) async throws -> Int64? {
            try await store.latestCheckpoint(subjectId: s.id, atOrBefore: Self.t0.addingTimeInterval(-secondsBefore))?.offset
        }
        let week = CheckpointRetention.window
        try await store.commitEvaluation(
            EvaluationCommit(
                partition: 0, cursor: 1,
                checkpoints: [
                    checkpoint(week + 1, offset: 1), checkpoint(week, offset: 2), checkpoint(3600, offset: 3),
                ], createdAt: Self.t0))
        try await store.commitEvaluation(EvaluationCommit(partition: 0, cursor: 2, checkpoints: [checkpoint(0, offset: 4)], createdAt: Self.t0))
        #expect(try await latest(week + 0.5) == nil, "more than a week behind the newest: pruned")
        #expect(try await latest(week) == 2, "exactly a week behind: kept")
        #expect(try await latest(0) == 4)
        // Late data from two hours back: checkpoints from then on were taken without it; the replay writes its own.
        try await store.commitEvaluation(
            EvaluationCommit(
                partition: 0, cursor: 3, checkpoints: [checkpoint(1800, offset: 5)],
                discardCheckpointsFrom: [s.id: Self.t0.addingTimeInterval(-7200)],
                createdAt: Self.t0))
        #expect(try await latest(0) == 5, "the checkpoint after the late data is gone, the replay's is kept")
        #expect(try await latest(3600) == 2)
        await done()
    }
}
