import Foundation
import Logging
import OpenEMCore
import OpenEMSQLite
import Testing

@testable import OpenEMServer

/// The live stream's fan-out: one broadcaster per node reads the outbox and hands each alert to every open stream.
@Suite struct AlertStreamTests {
    @Test(.timeLimit(.minutes(1)))
    func streamsOpenBeforeAlertsGetEachAlertTheirUserMaySeeAsItHappens() async throws {
        let h = try await Harness()
        let broadcaster = h.services.alertBroadcaster
        try await h.run { c in
            let centre = try await c.user("mo.live", ["monitoring_officer"])
            let met = try await c.user("pc.live", ["police"], forceArea: "MPS")
            async let centreEvents = c.stream(centre, after: nil, count: 2)
            async let metEvents = c.stream(met, after: nil, count: 1)
            try await eventually { broadcaster.memberCount == 2 }
            let manchester = try await c.zoneEntry(forceArea: "GMP", region: "North West")
            let london = try await c.zoneEntry(forceArea: "MPS", region: "London")
            #expect(try await centreEvents.map { $0.alert["subjectId"].string } == [manchester.subjectId, london.subjectId])
            #expect(try await metEvents.map { $0.alert["subjectId"].string } == [london.subjectId])
            try await eventually { broadcaster.memberCount == 0 }
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aResumedStreamGetsWhatItMissedThenWhatHappensNextOnceEach() async throws {
        let h = try await Harness()
        let broadcaster = h.services.alertBroadcaster
        try await h.run { c in
            let centre = try await c.user("mo.resume", ["monitoring_officer"])
            let first = try await c.zoneEntry(forceArea: "MPS", region: "London")
            async let events = c.stream(centre, after: 0, count: 2)
            try await eventually { broadcaster.memberCount == 1 }
            let second = try await c.zoneEntry(forceArea: "GMP", region: "North West")
            let got = try await events
            #expect(got.map { $0.alert["subjectId"].string } == [first.subjectId, second.subjectId])
            #expect(got.count == 2 && got[0].id < got[1].id)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func aStreamThatStopsReadingIsEndedOnceItsBufferIsFullWithoutHoldingUpOthers() async throws {
        let store = try SQLiteStore.inMemory()
        let signal = OutboxSignal()
        let broadcaster = AlertBroadcaster(store: store, signal: signal, logger: Logger(label: "test"), poll: .milliseconds(20), capacity: 3)
        let running = Task { try await broadcaster.run() }
        defer { running.cancel() }
        let reading = await broadcaster.join { _ in true }
        let idle = await broadcaster.join { $0.forceArea == "MPS" }
        var next = reading.items.makeAsyncIterator()
        var read: [Int64] = []
        for round in 0..<2 {
            try await store.commitEvaluation(
                EvaluationCommit(
                    partition: 0, cursor: 0,
                    outbox: [
                        (AlertTopic.alert, try AlertTopic.payload(Self.alert("a\(round)", forceArea: "MPS"))),
                        (AlertTopic.alert, try AlertTopic.payload(Self.alert("b\(round)", forceArea: "MPS"))),
                        (AlertTopic.alert, try AlertTopic.payload(Self.alert("c\(round)", forceArea: "GMP"))),
                    ], createdAt: Date()))
            signal.notify()
            while read.count < 3 * (round + 1), let item = await next.next() {
                if case .alert(let e) = item { read.append(e.id) }
            }
        }
        #expect(read.count == 6, "the stream that reads gets every alert")
        var buffered: [String] = []
        for await item in idle.items {
            if case .alert(let e) = item { buffered.append(e.alert.violationId) }
        }
        #expect(buffered == ["a0", "b0", "a1"], "the idle stream keeps what fitted in its buffer (its user's alerts only), then ends")
        #expect(broadcaster.memberCount == 1)
    }

    static func alert(_ violationId: String, forceArea: String) -> Alert {
        let now = Date()
        return Alert(
            violationId: violationId, subjectId: "s-\(violationId)", violationType: .exclusionZoneEntry, severity: .high,
            raisedAt: now, ackDueAt: now.addingTimeInterval(600), forceArea: forceArea, probationRegion: nil,
            responsibleOfficer: nil, late: false, violationStatus: .provisional, history: [], updatedAt: now)
    }
}

/// Waits (up to ten seconds) for something that happens on another task.
func eventually(_ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(10)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting")
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
