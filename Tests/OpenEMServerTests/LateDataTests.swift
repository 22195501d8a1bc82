import Foundation
import Hummingbird
import OpenEMCore
import OpenEMServer
import Testing

@Suite struct LateDataTests {
    /// Six hours from 18:00: home, out 21:00-22:00 during the 19:00-07:00 curfew, home again.
    static func evening(seqFrom: Int) -> [[String: Any]] {
        let points = (0..<360).map { i -> (String, Double, Double, Double) in
            let t = at("2026-11-20T18:00:00Z", plus: Double(i))
            let out = i >= 180 && i < 240
            return out ? (t, 51.5200, -0.1000, 8) : (t, 51.5007, -0.1246, 8)
        }
        return fixes(points, seqFrom: seqFrom)
    }

    @Test func aSixHourBacklogGivesTheSameViolationsAsLiveDataMarkedLate() async throws {
        let h = try await Harness()
        try await h.run { c in
            c.clock.advance(6 * 3600)  // 18:00
            let live = try await c.fittedWearer(
                conditions: { aid in [Fixtures.curfew(addressId: aid)] },
                installedAt: "2026-11-20T17:59:00Z")
            let late = try await c.fittedWearer(
                conditions: { aid in [Fixtures.curfew(addressId: aid)] },
                installedAt: "2026-11-20T17:59:00Z")
            let messages = Self.evening(seqFrom: 1)
            // Live: every 10 minutes the tag uploads what it recorded.
            for step in 0..<36 {
                c.clock.advance(600)
                _ = try await c.send(live, Array(messages[(step * 10)..<(step * 10 + 10)]))
                try await c.evaluate()
            }
            // The other tag was out of coverage all evening and uploads its backlog at once.
            let during = try await c.violations(late).compactMap { $0["type"].string }
            #expect(during.contains("NO_COMMUNICATION"), "silence is reported as no communication")
            #expect(!during.contains("CURFEW_ABSENCE"), "silence is never taken for absence")
            for chunk in stride(from: 0, to: 360, by: 100) {
                #expect(try await c.send(late, Array(messages[chunk..<min(chunk + 100, 360)])).json["accepted"].int == min(100, 360 - chunk))
            }
            try await c.evaluate()

            func summary(_ v: [JSON]) -> [String] {
                v.filter { $0["status"].string != "WITHDRAWN" }
                    .map { "\($0["type"].string!) \($0["start"].string!) \($0["end"].string ?? "open") \($0["status"].string!)" }
                    .sorted()
            }
            let liveViolations = try await c.violations(live)
            let lateViolations = try await c.violations(late)
            #expect(summary(liveViolations).contains { $0.hasPrefix("CURFEW_ABSENCE") })
            #expect(summary(lateViolations) == summary(liveViolations))
            #expect(lateViolations.filter { $0["type"].string == "CURFEW_ABSENCE" }.allSatisfy { $0["late"].bool == true })
            #expect(liveViolations.allSatisfy { $0["late"].bool == false })
            let silence = lateViolations.filter { $0["type"].string == "NO_COMMUNICATION" }
            #expect(
                !silence.isEmpty && silence.allSatisfy { $0["status"].string == "WITHDRAWN" },
                "the outage's no-communication is withdrawn once the data shows what happened")
        }
    }

    @Test func aBacklogInManySmallRequestsGivesTheLiveResultWithNoFreshSilenceBetweenThem() async throws {
        let h = try await Harness()
        try await h.run { c in
            c.clock.advance(6 * 3600)  // 18:00
            let w = try await c.fittedWearer(
                conditions: { aid in [Fixtures.curfew(addressId: aid)] },
                installedAt: "2026-11-20T17:59:00Z")
            // Out of coverage all evening: the evaluator runs on through the silence.
            for _ in 0..<36 {
                c.clock.advance(600)
                try await c.evaluate()
            }
            let silentAlerts = try await c.store.alerts(AlertQuery(subjectId: w.subjectId, limit: 100))
                .filter { $0.violationType == .noCommunication }.count
            #expect(silentAlerts == 1, "the outage is reported once")
            // Back in coverage, the tag uploads six hours in many small requests, the evaluator running between them.
            let messages = Self.evening(seqFrom: 1)
            for chunk in stride(from: 0, to: 360, by: 10) {
                _ = try await c.send(w, Array(messages[chunk..<min(chunk + 10, 360)]))
                c.clock.advance(2)
                try await c.evaluate()
            }
            let alerts = try await c.store.alerts(AlertQuery(subjectId: w.subjectId, limit: 100))
            #expect(
                alerts.filter { $0.violationType == .noCommunication }.count == 1,
                "no new no-communication alert between the parts of one upload")
            let silence = try await c.violations(w).filter { $0["type"].string == "NO_COMMUNICATION" }
            let all = try await c.violations(w).map {
                "\($0["type"].string!) \($0["status"].string!) \($0["start"].string!) \($0["end"].string ?? "open")"
            }
            #expect(silence.allSatisfy { $0["status"].string == "WITHDRAWN" }, "\(all)")
            // The same as live data would give (see the test above): out 21:00-22:00, nothing else standing.
            #expect(
                all.filter { !$0.contains("WITHDRAWN") } == ["CURFEW_ABSENCE CONFIRMED 2026-11-20T21:00:00.000Z 2026-11-20T22:00:00.000Z"],
                "\(all)")
        }
    }

    @Test func resendsAndARestartedEvaluatorLeaveNoTrace() async throws {
        let h = try await Harness()
        try await h.run { c in
            c.clock.advance(6 * 3600)
            let w = try await c.fittedWearer(
                conditions: { aid in [Fixtures.curfew(addressId: aid)] },
                installedAt: "2026-11-20T17:59:00Z")
            let messages = Self.evening(seqFrom: 1)
            for step in 0..<36 {
                c.clock.advance(600)
                _ = try await c.send(w, Array(messages[(step * 10)..<(step * 10 + 10)]))
                if step % 3 == 0 { try await c.evaluate() }
            }
            try await c.evaluate()
            let before = try await c.violations(w).map { "\($0["id"].string!) \($0["status"].string!) \($0["end"].string ?? "")" }
            let alertsBefore = try await c.store.alerts(AlertQuery(limit: 1000)).count
            #expect(!before.isEmpty)

            // The device resends everything (it never saw our 200s).
            let resent = try await c.send(w, messages)
            #expect(resent.json["accepted"].int == 0)
            #expect(resent.json["duplicates"].int == 360)

            // A new process: a fresh evaluator over the same store resumes from the persisted cursor and states.
            let restarted = AppServices(store: c.store, configuration: ServerConfiguration(bcryptCost: 4, clock: { c.clock.read() }))
                .background.evaluator()
            try await restarted.stepOnce()
            c.clock.advance(60)
            try await restarted.stepOnce()
            let after = try await c.violations(w).map { "\($0["id"].string!) \($0["status"].string!) \($0["end"].string ?? "")" }
            #expect(after == before)
            #expect(try await c.store.alerts(AlertQuery(limit: 1000)).count == alertsBefore)
        }
    }
}
