import Foundation
import OpenEMCore
import Testing

/// Breach outcomes, EM use by court and the benefits panel over alerts decided and orders made through the API,
/// checked against the store.
@Suite("Programme statistics")
struct ProgrammeStatsTests {
    @Test("an arrest counts under its force and cohort; courts and benefits equal counts from the store; scoped; bad input")
    func programmes() async throws {
        try await Harness().run { c in
            _ = try await c.zoneEntry(forceArea: "MPS", region: "London", cohort: "ACQUISITIVE_CRIME")
            let met = try await c.user("pc.met.prog", ["police"], forceArea: "MPS")
            let id = try #require(try await c.alerts(met).first?["id"].string)
            #expect(try await c.call(.post, "/api/v1/alerts/\(id)/acknowledge", token: met).status == .ok)
            let decided = try await c.call(.post, "/api/v1/alerts/\(id)/decision", token: met, json: ["decision": "ARREST"])
            #expect(decided.status == .ok, "\(decided.text)")

            let analyst = try await c.user("an.prog", ["analyst"])
            let o = try await c.call(.get, "/api/v1/stats/outcomes", token: analyst)
            #expect(o.status == .ok, "\(o.text)")
            let rows = o.json["rows"].array
            let storedAlerts = try await c.store.alerts(AlertQuery(limit: 1_000))
            #expect(rows.map { $0["alerts"].int ?? 0 }.reduce(0, +) == storedAlerts.count)
            let mps = try #require(rows.first { $0["forceArea"].string == "MPS" && $0["cohort"].string == "ACQUISITIVE_CRIME" })
            #expect(mps["decisions"]["ARREST"].int == 1, "\(o.text)")
            let gmp = try await c.user("pc.gmp.prog", ["police"], forceArea: "GMP")
            #expect(try await c.call(.get, "/api/v1/stats/outcomes", token: gmp).json["rows"].array.isEmpty)

            let courts = try await c.call(.get, "/api/v1/stats/courts?from=2026-11&to=2026-11", token: analyst)
            #expect(courts.status == .ok, "\(courts.text)")
            let startedInNovember = try await c.store.allOrders().filter { $0.startDate.hasPrefix("2026-11") }.count
            #expect(courts.json["rows"].array.map { $0["orders"].int ?? 0 } == [startedInNovember])
            #expect(courts.json["rows"][0]["court"].string == "unknown")

            let b = try await c.call(.get, "/api/v1/stats/benefits?from=2026-11-20T00:00:00Z&to=2026-11-20T12:00:00Z", token: analyst)
            #expect(b.status == .ok, "\(b.text)")
            let bail = try #require(b.json["byOrderType"].array.first { $0["orderType"].string == "BAIL" })
            let bailOrders = try await c.store.allOrders().filter { $0.orderType == .bail && $0.startDate <= "2026-11-20" }.count
            #expect(bail["daysMonitored"].double == Double(bailOrders) * 0.5, "half a day each: \(b.text)")
            let costs = ProgrammeMeasures.DailyCosts.standard
            #expect(b.json["costs"]["custodyPerDay"].double == costs.custodyPerDay && b.json["costs"]["tagSource"].string == costs.tagSource)

            for (path, code) in [
                ("/api/v1/stats/courts?from=2026-13", "INVALID_MONTH"), ("/api/v1/stats/outcomes?from=soon", "INVALID_TIME"),
                ("/api/v1/stats/benefits?court=x", nil),
            ] {
                let bad = try await c.call(.get, path, token: analyst)
                #expect(bad.status == .badRequest, "\(path): \(bad.text)")
                if let code { #expect(bad.json["error"]["code"].string == code) }
            }
        }
    }
}
