import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// Violation outcomes and enforcement cases through the API, as probation officers use them.
@Suite struct EnforcementTests {
    @Test func anOutcomeIsRecordedReplacedKeptAndShownOnThePersonPage() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.zoneEntry(forceArea: "MPS", region: "London")
            let violation = try #require(try await c.violations(w).first?["id"].string)
            let officer = try await c.user("po.london", ["probation"], region: "London")
            let path = "/api/v1/violations/\(violation)/outcome"

            let first = try await c.call(
                .post, path, token: officer, json: ["outcome": "REASONABLE_EXCUSE", "note": "Hospital appointment, letter seen"])
            #expect(first.status == .ok, "\(first.text)")
            #expect(first.json["outcome"]["outcome"].string == "REASONABLE_EXCUSE")
            #expect(first.json["outcome"]["recordedAt"].string == "2026-11-20T12:00:00.000Z", "\(first.text)")
            c.clock.advance(3600)
            let second = try await c.call(.post, path, token: officer, json: ["outcome": "NO_EXCUSE", "note": "The letter was for another day"])
            #expect(second.json["outcome"]["outcome"].string == "NO_EXCUSE", "a later outcome is the current one")
            #expect(
                second.json["outcomeHistory"].array.map { $0["outcome"].string ?? "" } == ["REASONABLE_EXCUSE", "NO_EXCUSE"],
                "the earlier one is kept: \(second.text)")

            let read = try await c.call(.get, "/api/v1/violations/\(violation)", token: officer)
            #expect(read.json["outcome"]["note"].string == "The letter was for another day")
            let listed = try await c.violations(w).first { $0["id"].string == violation }
            #expect(listed?["outcome"]["outcome"].string == "NO_EXCUSE")

            let page = try await c.call(.get, "/people/\(w.subjectId)", token: officer)
            #expect(page.status == .ok)
            #expect(page.text.contains("outcome: No excuse") && page.text.contains("The letter was for another day"), "the timeline shows it")

            // Bad input and who may.
            let unknown = try await c.call(.post, path, token: officer, json: ["outcome": "MAYBE"])
            #expect(unknown.status == .badRequest && unknown.json["error"]["code"].string == "UNKNOWN_OUTCOME")
            let long = try await c.call(.post, path, token: officer, json: ["outcome": "NO_EXCUSE", "note": String(repeating: "x", count: 4001)])
            #expect(long.status == .badRequest && long.json["error"]["code"].string == "TOO_LONG")
            let elsewhere = try await c.user("po.wales", ["probation"], region: "Wales")
            #expect(try await c.call(.post, path, token: elsewhere, json: ["outcome": "NO_EXCUSE"]).status == .forbidden, "outside the region")
            let police = try await c.user("pc.met", ["police"], forceArea: "MPS")
            #expect(try await c.call(.post, path, token: police, json: ["outcome": "NO_EXCUSE"]).status == .forbidden)
            #expect(
                try await c.call(
                    .post, "/api/v1/violations/none/outcome", token: try await c.user("om", ["order_manager"]), json: ["outcome": "NO_EXCUSE"]
                )
                .status == .notFound)
        }
    }

    @Test func anOutcomeOnAWithdrawnViolationIsAConflict() async throws {
        let h = try await Harness()
        try await h.run { c in
            // Out of coverage for half an hour: no communication; then the backlog shows the tag was fine all along.
            let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, installedAt: "2026-11-20T11:59:00Z")
            for _ in 0..<6 {
                c.clock.advance(300)
                try await c.evaluate()
            }
            let backlog = fixes((0..<31).map { (at("2026-11-20T11:59:30Z", plus: Double($0)), 51.5, -0.12, 8.0) }, seqFrom: 1)
            #expect(try await c.send(w, backlog).status == .ok)
            try await c.evaluate()
            let silence = try await c.violations(w).filter { $0["type"].string == "NO_COMMUNICATION" }
            let withdrawn = try #require(silence.first { $0["status"].string == "WITHDRAWN" }?["id"].string, "\(silence)")
            let officer = try await c.user("po.london", ["probation"], region: "London")
            let r = try await c.call(.post, "/api/v1/violations/\(withdrawn)/outcome", token: officer, json: ["outcome": "NO_EXCUSE"])
            #expect(r.status == .conflict && r.json["error"]["code"].string == "VIOLATION_WITHDRAWN", "\(r.text)")
            let opened = try await c.call(
                .post, "/api/v1/enforcement-cases", token: officer, json: ["subjectId": w.subjectId, "violationIds": [withdrawn]])
            #expect(opened.status == .conflict && opened.json["error"]["code"].string == "VIOLATION_WITHDRAWN", "\(opened.text)")
        }
    }

    @Test func anAcceptedExcuseLeavesTheDayCompliant() async throws {
        let h = try await Harness()
        try await h.run { c in
            let drinker = try await c.drinkingWearer()
            try await c.evaluate()
            let officer = try await c.user("po.london", ["probation"], region: "London")
            let range = "?from=2026-11-20T00:00:00Z&to=2026-11-21T00:00:00Z"
            func badDays() async throws -> Int? {
                try await c.call(.get, "/api/v1/stats/compliance" + range, token: officer).json["daysWithConfirmedViolation"].int
            }
            let before = try await c.call(.get, "/api/v1/stats/compliance" + range, token: officer)
            #expect(before.json["daysWithConfirmedViolation"].int == 1, "\(before.text)")
            let drinking = try #require(
                try await c.violations(drinker).first { $0["type"].string == "ALCOHOL_DETECTED" && $0["status"].string == "CONFIRMED" }?["id"]
                    .string)
            let path = "/api/v1/violations/\(drinking)/outcome"
            #expect(try await c.call(.post, path, token: officer, json: ["outcome": "REASONABLE_EXCUSE", "note": "Mouthwash"]).status == .ok)
            #expect(try await badDays() == 0, "a breach with an accepted excuse is not a non-compliant day")
            let compliance = try await c.call(.get, "/api/v1/stats/compliance" + range, token: officer)
            #expect(compliance.json["complianceRate"].double == 1)
            #expect(try await c.call(.post, path, token: officer, json: ["outcome": "NO_EXCUSE"]).status == .ok)
            #expect(try await badDays() == 1, "the excuse withdrawn, the day counts again")
        }
    }

    @Test func aCaseRunsItsStepsInOrderAndIsOverduePastItsDeadline() async throws {
        let h = try await Harness()
        try await h.run { c in
            // A licence (post-release) case opened on Friday 20 November at 12:00: the breach pack is due by the end of
            // Monday 23 November (the weekend does not count).
            let w = try await c.fittedWearer(
                conditions: { _ in [Fixtures.exclusion()] }, installedAt: "2026-11-20T11:49:00Z", orderType: "POST_RELEASE")
            try await c.send(
                w,
                fixes(
                    [
                        ("2026-11-20T11:50:00Z", 51.5000, -0.1400, 8), ("2026-11-20T11:51:00Z", 51.5125, -0.1250, 8),
                        ("2026-11-20T11:52:00Z", 51.5126, -0.1251, 8), ("2026-11-20T11:53:00Z", 51.5125, -0.1252, 8),
                    ], seqFrom: 1))
            try await c.evaluate()
            let violation = try #require(try await c.violations(w).first?["id"].string)
            var officer = try await c.user("po.london", ["probation"], region: "London")
            let opened = try await c.call(
                .post, "/api/v1/enforcement-cases", token: officer, json: ["subjectId": w.subjectId, "violationIds": [violation]])
            #expect(opened.status == .created, "\(opened.text)")
            let id = try #require(opened.json["id"].string)
            #expect(opened.json["status"].string == "OPEN" && opened.json["orderType"].string == "POST_RELEASE")
            #expect(opened.json["nextStep"].string == "BREACH_PACK_SENT")
            #expect(opened.json["nextStepDueBy"].string == "2026-11-24T00:00:00.000Z", "\(opened.text)")
            #expect(opened.json["overdue"].bool == false)
            let v = try await c.call(.get, "/api/v1/violations/\(violation)", token: officer)
            #expect(v.json["outcome"]["outcome"].string == "ENFORCEMENT", "opening a case records the violation's outcome")

            // Monday evening: still in time. Tuesday: overdue, on the case, the caseload page and the alert figures.
            c.clock.advance(3 * 86_400 + 9 * 3600)  // Mon 23 Nov 21:00
            officer = try await c.login("po.london", "password-po.london")  // a new day, a new sign-in
            #expect(try await c.call(.get, "/api/v1/enforcement-cases/\(id)", token: officer).json["overdue"].bool == false)
            c.clock.advance(4 * 3600)  // Tue 01:00
            let late = try await c.call(.get, "/api/v1/enforcement-cases/\(id)", token: officer)
            #expect(late.json["overdue"].bool == true, "\(late.text)")
            #expect(try await c.call(.get, "/api/v1/stats/alerts", token: officer).json["enforcementOverdue"].int == 1)
            let listed = try await c.call(.get, "/api/v1/enforcement-cases?subjectId=\(w.subjectId)&overdue=true", token: officer)
            #expect(listed.json["items"].array.map { $0["id"].string } == [id])
            let caseload = try await c.call(.get, "/caseload", token: officer)
            #expect(caseload.text.contains("data-enforcement=\"overdue\""), "the caseload page flags the overdue case")
            let person = try await c.call(.get, "/people/\(w.subjectId)", token: officer)
            #expect(person.text.contains("Enforcement case opened (1 violation)"), "the person's timeline shows the case")
            #expect(person.text.contains("overdue: breach pack sent due by"), "and that its next step is overdue")

            // Out of order: a hearing needs a summons or a recall first.
            let path = "/api/v1/enforcement-cases/\(id)/steps"
            let hearing = try await c.call(.post, path, token: officer, json: ["step": "HEARING", "note": "Listed"])
            #expect(hearing.status == .conflict && hearing.json["error"]["code"].string == "STEP_OUT_OF_ORDER", "\(hearing.text)")
            let recallFirst = try await c.call(.post, path, token: officer, json: ["step": "RECALL_REQUESTED"])
            #expect(recallFirst.status == .conflict, "a recall needs the breach pack first")
            let pack = try await c.call(.post, path, token: officer, json: ["step": "BREACH_PACK_SENT", "at": "2026-11-23T16:00:00Z"])
            #expect(pack.status == .ok, "\(pack.text)")
            #expect(pack.json["overdue"].bool == false && pack.json["nextStepDueBy"].isNull, "the deadline is met: \(pack.text)")
            #expect(try await c.call(.get, "/api/v1/stats/alerts", token: officer).json["enforcementOverdue"].int == 0)
            let early = try await c.call(.post, path, token: officer, json: ["step": "WARNING_LETTER", "at": "2026-11-23T17:00:00Z"])
            #expect(early.status == .conflict, "a warning letter comes before the breach pack")
            #expect(try await c.call(.post, path, token: officer, json: ["step": "RECALL_REQUESTED"]).status == .ok)
            #expect(try await c.call(.post, path, token: officer, json: ["step": "HEARING"]).status == .ok)
            let closed = try await c.call(.post, path, token: officer, json: ["step": "CLOSED", "note": "Recalled to custody"])
            #expect(closed.json["status"].string == "CLOSED")
            #expect(closed.json["steps"].array.map { $0["step"].string ?? "" } == ["BREACH_PACK_SENT", "RECALL_REQUESTED", "HEARING", "CLOSED"])
            let after = try await c.call(.post, path, token: officer, json: ["step": "WARNING_LETTER"])
            #expect(after.status == .conflict && after.json["error"]["code"].string == "CASE_CLOSED")

            // Bad input.
            #expect(try await c.call(.post, path, token: officer, json: ["step": "LUNCH"]).json["error"]["code"].string == "UNKNOWN_STEP")
            let future = try await c.call(.post, path, token: officer, json: ["step": "HEARING", "at": "2027-01-01T10:00:00Z"])
            #expect(future.json["error"]["code"].string == "TIME_IN_FUTURE")
            let none = try await c.call(.post, "/api/v1/enforcement-cases", token: officer, json: ["subjectId": w.subjectId, "violationIds": []])
            #expect(none.status == .badRequest && none.json["error"]["code"].string == "NO_VIOLATIONS")
            let other = try await c.zoneEntry(forceArea: "MPS", region: "London")
            let otherViolation = try #require(try await c.violations(other).first?["id"].string)
            let mixed = try await c.call(
                .post, "/api/v1/enforcement-cases", token: officer, json: ["subjectId": w.subjectId, "violationIds": [otherViolation]])
            #expect(mixed.status == .badRequest && mixed.json["error"]["code"].string == "UNKNOWN_VIOLATION", "\(mixed.text)")
            let unknownQuery = try await c.call(.get, "/api/v1/enforcement-cases?subject=\(w.subjectId)", token: officer)
            #expect(unknownQuery.status == .badRequest && unknownQuery.json["error"]["code"].string == "UNKNOWN_PARAMETER")
            let elsewhere = try await c.user("po.wales", ["probation"], region: "Wales")
            #expect(try await c.call(.get, "/api/v1/enforcement-cases/\(id)", token: elsewhere).status == .forbidden)
            #expect(try await c.call(.post, path, token: elsewhere, json: ["step": "CLOSED"]).status == .forbidden)

            // Every read and change is in the audit log, a read naming the personal data it disclosed.
            let audit = try await c.call(.get, "/api/v1/audit?limit=1000", token: try await c.adminToken()).json["items"].array
            let entries = audit.filter { $0["resourceType"].string == "enforcementCase" }
            #expect(Set(entries.compactMap { $0["action"].string }) == ["create", "read", "list", "record-step"], "\(entries)")
            #expect(entries.contains { $0["action"].string == "read" && ($0["detail"].string ?? "").contains("personal=QUASI_IDENTIFIER") })
        }
    }
}
