import Foundation
import OpenEMCore
import Testing

/// The monthly series and the forecast, over orders made through the API and counted again straight from the store.
@Suite("Monthly statistics")
struct MonthlyStatsTests {
    func order(_ c: Harness.Client, _ admin: String, start: String, type: String, force: String = "MPS") async throws -> String {
        var body = Fixtures.subject(forceArea: force, region: force == "MPS" ? "London" : "North West")
        body["identifiers"] = ["crn": "M\(UUID().uuidString.prefix(6))"]
        let s = try await c.call(.post, "/api/v1/subjects", token: admin, json: body)
        let sid = try #require(s.json["id"].string)
        let o = try await c.call(
            .post, "/api/v1/orders", token: admin,
            json: Fixtures.order(subjectId: sid, conditions: [Fixtures.exclusion()], orderType: type, start: start, end: "2027-06-30"))
        #expect(o.status == .created, "\(o.text)")
        return try #require(o.json["id"].string)
    }

    @Test("each month's caseload, starts and ends equal the orders counted from the store; CSV and bad months")
    func monthly() async throws {
        try await Harness().run { c in
            let admin = try await c.adminToken()
            let a = try await order(c, admin, start: "2026-09-15", type: "BAIL")
            _ = try await order(c, admin, start: "2026-10-03", type: "COMMUNITY")
            _ = try await order(c, admin, start: "2026-10-20", type: "COMMUNITY", force: "GMP")
            _ = try await order(c, admin, start: "2026-11-20", type: "POST_RELEASE")
            let ended = try await c.call(.post, "/api/v1/orders/\(a)/end", token: admin, json: ["reason": "Bail revoked"])
            #expect(ended.status == .ok, "\(ended.text)")

            let r = try await c.call(.get, "/api/v1/stats/monthly?from=2026-08&to=2026-11", token: admin)
            #expect(r.status == .ok, "\(r.text)")
            let months = r.json["months"].array
            #expect(months.map { $0["month"].string ?? "" } == ["2026-08", "2026-09", "2026-10", "2026-11"])
            // Counted again from what the store holds.
            let stored = try await c.store.allOrders()
            #expect(stored.count == 4)
            for m in months {
                let month = m["month"].string ?? ""
                let startedThen = stored.filter { $0.startDate.hasPrefix(month) }.count
                #expect(m["starts"].int == startedThen, "\(month) starts")
            }
            // In force on each month's last day: for November, today (the bail order ended today was in force today).
            #expect(months.map { $0["caseload"]["total"].int ?? -1 } == [0, 1, 3, 4])
            #expect(months[2]["caseload"]["byOrderType"]["COMMUNITY"].int == 2)
            #expect(months.map { $0["ends"].int ?? -1 } == [0, 0, 0, 1], "the bail order ended today")

            // Police see their force's wearers only.
            let police = try await c.user("pc.gmp", ["police"], forceArea: "GMP")
            let theirs = try await c.call(.get, "/api/v1/stats/monthly?from=2026-10&to=2026-10", token: police)
            #expect(theirs.json["months"][0]["caseload"]["total"].int == 1 && theirs.json["months"][0]["starts"].int == 1)

            let csv = try await c.call(.get, "/api/v1/stats/monthly?from=2026-09&to=2026-11&format=csv", token: admin)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.split(separator: "\n").map(String.init)
            #expect(lines.count == 4 && lines[0].hasPrefix("month,caseload,starts,ends,complianceRate,alerts,medianHoursToFit,caseload_BAIL"))
            #expect(lines[2].hasPrefix("2026-10,3,2,0,"), "\(lines[2])")

            for (query, code) in [
                ("from=2026-13", "INVALID_MONTH"), ("from=2026-09-01", "INVALID_MONTH"), ("from=2026-11&to=2026-09", "END_BEFORE_START"),
                ("from=2020-01&to=2026-11", "WINDOW_TOO_LONG"), ("format=xlsx", "INVALID_FORMAT"), ("month=2026-11", "UNKNOWN_PARAMETER"),
            ] {
                let bad = try await c.call(.get, "/api/v1/stats/monthly?\(query)", token: admin)
                #expect(bad.status == .badRequest && bad.json["error"]["code"].string == code, "\(query): \(bad.text)")
            }
        }
    }

    @Test("the forecast states its method, fits to full months only and needs three of them")
    func forecast() async throws {
        try await Harness().run { c in
            let admin = try await c.adminToken()
            for (i, start) in ["2026-06-10", "2026-07-10", "2026-07-20", "2026-08-05", "2026-09-01", "2026-09-15", "2026-10-01"].enumerated() {
                _ = try await order(c, admin, start: start, type: i % 2 == 0 ? "BAIL" : "COMMUNITY")
            }
            let r = try await c.call(.get, "/api/v1/stats/forecast?months=6", token: admin)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["method"].string?.hasPrefix("Holt's linear trend") == true)
            #expect(r.json["history"].array.map { $0["month"].string ?? "" } == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10"])
            #expect(r.json["history"].array.map { $0["caseload"]["total"].int ?? -1 } == [1, 3, 4, 6, 7])
            let ahead = r.json["months"].array
            // From the month still running (its end is ahead too).
            #expect(ahead.map { $0["month"].string ?? "" } == ["2026-11", "2026-12", "2027-01", "2027-02", "2027-03", "2027-04"])
            #expect(
                ahead.allSatisfy {
                    ($0["low"].double ?? -1) <= ($0["caseload"].double ?? 0) && ($0["caseload"].double ?? 0) <= ($0["high"].double ?? -1)
                })
            #expect((ahead[0]["caseload"].double ?? 0) > 7, "a rising caseload is projected to rise")
            for q in ["months=0", "months=37", "months=x", "horizon=3"] {
                #expect(try await c.call(.get, "/api/v1/stats/forecast?\(q)", token: admin).status == .badRequest, "\(q)")
            }
        }
    }
}
