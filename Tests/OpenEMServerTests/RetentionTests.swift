import Foundation
import Hummingbird
import OpenEMCore
import Testing

@testable import OpenEMServer

@Suite struct RetentionTests {
    @Test func theScheduleIsShownChangedWithChecksAndAudited() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let shown = try await c.call(.get, "/api/v1/retention", token: admin)
            #expect(shown.status == .ok)
            let classes = shown.json["classes"].array
            #expect(classes.count == RetentionClass.allCases.count)
            #expect(classes.first { $0["retentionClass"].string == "LOCATION" }?["keep"].string == "P1Y")
            #expect(classes.first { $0["retentionClass"].string == "SUBJECT_RECORD" }?["after"].string == "ORDER_END")

            func put(_ rules: [[String: Any]]) async throws -> Reply {
                try await c.call(.put, "/api/v1/retention", token: admin, json: ["classes": rules])
            }
            for (rule, code) in [
                (["retentionClass": "LOCATION", "keep": "one year"], "INVALID_DURATION"),
                (["retentionClass": "LOCATION", "keep": "P0D"], "DURATION_TOO_SHORT"),
                (["retentionClass": "LOCATION", "keep": "-P1Y"], "INVALID_DURATION"),
                (["retentionClass": "TRAILS", "keep": "P1Y"], "UNKNOWN_RETENTION_CLASS"),
                (["retentionClass": "SUBJECT_RECORD", "keep": "P3M"], "BELOW_RETENTION_FLOOR"),
                (["retentionClass": "ORDER_RECORD", "keep": "P10Y"], "AUDIT_SHORTER_THAN_RECORDS"),
                (["retentionClass": "LOCATION", "keep": "P1Y", "after": "ORDER_END"], "ANCHOR_FIXED"),
            ] {
                let r = try await put([rule])
                #expect(r.status == .badRequest && r.json["error"]["code"].string == code, "\(rule): \(r.text)")
            }
            let changed = try await put([["retentionClass": "LOCATION", "keep": "P18M"]])
            #expect(changed.status == .ok, "\(changed.text)")
            let again = try await c.call(.get, "/api/v1/retention", token: admin)
            #expect(again.json["classes"].array.first { $0["retentionClass"].string == "LOCATION" }?["keep"].string == "P18M")
            #expect(try await c.store.retentionSchedule()[.location].keep == RetentionPeriod(months: 18))
            let audit = try await c.store.auditEntries(from: nil, to: nil, actorId: nil, afterSeq: 0, limit: 1_000)
            #expect(audit.contains { $0.record.resourceType == "retention_schedule" && $0.record.detail == "LOCATION P1Y->P18M" })
        }
    }

    @Test func policeHoldTheirForcesWearersOnlyAndAHeldWearersTrailOutlivesARunThatDeletesTheOthers() async throws {
        let h = try await Harness()
        try await h.run { c in
            let held = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, forceArea: "MPS")
            let other = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, forceArea: "MPS")
            let elsewhere = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, forceArea: "WMP", region: "Midlands")
            for w in [held, other] {
                try await c.send(w, fixes([("2026-11-20T11:50:00Z", 51.5, -0.12, 8), ("2026-11-20T11:51:00Z", 51.501, -0.121, 8)], seqFrom: 1))
            }
            let police = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let hold = ["subjectId": held.subjectId, "reason": "Operation Rose: trial", "reviewDate": "2027-06-01"]
            let placed = try await c.call(.post, "/api/v1/legal-holds", token: police, json: hold)
            #expect(placed.status == .created, "\(placed.text)")
            #expect(placed.json["status"].string == "ACTIVE" && placed.json["subjectId"].string == held.subjectId)
            var foreign = hold
            foreign["subjectId"] = elsewhere.subjectId
            #expect(try await c.call(.post, "/api/v1/legal-holds", token: police, json: foreign).status == .forbidden)
            foreign["subjectId"] = "no-such-wearer"
            #expect(try await c.call(.post, "/api/v1/legal-holds", token: police, json: foreign).status == .forbidden)
            #expect(try await c.call(.post, "/api/v1/legal-holds", token: held.admin, json: foreign).status == .notFound)
            var bad = hold
            bad["reviewDate"] = "2026-11-01"
            #expect(try await c.call(.post, "/api/v1/legal-holds", token: police, json: bad).json["error"]["code"].string == "REVIEW_DATE_PAST")
            bad = hold
            bad["reference"] = "OP-ROSE"
            #expect(try await c.call(.post, "/api/v1/legal-holds", token: police, json: bad).json["error"]["code"].string == "ONE_TARGET_REQUIRED")
            let westMidlands = try await c.user("pc.wmp", ["police"], forceArea: "WMP")
            #expect(try await c.call(.get, "/api/v1/legal-holds", token: westMidlands).json["items"].count == 0)
            #expect(try await c.call(.get, "/api/v1/legal-holds", token: police).json["items"].count == 1)

            // A run two years on: the other wearer's fixes are gone from their trail, the held wearer's are there.
            let outcome = try await RetentionRun.run(c.store, now: ISOTime.parse("2028-12-01T00:00:00Z")!, dryRun: false)
            #expect(outcome.classes.first { $0.retentionClass == .location }?.rows.first?.count == 2)
            let window = "trail?from=2026-11-20T11:00:00Z&to=2026-11-20T12:00:00Z"
            let heldTrail = try await c.call(.get, "/api/v1/subjects/\(held.subjectId)/\(window)", token: held.admin)
            let otherTrail = try await c.call(.get, "/api/v1/subjects/\(other.subjectId)/\(window)", token: held.admin)
            #expect(heldTrail.json["features"].count == 2)
            #expect(otherTrail.json["features"].count == 0)
            let verified = try await c.call(.get, "/api/v1/audit/verify", token: held.admin)
            #expect(verified.json["valid"].bool == true, "\(verified.text)")
            let runs = try await c.store.auditEntries(from: nil, to: nil, actorId: RetentionRun.actorId, afterSeq: 0, limit: 10)
            #expect(runs.count == 1 && runs.first?.record.action == "RETENTION_RUN")
            #expect(runs.first?.record.detail?.contains("\"LOCATION\"") == true)

            let id = placed.json["id"].string ?? ""
            #expect(try await c.call(.post, "/api/v1/legal-holds/\(id)/release", token: westMidlands, json: ["reason": "done"]).status == .notFound)
            let released = try await c.call(.post, "/api/v1/legal-holds/\(id)/release", token: police, json: ["reason": "Acquitted"])
            #expect(released.status == .ok && released.json["status"].string == "RELEASED", "\(released.text)")
            #expect(try await c.call(.post, "/api/v1/legal-holds/\(id)/release", token: police, json: ["reason": "Again"]).status == .conflict)
        }
    }
}
