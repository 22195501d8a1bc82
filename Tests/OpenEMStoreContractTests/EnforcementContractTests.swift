import Foundation
import OpenEMCore
import Testing

/// Violation outcomes and enforcement cases: the same behaviour from every store.
@Suite struct EnforcementContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000.123)

    @Test(arguments: StoreKind.available)
    func outcomesKeepTheirRecordingOrder(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        // Recorded in the same millisecond: the store still returns them in the order they were recorded.
        let kinds: [ViolationOutcomeKind] = [.noExcuse, .reasonableExcuse, .enforcement, .noExcuse]
        for (i, k) in kinds.enumerated() {
            try await store.insertViolationOutcome(
                ViolationOutcome(
                    violationId: i == 3 ? "v2" : "v1", subjectId: i == 3 ? "s2" : "s1", outcome: k, note: i == 0 ? "first" : nil,
                    recordedBy: "u", recordedAt: Self.t0))
        }
        let s1 = try await store.violationOutcomes(subjectIds: ["s1"])
        #expect(s1.map(\.outcome) == [.noExcuse, .reasonableExcuse, .enforcement])
        #expect(s1.first?.note == "first" && s1.first?.recordedAt == Self.t0)
        #expect(try await store.violationOutcomes(subjectIds: nil).count == 4)
        #expect(try await store.violationOutcomes(subjectIds: []).isEmpty)
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aCaseIsWrittenOverItsRevision(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        var c = EnforcementCase(
            subjectId: "s1", orderId: "o1", orderType: .postRelease, violationIds: ["v1", "v2"], openedBy: "u", openedAt: Self.t0)
        try await store.insertEnforcementCase(c)
        let older = EnforcementCase(
            subjectId: "s1", orderId: "o1", orderType: .community, violationIds: ["v3"], openedBy: "u",
            openedAt: Self.t0.addingTimeInterval(-86_400))
        try await store.insertEnforcementCase(older)
        try await store.insertEnforcementCase(
            EnforcementCase(subjectId: "s2", orderId: nil, orderType: nil, violationIds: ["v9"], openedBy: "u", openedAt: Self.t0))
        #expect(try await store.enforcementCase(id: c.id) == c)

        c.steps.append(EnforcementStep(step: .closed, at: Self.t0, note: "Excuse accepted", recordedBy: "u", recordedAt: Self.t0))
        c.revision = 2
        try await store.updateEnforcementCase(c)
        var stale = c
        stale.steps.removeAll()
        await #expect(throws: StoreError.self, "a change over an old revision is refused") { try await store.updateEnforcementCase(stale) }
        #expect(try await store.enforcementCase(id: c.id)?.steps.map(\.step) == [.closed])

        #expect(try await store.enforcementCases(subjectIds: ["s1"], openOnly: false).map(\.id) == [c.id, older.id], "newest first")
        #expect(try await store.enforcementCases(subjectIds: ["s1"], openOnly: true).map(\.id) == [older.id], "the closed one is not open")
        #expect(try await store.enforcementCases(subjectIds: nil, openOnly: false).count == 3)
        #expect(try await store.enforcementCase(id: "none") == nil)
        await done()
    }
}
