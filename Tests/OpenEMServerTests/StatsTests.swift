import Foundation
import Hummingbird
import OpenEMCore
import Testing

@Suite struct StatsTests {
    @Test func dashboardFiguresAreComputedFromTheStoreAndScoped() async throws {
        let h = try await Harness()
        try await h.run { c in
            // Two Met wearers (one alcohol-monitored who drinks), one GMP wearer.
            _ = try await c.drinkingWearer()
            _ = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            _ = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, forceArea: "GMP", region: "North West")
            try await c.evaluate()

            let analyst = try await c.user("mi.one", ["analyst"])
            let met = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let range = "?from=2026-11-19T00:00:00Z&to=2026-11-21T00:00:00Z"
            let all = try await c.call(.get, "/api/v1/stats/caseload", token: analyst)
            #expect(all.status == .ok && all.json["total"].int == 3)
            #expect(all.json["table"]["BAIL"]["STANDARD"].int == 3)
            #expect(try await c.call(.get, "/api/v1/stats/caseload", token: met).json["total"].int == 2, "the Met sees its own wearers")
            let alcohol = try await c.call(.get, "/api/v1/stats/alcohol" + range, token: analyst)
            #expect(alcohol.json["daysWithConfirmedDrinking"].int == 1, "\(alcohol.text)")
            let days = try #require(alcohol.json["monitoredDays"].int)
            #expect(days >= 1)
            #expect(abs((alcohol.json["soberDayRate"].double ?? 0) - Double(days - 1) / Double(days)) < 1e-9)
            let compliance = try await c.call(.get, "/api/v1/stats/compliance" + range, token: analyst)
            #expect(compliance.json["violationsByType"]["ALCOHOL_DETECTED"].int == 1, "\(compliance.text)")
            #expect(compliance.json["weeklyTrend"].count == 1)
            let alerts = try await c.call(.get, "/api/v1/stats/alerts", token: met)
            #expect(alerts.status == .ok && (alerts.json["total"].int ?? 0) >= 1)
            #expect(try await c.call(.get, "/api/v1/stats/compliance?from=bad", token: analyst).status == .badRequest)

            // Device health: a strap tamper on one Met tag is an open problem on one of the two Met devices.
            let tampered = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            #expect(
                try await c.send(tampered, [["seq": 1, "type": "tamper", "time": at("2026-11-20T09:30:00Z", plus: 0), "kind": "STRAP"]]).status
                    == .ok)
            try await c.evaluate()
            let health = try await c.call(.get, "/api/v1/stats/devices", token: met)
            #expect(health.json["fitted"].int == 3 && health.json["devicesWithProblems"].int == 1, "\(health.text)")
            #expect(health.json["openProblems"]["TAMPER"].int == 1)
            #expect(abs((health.json["healthyRate"].double ?? 0) - 2.0 / 3.0) < 1e-9)
            #expect(try await c.call(.get, "/api/v1/stats/devices", token: analyst).json["fitted"].int == 4, "the analyst sees every force")
        }
    }
}
