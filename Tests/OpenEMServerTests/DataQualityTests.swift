import Foundation
import Logging
import OpenEMCore
import OpenEMServer
import Testing

/// The data-quality figures as an administrator or analyst reads them, over defects planted through the API.
@Suite("Data quality")
struct DataQualityTests {
    struct Planted {
        var subjectId: String
        var orderId: String
        var deviceId: String
        var key: String
    }

    /// A wearer with an exclusion zone, a GPS tag registered and, unless `installedAt` is nil, fitted.
    func wearer(
        _ c: Harness.Client, _ admin: String, first: String, last: String, born: String, crn: String, pnc: String,
        start: String = "2026-11-20", installedAt: String? = "2026-11-20T06:00:00Z"
    ) async throws -> Planted {
        var body = Fixtures.subject()
        body["firstName"] = first
        body["lastName"] = last
        body["dateOfBirth"] = born
        body["identifiers"] = ["crn": crn, "pnc": pnc]
        let s = try await c.call(.post, "/api/v1/subjects", token: admin, json: body)
        #expect(s.status == .created, "\(s.text)")
        let sid = try #require(s.json["id"].string)
        let o = try await c.call(
            .post, "/api/v1/orders", token: admin, json: Fixtures.order(subjectId: sid, conditions: [Fixtures.exclusion()], start: start))
        #expect(o.status == .created, "\(o.text)")
        let d = try await c.call(.post, "/api/v1/devices", token: admin, json: ["serial": "DQ-\(crn)", "type": "GPS_TAG"])
        let planted = Planted(
            subjectId: sid, orderId: try #require(o.json["id"].string), deviceId: try #require(d.json["id"].string),
            key: try #require(d.json["key"].string))
        if let installedAt { try await fit(c, admin, planted, at: installedAt) }
        return planted
    }

    func fit(_ c: Harness.Client, _ admin: String, _ w: Planted, at: String? = nil) async throws {
        var body: [String: Any] = ["deviceId": w.deviceId]
        if let at { body["installedAt"] = at }
        let i = try await c.call(.post, "/api/v1/orders/\(w.orderId)/installations", token: admin, json: body)
        #expect(i.status == .created, "\(i.text)")
    }

    func send(_ c: Harness.Client, _ w: Planted, _ messages: [[String: Any]]) async throws {
        let r = try await c.call(.post, "/api/v1/telemetry", token: w.key, json: ["deviceId": w.deviceId, "messages": messages])
        #expect(r.status == .ok, "\(r.text)")
    }

    func rules(_ reply: Reply) -> [String: JSON] {
        Dictionary(uniqueKeysWithValues: reply.json["rules"].array.map { ($0["id"].string ?? "", $0) })
    }

    @Test("two wearers with one PNC, a tag fitted days late and a silent tag are found, with their ids")
    func plantedDefects() async throws {
        try await Harness().run { c in
            let admin = try await c.adminToken()
            let a = try await wearer(c, admin, first: "Amir", last: "Khan", born: "1985-01-01", crn: "A100001", pnc: "2015/0000001X")
            let b = try await wearer(c, admin, first: "Beth", last: "Jones", born: "1979-05-05", crn: "B200002", pnc: "2015/1X")
            let late = try await wearer(
                c, admin, first: "Carl", last: "Evans", born: "1992-02-02", crn: "C300003", pnc: "2016/0000002Y", installedAt: nil)
            // Two and a half days on: the third wearer's tag is fitted only now; the first tag reports, the second never has.
            c.clock.advance(2 * 86_400)
            let admin2 = try await c.adminToken()  // the first one has expired
            try await fit(c, admin2, late)
            let now = ISOTime.format(c.clock.read())
            try await send(c, a, [["seq": 1, "type": "battery", "time": now, "levelPercent": 81]])
            try await send(c, late, [["seq": 1, "type": "alcohol", "time": now, "tac": 0.8, "temperatureC": 33]])

            let r = try await c.call(.get, "/api/v1/data-quality", token: admin2)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["examplesShown"].bool == true)
            let found = rules(r)
            #expect(Set(found.keys) == Set(DataQuality.rules.map(\.id)))
            func check(_ id: String, checked: Int, examples: [String]) {
                let rule = found[id] ?? JSON(nil)
                #expect(rule["checked"].int == checked, "\(id) checked")
                #expect(rule["failing"].int == examples.count, "\(id) failing")
                #expect(rule["examples"].array.compactMap(\.string) == examples.sorted(), "\(id) examples")
            }
            check("DUPLICATE_PNC", checked: 3, examples: [a.subjectId, b.subjectId])
            check("FITTED_OVER_24_HOURS_AFTER_ORDER", checked: 3, examples: [late.orderId])
            check("FITTED_DEVICE_SILENT_24_HOURS", checked: 3, examples: [b.deviceId])
            check("DEVICE_READING_OUT_OF_RANGE", checked: 2, examples: [late.deviceId])
            for clean in [
                "DUPLICATE_CRN", "SUBJECT_WITHOUT_CRN", "LIKELY_DUPLICATE_PERSON", "POSTCODE_NOT_UK", "ADDRESS_OUTSIDE_ENGLAND_AND_WALES",
                "ACTIVE_ORDER_WITHOUT_OFFICER", "INSTALLATION_ON_ENDED_ORDER", "DEVICE_FITTED_TO_TWO_WEARERS",
            ] {
                #expect(found[clean]?["failing"].int == 0, "\(clean): \(found[clean]?["examples"].array.compactMap(\.string) ?? [])")
            }
            #expect(abs((found["DUPLICATE_PNC"]?["passRate"].double ?? 0) - 1.0 / 3) < 1e-9)
            #expect(found["DUPLICATE_PNC"]?["dimension"].string == "UNIQUENESS")
            #expect(found["FITTED_DEVICE_SILENT_24_HOURS"]?["entity"].string == "device")

            // Ending the first wearer's order without removing the tag is an inconsistency.
            let end = try await c.call(.post, "/api/v1/orders/\(a.orderId)/end", token: admin2, json: ["reason": "Order revoked by the court"])
            #expect(end.status == .ok, "\(end.text)")
            let after = rules(try await c.call(.get, "/api/v1/data-quality?rule=INSTALLATION_ON_ENDED_ORDER", token: admin2))
            #expect(Array(after.keys) == ["INSTALLATION_ON_ENDED_ORDER"])
            #expect(after["INSTALLATION_ON_ENDED_ORDER"]?["failing"].int == 1)
        }
    }

    @Test("administrators and analysts only; an analyst sees the figures but no ids")
    func access() async throws {
        try await Harness().run { c in
            let admin = try await c.adminToken()
            _ = try await wearer(c, admin, first: "Amir", last: "Khan", born: "1985-01-01", crn: "A1", pnc: "2015/0000001X")
            _ = try await wearer(c, admin, first: "Beth", last: "Jones", born: "1979-05-05", crn: "B2", pnc: "2015/0000001X")
            for (name, role, force) in [
                ("pc", "police", "MPS"), ("po", "probation", nil), ("mo", "monitoring_officer", nil), ("om", "order_manager", nil),
                ("ca", "crime_analyst", "MPS"),
            ] {
                let t = try await c.user(name, [role], forceArea: force, region: role == "probation" ? "London" : nil)
                for path in ["/api/v1/data-quality", "/api/v1/data-quality/history"] {
                    let r = try await c.call(.get, path, token: t)
                    #expect(r.status == .forbidden, "\(role) \(path)")
                    #expect(r.json["error"]["code"].string == "FORBIDDEN")
                }
            }
            #expect(try await c.call(.get, "/api/v1/data-quality").status == .unauthorized)
            let analyst = try await c.user("mi", ["analyst"])
            let r = try await c.call(.get, "/api/v1/data-quality", token: analyst)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["examplesShown"].bool == false)
            #expect(rules(r)["DUPLICATE_PNC"]?["failing"].int == 2)
            #expect(r.json["rules"].array.allSatisfy { $0["examples"].count == 0 })
            #expect(try await c.call(.get, "/api/v1/data-quality/history", token: analyst).status == .ok)
        }
    }

    @Test("unknown parameters, rules and bad dates are 400s that name the problem")
    func badQueries() async throws {
        try await Harness().run { c in
            let admin = try await c.adminToken()
            for (path, code) in [
                ("/api/v1/data-quality?rules=DUPLICATE_PNC", "UNKNOWN_PARAMETER"), ("/api/v1/data-quality?rule=NO_SUCH_RULE", "UNKNOWN_RULE"),
                ("/api/v1/data-quality/history?rule=NO_SUCH_RULE", "UNKNOWN_RULE"),
                ("/api/v1/data-quality/history?day=2026-11-20", "UNKNOWN_PARAMETER"),
                ("/api/v1/data-quality/history?from=2026-13-01", "INVALID_DATE"),
                ("/api/v1/data-quality/history?from=2026-11-20&to=2026-11-01", "END_BEFORE_START"),
                ("/api/v1/data-quality/history?from=2024-01-01&to=2026-11-01", "WINDOW_TOO_LONG"),
            ] {
                let r = try await c.call(.get, path, token: admin)
                #expect(r.status == .badRequest, "\(path): \(r.text)")
                #expect(r.json["error"]["code"].string == code, "\(path)")
            }
        }
    }

    @Test("a snapshot a day is kept, the day's last figures replacing its earlier ones, and read back as a history")
    func history() async throws {
        try await Harness().run { c in
            let admin = try await c.adminToken()
            let clock = c.clock
            let snapshots = DataQualitySnapshots(store: c.store, clock: { clock.read() }, logger: Logger(label: "test"))
            _ = try await wearer(c, admin, first: "Amir", last: "Khan", born: "1985-01-01", crn: "A1", pnc: "2015/0000001X")
            try await snapshots.takeSnapshot()
            c.clock.advance(86_400)
            try await snapshots.takeSnapshot()
            _ = try await wearer(c, try await c.adminToken(), first: "Beth", last: "Jones", born: "1979-05-05", crn: "B2", pnc: "2015/0000001X")
            c.clock.advance(3_600)
            try await snapshots.takeSnapshot()
            let fresh = try await c.adminToken()  // the first one has expired

            let r = try await c.call(.get, "/api/v1/data-quality/history?rule=DUPLICATE_PNC", token: fresh)
            #expect(r.status == .ok, "\(r.text)")
            let days = r.json["days"].array
            #expect(days.map { $0["day"].string ?? "" } == ["2026-11-20", "2026-11-21"])
            #expect(days.map { $0["checked"].int ?? -1 } == [1, 2])
            #expect(days.map { $0["failing"].int ?? -1 } == [0, 2])
            #expect(r.json["to"].string == "2026-11-21")
            let all = try await c.call(.get, "/api/v1/data-quality/history?from=2026-11-21&to=2026-11-21", token: fresh)
            #expect(all.json["days"].count == DataQuality.rules.count)
        }
    }
}
