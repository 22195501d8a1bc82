import Foundation
import Hummingbird
import OpenEMCore
import Testing

extension Harness.Client {
    /// A wearer of `forceArea` who walks into the exclusion zone (two fixes inside: past the dwell); returns the
    /// wearer once the evaluator has raised the alert.
    func zoneEntry(forceArea: String, region: String, cohort: String = "STANDARD") async throws -> FittedWearer {
        // Fitted a minute before the first fix, so the only violation is the zone entry.
        let w = try await fittedWearer(
            conditions: { _ in [Fixtures.exclusion()] }, installedAt: "2026-11-20T11:49:00Z",
            cohort: cohort, forceArea: forceArea, region: region)
        try await send(
            w,
            fixes(
                [
                    ("2026-11-20T11:50:00Z", 51.5000, -0.1400, 8), ("2026-11-20T11:51:00Z", 51.5125, -0.1250, 8),
                    ("2026-11-20T11:52:00Z", 51.5126, -0.1251, 8), ("2026-11-20T11:53:00Z", 51.5125, -0.1252, 8),
                ],
                seqFrom: 1))
        try await evaluate()
        return w
    }

    func alerts(_ token: String, _ query: String = "") async throws -> [JSON] {
        let r = try await call(.get, "/api/v1/alerts?limit=500\(query)", token: token)
        #expect(r.status == .ok, "\(r.text)")
        return r.json["items"].array
    }

    /// Reads `count` events from the live stream, resuming after `lastEventId` (from what happens next without it).
    func stream(_ token: String, after lastEventId: Int?, count: Int) async throws -> [(id: Int, alert: JSON)] {
        let r = try await call(.get, "/api/v1/alerts/stream?limit=\(count)" + (lastEventId.map { "&lastEventId=\($0)" } ?? ""), token: token)
        #expect(r.status == .ok, "\(r.text)")
        #expect(r.headers[.contentType] == "text/event-stream")
        var out: [(Int, JSON)] = []
        for block in r.text.components(separatedBy: "\n\n") {
            var id: Int?, data: String?
            for line in block.split(separator: "\n") {
                if line.hasPrefix("id: ") { id = Int(line.dropFirst(4)) }
                if line.hasPrefix("data: ") { data = String(line.dropFirst(6)) }
            }
            if let id, let data {
                out.append((id, JSON(try JSONSerialization.jsonObject(with: Data(data.utf8)))))
            }
        }
        return out
    }
}

@Suite struct AlertTests {
    @Test func policeOfOneForceNeverSeeAnothersAlertsInListsSingleAlertsOrTheStream() async throws {
        let h = try await Harness()
        try await h.run { c in
            let manchester = try await c.zoneEntry(forceArea: "GMP", region: "North West")
            let london = try await c.zoneEntry(forceArea: "MPS", region: "London")
            let met = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let gmp = try await c.user("pc.gmp", ["police"], forceArea: "GMP")
            let centre = try await c.user("mo.one", ["monitoring_officer"])

            let metAlerts = try await c.alerts(met)
            #expect(metAlerts.map { $0["subjectId"].string } == [london.subjectId])
            #expect(metAlerts.first?["severity"].string == "MEDIUM" || metAlerts.first?["severity"].string == "HIGH")
            #expect(try await c.alerts(gmp).map { $0["subjectId"].string } == [manchester.subjectId])
            #expect(Set(try await c.alerts(centre).compactMap { $0["subjectId"].string }) == [london.subjectId, manchester.subjectId])
            let forced = try await c.call(.get, "/api/v1/alerts?forceArea=GMP", token: met)
            #expect(forced.status == .forbidden)

            let gmpAlertId = try #require(try await c.alerts(gmp).first?["id"].string)
            let peek = try await c.call(.get, "/api/v1/alerts/\(gmpAlertId)", token: met)
            #expect(peek.status == .forbidden)
            let missing = try await c.call(.get, "/api/v1/alerts/no-such-alert", token: met)
            #expect(missing.status == .forbidden, "an id outside scope and a missing id look the same")
            let ack = try await c.call(.post, "/api/v1/alerts/\(gmpAlertId)/acknowledge", token: met)
            #expect(ack.status == .forbidden)
            #expect(try await c.alerts(gmp).first?["status"].string == "OPEN", "state unchanged")

            // The stream from the beginning: Manchester's alert came first, yet the Met officer's first event is London's.
            let metEvents = try await c.stream(met, after: 0, count: 1)
            #expect(metEvents.map { $0.alert["subjectId"].string } == [london.subjectId])
            let gmpEvents = try await c.stream(gmp, after: 0, count: 1)
            #expect(gmpEvents.map { $0.alert["subjectId"].string } == [manchester.subjectId])
            // Resuming after the first event gives the next one, never the same again.
            let all = try await c.stream(centre, after: 0, count: 2)
            #expect(all.count == 2 && all[0].id < all[1].id)
            let resumed = try await c.stream(centre, after: all[0].id, count: 1)
            #expect(resumed.map(\.id) == [all[1].id])

            let analyst = try await c.user("ca.one", ["crime_analyst"], forceArea: "MPS")
            #expect(try await c.call(.get, "/api/v1/alerts", token: analyst).status == .forbidden)
            #expect(try await c.call(.get, "/api/v1/alerts/stream?limit=1", token: analyst).status == .forbidden)
        }
    }

    @Test func theLoopAcknowledgeDecideCloseIsRecordedAndIllegalStepsAre409() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.zoneEntry(forceArea: "MPS", region: "London")
            let met = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let probation = try await c.user("po.london", ["probation"], region: "London")
            let centre = try await c.user("mo.one", ["monitoring_officer"])
            let id = try #require(try await c.alerts(met).first?["id"].string)

            let early = try await c.call(.post, "/api/v1/alerts/\(id)/decision", token: met, json: ["decision": "ATTEND"])
            #expect(early.status == .conflict, "a decision needs an acknowledged alert: \(early.text)")
            #expect(early.json["error"]["code"].string == "ILLEGAL_TRANSITION")
            let closeEarly = try await c.call(.post, "/api/v1/alerts/\(id)/close", token: met)
            #expect(closeEarly.status == .conflict)

            let ack = try await c.call(.post, "/api/v1/alerts/\(id)/acknowledge", token: met)
            #expect(ack.status == .ok, "\(ack.text)")
            #expect(ack.json["status"].string == "ACKNOWLEDGED")
            #expect(try await c.call(.post, "/api/v1/alerts/\(id)/acknowledge", token: centre).status == .conflict)

            let unknown = try await c.call(.post, "/api/v1/alerts/\(id)/decision", token: met, json: ["decision": "SHRUG"])
            #expect(unknown.status == .badRequest)
            #expect(unknown.json["error"]["code"].string == "UNKNOWN_DECISION")
            let notTheirs = try await c.call(.post, "/api/v1/alerts/\(id)/decision", token: probation, json: ["decision": "ARREST"])
            #expect(notTheirs.status == .forbidden, "arrest is a police decision")
            #expect(try await c.call(.get, "/api/v1/alerts/\(id)", token: met).json["status"].string == "ACKNOWLEDGED")

            let decided = try await c.call(
                .post, "/api/v1/alerts/\(id)/decision", token: met,
                json: ["decision": "ATTEND", "note": "unit dispatched"])
            #expect(decided.status == .ok, "\(decided.text)")
            #expect(decided.json["status"].string == "ACTIONED")

            // The loop back: the monitoring centre and probation see the police decision.
            let seen = try await c.call(.get, "/api/v1/alerts/\(id)", token: centre)
            #expect(seen.json["decision"].string == "ATTEND")
            #expect(seen.json["decisionNote"].string == "unit dispatched")
            #expect(try await c.call(.get, "/api/v1/alerts/\(id)", token: probation).json["decision"].string == "ATTEND")

            let closed = try await c.call(.post, "/api/v1/alerts/\(id)/close", token: met, json: ["note": "wearer warned"])
            #expect(closed.json["status"].string == "CLOSED", "\(closed.text)")
            let history = closed.json["history"].array
            #expect(history.map { $0["kind"].string } == ["RAISED", "ACKNOWLEDGED", "DECIDED", "CLOSED"])
            #expect(history.dropFirst().allSatisfy { $0["actorId"].string != nil && $0["at"].string != nil })
            #expect(try await c.call(.post, "/api/v1/alerts/\(id)/close", token: met).status == .conflict)
            _ = w

            // Every step is in the audit trail.
            let admin = try await c.adminToken()
            let audit = try await c.call(.get, "/api/v1/audit?limit=500", token: admin).json["items"].array
            let actions = audit.filter { $0["resourceType"].string == "alert" && $0["resourceId"].string == id }.compactMap { $0["action"].string }
            #expect(Set(actions).isSuperset(of: ["acknowledge", "decide", "close"]))
        }
    }

    @Test func anUnacknowledgedAlertEscalatesWhenItsDeadlinePassesOnASimulatedClock() async throws {
        let h = try await Harness()
        try await h.run { c in
            _ = try await c.zoneEntry(forceArea: "MPS", region: "London")
            _ = try await c.zoneEntry(forceArea: "MPS", region: "London")
            let met = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let alerts = try await c.alerts(met)
            #expect(alerts.count == 2)
            let acked = try #require(alerts.first?["id"].string), ignored = try #require(alerts.last?["id"].string)
            let before = try await c.call(.get, "/api/v1/alerts/\(ignored)", token: met).json
            #expect(try await c.call(.post, "/api/v1/alerts/\(acked)/acknowledge", token: met).status == .ok)

            #expect(try await c.escalation.stepOnce() == 0, "nothing is due yet")
            let dueText = try #require(before["ackDueAt"].string)
            let due = try #require(ISOTime.parse(dueText))
            c.clock.advance(due.timeIntervalSince(c.clock.read()) + 1)
            #expect(try await c.escalation.stepOnce() == 1)
            let after = try await c.call(.get, "/api/v1/alerts/\(ignored)", token: met).json
            #expect(after["escalated"].bool == true)
            #expect(Severity(rawValue: after["severity"].string ?? "")! > Severity(rawValue: before["severity"].string!)!)
            #expect(after["history"].array.last?["kind"].string == "ESCALATED")
            #expect(ISOTime.parse(after["ackDueAt"].string!)! > c.clock.read(), "a new deadline")
            #expect(try await c.call(.get, "/api/v1/alerts/\(acked)", token: met).json["escalated"].bool == false)
            #expect(try await c.escalation.stepOnce() == 0, "not again until the new deadline")

            // The escalation is re-notified on the stream.
            let events = try await c.stream(met, after: 0, count: 4)
            #expect(events.last?.alert["id"].string == ignored)
            #expect(events.last?.alert["escalated"].bool == true)
        }
    }

    @Test func aDomesticAbuseExclusionEntryIsCritical() async throws {
        let h = try await Harness()
        try await h.run { c in
            _ = try await c.zoneEntry(forceArea: "MPS", region: "London", cohort: "DOMESTIC_ABUSE")
            let met = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let alert = try #require(try await c.alerts(met).first)
            #expect(alert["severity"].string == "CRITICAL")
            let raised = ISOTime.parse(alert["raisedAt"].string!)!, due = ISOTime.parse(alert["ackDueAt"].string!)!
            #expect(due.timeIntervalSince(raised) == 300)
        }
    }

    @Test func webhookSubscriptionsAreValidatedAndPoliceAreHeldToTheirForce() async throws {
        let h = try await Harness()
        try await h.run { c in
            let met = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let admin = try await c.adminToken()
            let ok = try await c.call(
                .post, "/api/v1/webhooks", token: met,
                json: ["url": "https://example.org/hook", "secret": "0123456789abcdef"])
            #expect(ok.status == .created, "\(ok.text)")
            #expect(ok.json["forceArea"].string == "MPS", "a police subscription is bound to the officer's force")
            #expect(ok.json["secret"].isNull, "the secret is never shown back")
            let other = try await c.call(
                .post, "/api/v1/webhooks", token: met,
                json: ["url": "https://example.org/hook", "secret": "0123456789abcdef", "forceArea": "GMP"])
            #expect(other.status == .forbidden)
            for (body, code) in [
                (["url": "ftp://example.org", "secret": "0123456789abcdef"], "INVALID_URL"),
                (["url": "https://example.org/x", "secret": "short"], "WEAK_SECRET"),
                (["url": "https://example.org/x", "secret": "0123456789abcdef", "minSeverity": "URGENT"], "INVALID_SEVERITY"),
                (["url": "https://example.org/x", "secret": "0123456789abcdef", "forceArea": "XYZ"], "UNKNOWN_FORCE_AREA"),
            ] {
                let r = try await c.call(.post, "/api/v1/webhooks", token: admin, json: body)
                #expect(r.status == .badRequest && r.json["error"]["code"].string == code, "\(body): \(r.text)")
            }
            let analyst = try await c.user("an.one", ["analyst"])
            #expect(
                try await c.call(
                    .post, "/api/v1/webhooks", token: analyst,
                    json: ["url": "https://example.org/x", "secret": "0123456789abcdef"]
                ).status == .forbidden)
            #expect(try await c.call(.get, "/api/v1/webhooks", token: admin).json["items"].count == 1)
        }
    }
}
