import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// A wearer made for extract tests: everything that identifies them, planted so a test can look for it.
struct PlantedWearer {
    var subjectId: String
    var orderId: String
    var firstName: String
    var lastName: String
    var crn: String
    var pnc: String
    var nomis: String
    var dateOfBirth: String
    var line1: String
    var postcode: String
    var lat: Double
    var lon: Double

    /// Everything an extract must never hold, in the forms it could be written.
    var secrets: [String] {
        [
            subjectId, orderId, firstName, lastName, crn, crn.lowercased(), pnc, nomis, dateOfBirth,
            dateOfBirth.replacingOccurrences(of: "-", with: ""), line1, postcode, postcode.replacingOccurrences(of: " ", with: ""),
            String(lat), String(lon), String(format: "%.3f", lat), String(format: "%.3f", lon),
        ]
    }
}

extension Harness.Client {
    /// Wearer `i` of a force: a unique name, CRN, PNC, NOMIS number, date of birth (all aged 30-34 in November 2026),
    /// address, postcode and point, on a bail order from 20 November 2026 with an exclusion zone, fitted the next day.
    func plantedWearer(_ i: Int, forceArea: String = "MPS", region: String = "London", cohort: String = "STANDARD") async throws
        -> PlantedWearer
    {
        let admin = try await adminToken()
        let w = PlantedWearer(
            subjectId: "", orderId: "", firstName: "Quillon\(i)", lastName: "Fenwright\(i)", crn: "Q7\(i)4821",
            pnc: "2003/00\(i)7731K", nomis: "A\(i)917ZQ", dateOfBirth: "1994-0\(i % 9 + 1)-1\(i % 9)",
            line1: "\(i + 10) Wherrymill Lane", postcode: "ZX\(i) 4QW", lat: 51.4 + Double(i) * 0.0137, lon: -0.31 - Double(i) * 0.0173)
        let s = try await call(
            .post, "/api/v1/subjects", token: admin,
            json: [
                "firstName": w.firstName, "lastName": w.lastName, "dateOfBirth": w.dateOfBirth,
                "identifiers": ["crn": w.crn, "pnc": w.pnc, "nomis": w.nomis], "forceArea": forceArea, "probationRegion": region,
                "responsibleOfficer": "officer.\(i)",
                "addresses": [
                    ["type": "PRIMARY", "line1": w.line1, "town": "Wapping", "postcode": w.postcode, "location": ["lat": w.lat, "lon": w.lon]]
                ],
            ])
        #expect(s.status == .created, "\(s.text)")
        var order = Fixtures.order(subjectId: try #require(s.json["id"].string), conditions: [Fixtures.exclusion()], start: "2026-11-20")
        order["cohort"] = cohort
        let o = try await call(.post, "/api/v1/orders", token: admin, json: order)
        #expect(o.status == .created, "\(o.text)")
        var planted = w
        planted.subjectId = try #require(s.json["id"].string)
        planted.orderId = try #require(o.json["id"].string)
        return planted
    }

    func extractProject(_ name: String, k: Int? = nil) async throws -> (id: String, key: String) {
        var body: [String: Any] = ["name": name, "purpose": "Evaluation of \(name)"]
        if let k { body["k"] = k }
        let r = try await call(.post, "/api/v1/extract-projects", token: try await adminToken(), json: body)
        #expect(r.status == .created, "\(r.text)")
        return (try #require(r.json["id"].string), try #require(r.json["linkageKey"].string))
    }

    func makeExtract(_ analyst: String, _ body: [String: Any]) async throws -> Reply {
        try await call(.post, "/api/v1/extracts", token: analyst, json: body)
    }

    /// The CSV's rows as column -> value.
    func extractRows(_ analyst: String, _ id: String) async throws -> (text: String, rows: [[String: String]]) {
        let r = try await call(.get, "/api/v1/extracts/\(id)/data.csv", token: analyst)
        #expect(r.status == .ok, "\(r.text)")
        #expect(r.headers[.contentType]?.hasPrefix("text/csv") == true)
        let lines = r.text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = try #require(lines.first)
        return (r.text, lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) })
    }
}

@Suite struct ExtractTests {
    @Test func anExtractHoldsNoNameIdentifierDateOfBirthAddressPostcodeOrCoordinate() async throws {
        let h = try await Harness()
        try await h.run { c in
            var planted: [PlantedWearer] = []
            for i in 0..<6 { planted.append(try await c.plantedWearer(i)) }
            // One wearer walks into their exclusion zone: a violation with fixes, and an alert.
            let admin = try await c.adminToken()
            let d = try await c.call(.post, "/api/v1/devices", token: admin, json: ["serial": "GPS-EX-1", "type": "GPS_TAG"])
            let fitted = FittedWearer(
                subjectId: planted[0].subjectId, orderId: planted[0].orderId, deviceId: try #require(d.json["id"].string),
                key: try #require(d.json["key"].string), admin: admin)
            let fit = try await c.call(
                .post, "/api/v1/orders/\(fitted.orderId)/installations", token: admin,
                json: ["deviceId": fitted.deviceId, "installedAt": "2026-11-20T11:49:00Z"])
            #expect(fit.status == .created, "\(fit.text)")
            let trail: [(String, Double, Double, Double)] = [
                ("2026-11-20T11:50:00Z", 51.5000, -0.1400, 8), ("2026-11-20T11:51:00Z", 51.5125, -0.1250, 8),
                ("2026-11-20T11:52:00Z", 51.5126, -0.1251, 8), ("2026-11-20T11:53:00Z", 51.5125, -0.1252, 8),
            ]
            try await c.send(fitted, fixes(trail, seqFrom: 1))
            try await c.evaluate()
            #expect(try await c.violations(fitted).contains { $0["type"].string == "EXCLUSION_ZONE_ENTRY" })

            let project = try await c.extractProject("Bail EM pilot")
            #expect(project.key.count == 64 && project.key.allSatisfy(\.isHexDigit))
            let analyst = try await c.user("mi.extracts", ["analyst"])
            let listed = try await c.call(.get, "/api/v1/extract-projects", token: analyst)
            #expect(listed.status == .ok && listed.json["items"].count == 1)
            #expect(listed.json["items"][0]["k"].int == 5)
            #expect(!listed.text.contains(project.key) && listed.json["items"][0]["linkageKey"].isNull, "the key is shown once")

            let made = try await c.makeExtract(
                analyst, ["projectId": project.id, "purpose": "Breach rates on bail", "from": "2026-11-01", "to": "2026-11-30"])
            #expect(made.status == .created, "\(made.text)")
            #expect(made.json["rows"].int == 6 && made.json["suppressedRows"].int == 0 && made.json["k"].int == 5)
            let id = try #require(made.json["id"].string)
            let (text, rows) = try await c.extractRows(analyst, id)
            #expect(rows.count == 6)
            #expect(text.hasPrefix(made.json["columns"].array.compactMap(\.string).joined(separator: ",") + "\n"))

            var secrets = planted.flatMap(\.secrets) + trail.flatMap { [String($0.1), String($0.2)] } + [fitted.deviceId, "Wapping"]
            secrets += ["51.51", "-0.12", "SW1A", project.key]
            let found = secrets.filter { text.contains($0) }
            #expect(found.isEmpty, "the extract holds \(found)")
            #expect(!text.contains("officer."), "nor the responsible officer")

            // The pseudonym is HMAC-SHA256 of the CRN under the project's key; the breach is counted on its row.
            let key = try #require(Pseudonym.key(hex: project.key))
            let byPseudonym = Dictionary(uniqueKeysWithValues: rows.map { ($0["pseudonym"]!, $0) })
            for w in planted { #expect(byPseudonym[Pseudonym.of(crn: w.crn, key: key)] != nil, "\(w.firstName)'s row") }
            let breached = try #require(byPseudonym[Pseudonym.of(crn: planted[0].crn, key: key)])
            #expect(breached["violationsExclusionZoneEntry"] == "1" && breached["alerts"] == "1", "\(breached)")
            #expect(breached["daysToFitting"] == "0" && breached["ageBand"] == "25-34" && breached["force"] == "MPS")
            #expect(breached["startMonth"] == "2026-11" && breached["endMonth"] == "2027-05" && breached["outcome"] == "ACTIVE")

            // What each column means, from the dictionary; none is an identifier or a location.
            let described = try await c.call(.get, "/api/v1/extracts/\(id)", token: analyst)
            #expect(described.status == .ok, "\(described.text)")
            let columns = described.json["columnDescriptions"].array
            #expect(columns.count == made.json["columns"].count)
            #expect(columns.first?["personalData"].string == "PSEUDONYM")
            #expect(!columns.contains { ["DIRECT_IDENTIFIER", "LOCATION"].contains($0["personalData"].string ?? "") })
            #expect(columns.allSatisfy { !($0["description"].string ?? "").isEmpty })

            // Audited with its purpose and row count, the download too.
            let audit = try await c.call(.get, "/api/v1/audit?limit=500", token: admin)
            let exports = audit.json["items"].array.filter { $0["resourceType"].string == "extract" && $0["resourceId"].string == id }
            #expect(exports.count == 2, "\(exports.map(\.value))")
            #expect(exports.allSatisfy { $0["purpose"].string == "Breach rates on bail" && ($0["detail"].string ?? "").contains("rows=6") })
            #expect(!audit.text.contains(project.key), "the key is never logged")
        }
    }

    @Test func aProjectsExtractsShareAPseudonymAndOtherProjectsDoNot() async throws {
        let h = try await Harness()
        try await h.run { c in
            var planted: [PlantedWearer] = []
            for i in 0..<6 { planted.append(try await c.plantedWearer(i)) }
            for i in 6..<8 { planted.append(try await c.plantedWearer(i, forceArea: "GMP", region: "North West")) }
            let one = try await c.extractProject("Linkage study")
            let two = try await c.extractProject("Another study", k: 2)
            let analyst = try await c.user("mi.link", ["analyst"])
            func pseudonyms(_ project: String, from: String, to: String) async throws -> (Set<String>, Reply) {
                let r = try await c.makeExtract(analyst, ["projectId": project, "purpose": "Reoffending linkage", "from": from, "to": to])
                #expect(r.status == .created, "\(r.text)")
                let rows = try await c.extractRows(analyst, try #require(r.json["id"].string)).rows
                return (Set(rows.compactMap { $0["pseudonym"] }), r)
            }
            // k = 5: the two Manchester wearers are a group of two, suppressed and counted.
            let (first, a) = try await pseudonyms(one.id, from: "2026-11-01", to: "2026-11-30")
            #expect(a.json["rows"].int == 6 && a.json["suppressedRows"].int == 2, "\(a.text)")
            let (second, b) = try await pseudonyms(one.id, from: "2026-11-15", to: "2027-01-31")
            #expect(b.json["rows"].int == 6 && b.json["suppressedRows"].int == 2)
            #expect(first.count == 6 && first == second, "the same people, the same pseudonyms, in two extracts of one project")
            // k = 2: nothing suppressed; every pseudonym differs from the first project's.
            let (third, t) = try await pseudonyms(two.id, from: "2026-11-01", to: "2026-11-30")
            #expect(t.json["rows"].int == 8 && t.json["suppressedRows"].int == 0 && t.json["k"].int == 2)
            #expect(third.count == 8 && third.isDisjoint(with: first), "another project, other pseudonyms")
            // Linkable: a partner holding the key computes the same pseudonym from the CRN.
            let key = try #require(Pseudonym.key(hex: two.key))
            #expect(third == Set(planted.map { Pseudonym.of(crn: $0.crn, key: key) }))
            // A period the orders do not overlap has no rows; a cohort filter keeps only its orders.
            let before = try await c.makeExtract(analyst, ["projectId": one.id, "purpose": "Before", "from": "2026-01-01", "to": "2026-10-31"])
            #expect(before.json["rows"].int == 0 && before.json["suppressedRows"].int == 0)
            let cohort = try await c.makeExtract(
                analyst, ["projectId": two.id, "purpose": "Alcohol", "from": "2026-11-01", "to": "2026-11-30", "cohort": "ALCOHOL"])
            #expect(cohort.status == .created && cohort.json["rows"].int == 0, "\(cohort.text)")
        }
    }

    @Test func extractsExpireAfterThirtyDaysAndBadRequestsAreRefused() async throws {
        let h = try await Harness()
        try await h.run { c in
            for i in 0..<2 { _ = try await c.plantedWearer(i) }
            let project = try await c.extractProject("Expiry", k: 2)
            let analyst = try await c.user("mi.exp", ["analyst"])
            let other = try await c.user("mi.other", ["analyst"])
            let police = try await c.user("pc.exp", ["police"], forceArea: "MPS")
            // The portal offers the analyst, and only the analyst, the form that makes one.
            let page = try await c.call(.get, "/dashboards", token: analyst)
            #expect(page.status == .ok && page.text.contains("id=\"extract-form\"") && page.text.contains("<option value=\"ALCOHOL\">"))
            #expect(!(try await c.call(.get, "/dashboards", token: police)).text.contains("extract-form"))
            let admin = try await c.adminToken()
            let good: [String: Any] = ["projectId": project.id, "purpose": "Expiry check", "from": "2026-11-01", "to": "2026-11-30"]
            func with(_ changes: [String: Any?]) -> [String: Any] {
                var b = good
                for (k, v) in changes { b[k] = v }
                return b
            }
            func refused(_ body: [String: Any], _ status: HTTPResponse.Status, _ code: String?, token: String? = nil) async throws {
                let r = try await c.makeExtract(token ?? analyst, body)
                #expect(r.status == status, "\(body): \(r.text)")
                if let code { #expect(r.json["error"]["code"].string == code, "\(r.text)") }
            }
            try await refused(with(["projectId": "no-such-project"]), .notFound, "NOT_FOUND")
            try await refused(with(["cohort": "NOPE"]), .badRequest, "UNKNOWN_COHORT")
            try await refused(with(["orderType": "NOPE"]), .badRequest, "UNKNOWN_ORDER_TYPE")
            try await refused(with(["from": "2021-01-01", "to": "2026-01-02"]), .badRequest, "PERIOD_TOO_LONG")
            try await refused(with(["from": "2026-12-01", "to": "2026-11-01"]), .badRequest, "END_BEFORE_START")
            try await refused(with(["from": "1 Nov 2026"]), .badRequest, "INVALID_DATE")
            try await refused(with(["purpose": nil]), .badRequest, "PURPOSE_REQUIRED")
            try await refused(with(["purpose": "  "]), .badRequest, "PURPOSE_REQUIRED")
            try await refused(good, .forbidden, nil, token: police)
            try await refused(good, .forbidden, nil, token: admin)
            let byAnalyst = try await c.call(
                .post, "/api/v1/extract-projects", token: analyst, json: ["name": "Mine", "purpose": "Not allowed"])
            #expect(byAnalyst.status == .forbidden)
            let noPurpose = try await c.call(.post, "/api/v1/extract-projects", token: admin, json: ["name": "No purpose"])
            #expect(noPurpose.status == .badRequest && noPurpose.json["error"]["code"].string == "PURPOSE_REQUIRED")
            let badK = try await c.call(.post, "/api/v1/extract-projects", token: admin, json: ["name": "K", "purpose": "Bad k", "k": 1])
            #expect(badK.status == .badRequest && badK.json["error"]["code"].string == "K_OUT_OF_RANGE")
            #expect(try await c.call(.get, "/api/v1/extract-projects", token: police).status == .forbidden)
            #expect(try await c.call(.get, "/api/v1/extract-projects?all=1", token: analyst).status == .badRequest)

            let made = try await c.makeExtract(analyst, good)
            #expect(made.status == .created && made.json["rows"].int == 2, "\(made.text)")
            let id = try #require(made.json["id"].string)
            #expect(try await c.call(.get, "/api/v1/extracts/\(id)/data.csv?x=1", token: analyst).status == .badRequest)
            #expect(try await c.call(.get, "/api/v1/extracts/no-such-extract/data.csv", token: analyst).status == .notFound)
            #expect(try await c.call(.get, "/api/v1/extracts/\(id)/data.csv", token: other).status == .forbidden, "another analyst's")
            #expect(try await c.call(.get, "/api/v1/extracts/\(id)/data.csv", token: police).status == .forbidden)
            let expiresText = try #require(made.json["expiresAt"].string)
            let expires = try #require(ISOTime.parse(expiresText))
            #expect(expires == c.clock.read().addingTimeInterval(30 * 86_400))

            // Sessions do not last a month: sign in again after each jump.
            c.clock.advance(30 * 86_400 - 60)
            let later = try await c.login("mi.exp", "password-mi.exp")
            #expect(try await c.call(.get, "/api/v1/extracts/\(id)/data.csv", token: later).status == .ok, "a minute before expiry")
            c.clock.advance(60)
            let gone = try await c.call(.get, "/api/v1/extracts/\(id)/data.csv", token: later)
            #expect(gone.status == .gone && gone.json["error"]["code"].string == "EXTRACT_EXPIRED", "\(gone.text)")
            #expect(try await c.call(.get, "/api/v1/extracts/\(id)", token: later).status == .gone)
        }
    }
}
