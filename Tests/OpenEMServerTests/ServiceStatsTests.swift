import Foundation
import OpenEMCore
import Testing

/// Service performance over tags fitted, telemetry sent and trails read through the API, checked against the store.
@Suite("Service statistics")
struct ServiceStatsTests {
    @Test("fitting hours, telemetry delay and trail answer times equal what the store and the audit hold; scoped; bad input")
    func service() async throws {
        try await Harness().run { c in
            let a = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, installedAt: "2026-11-20T06:00:00Z")
            let b = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, installedAt: "2026-11-20T11:00:00Z")
            // Sent at the clock's time (12:00): 10, 9 and 8 minutes after the device's times.
            let sent = try await c.send(
                a, fixes([("2026-11-20T11:50:00Z", 51.5, -0.12, 8), ("2026-11-20T11:51:00Z", 51.5, -0.12, 8)], seqFrom: 1))
            #expect(sent.status == .ok, "\(sent.text)")
            try await c.send(b, fixes([("2026-11-20T11:52:00Z", 51.5, -0.12, 8)], seqFrom: 1))
            for w in [a, b] {
                let t = try await c.call(
                    .get, "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-20T11:00:00Z&to=2026-11-20T12:00:00Z", token: w.admin)
                #expect(t.status == .ok)
            }
            let analyst = try await c.user("an.svc", ["analyst"])
            let r = try await c.call(.get, "/api/v1/stats/service", token: analyst)
            #expect(r.status == .ok, "\(r.text)")

            // Fitting, counted again from the store: both orders started at midnight (GMT) on 20 November.
            let stored = try await c.store.allInstallations()
            #expect(r.json["fitting"]["orders"].int == Set(stored.map(\.orderId)).count)
            #expect(r.json["fitting"]["p50Hours"].double == 6 && r.json["fitting"]["p90Hours"].double == 11)
            #expect(r.json["fitting"]["within24HoursShare"].double == 1)

            // Telemetry delay: under the sample's bound, every logged message is in it.
            let logged = try await c.store.telemetry(afterOffset: 0, limit: 1_000)
            let delays = logged.map { $0.receivedAt.timeIntervalSince($0.message.time) }
            #expect(r.json["telemetryDelay"]["samples"].int == logged.count && logged.count == 3)
            #expect(r.json["telemetryDelay"]["p50"].double == ServicePerformance.percentile(delays, 50))
            #expect(r.json["telemetryDelay"]["p95"].double == 600)
            // A bounded sample keeps to its bound and takes its values from the log.
            let now = c.clock.read()
            let two = try await c.store.telemetryDelaySample(from: now.addingTimeInterval(-3_600), to: now.addingTimeInterval(1), limit: 2)
            #expect(two.count == 2 && two.allSatisfy(delays.contains))
            #expect(try await c.store.telemetryDelaySample(from: now.addingTimeInterval(1), to: now.addingTimeInterval(60)).isEmpty)

            // Trail answer times: one per audited read, each with its ms=.
            let audit = try await c.store.auditEntries(from: nil, to: nil, actorId: nil, afterSeq: 0, limit: 10_000)
            let reads = audit.map(\.record).filter { $0.resourceType == "trail" && $0.action == "read" }
            #expect(reads.count == 2 && reads.allSatisfy { ServicePerformance.trailMilliseconds($0.detail) != nil })
            #expect(r.json["trailRequests"]["samples"].int == 2 && r.json["trailRequests"]["unit"].string == "milliseconds")
            #expect((r.json["trailRequests"]["p95"].double ?? -1) >= 0)

            #expect(r.json["alertSla"].array.map { $0["severity"].string ?? "" } == ["LOW", "MEDIUM", "HIGH", "CRITICAL"])
            #expect(r.json["deviceFaults"]["faults"].int == 0 && (r.json["deviceFaults"]["wearerWeeks"].double ?? 0) > 0)

            // Police elsewhere see none of it.
            let police = try await c.user("pc.gmp.svc", ["police"], forceArea: "GMP")
            let theirs = try await c.call(.get, "/api/v1/stats/service", token: police)
            #expect(theirs.status == .ok && theirs.json["fitting"]["orders"].int == 0)
            #expect(theirs.json["telemetryDelay"]["samples"].int == 0 && theirs.json["trailRequests"]["samples"].int == 0)

            for (query, code) in [
                ("from=yesterday", "INVALID_TIME"), ("from=2026-11-21T00:00:00Z&to=2026-11-20T00:00:00Z", "END_BEFORE_START"), ("window=7", nil),
            ] {
                let bad = try await c.call(.get, "/api/v1/stats/service?\(query)", token: analyst)
                #expect(bad.status == .badRequest, "\(query): \(bad.text)")
                if let code { #expect(bad.json["error"]["code"].string == code, "\(bad.text)") }
            }
        }
    }

    @Test("the telemetry delay sample: found by receipt time, at an even stride, within its bound, for the devices asked")
    func delaySample() async throws {
        try await Harness().run { c in
            let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            // Sixty messages received a minute apart, the i-th i seconds after its device time.
            let base = ISOTime.parse("2026-11-20T10:00:00Z")!
            for i in 0..<60 {
                let received = base.addingTimeInterval(Double(i) * 60)
                let m = TelemetryMessage(
                    deviceId: w.deviceId, seq: Int64(1_000 + i), time: received.addingTimeInterval(-Double(i)), payload: .heartbeat)
                _ = try await c.store.appendTelemetry([m], receivedAt: received)
            }
            // Received from the 10th to the 49th minute: forty messages.
            let from = base.addingTimeInterval(600), to = base.addingTimeInterval(50 * 60)
            let all = try await c.store.telemetryDelaySample(from: from, to: to, limit: 100)
            #expect(all == (10..<50).map(Double.init))
            let eight = try await c.store.telemetryDelaySample(from: from, to: to, limit: 8)
            #expect(eight == stride(from: 10, to: 50, by: 5).map(Double.init), "every fifth offset")
            #expect(try await c.store.telemetryDelaySample(from: from, to: to, deviceIds: ["other"], limit: 100).isEmpty)
            #expect(try await c.store.telemetryDelaySample(from: base.addingTimeInterval(-7_200), to: base, limit: 100).isEmpty)
        }
    }
}
