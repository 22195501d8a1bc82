import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// Input over a limit is refused with a code that says which limit (`TextLimits`), never cut short.
@Suite struct LimitsTests {
    static func row(_ reference: String, _ freeText: String = "seen running") -> String {
        "Metropolitan,RB,Robbery,MPS20261120,\(reference),20261120114500,20261120120000,,,51.51250,-0.12500,WGS84,\(freeText)"
    }

    @Test func aCrimeBatchRefusesLongReferencesAndFreeTextButKeepsTheGoodRows() async throws {
        let h = try await Harness()
        try await h.run { c in
            let analyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            let body = CrimeTests.csv([
                Self.row("01/1/26", String(repeating: "x", count: 4000)),
                Self.row(String(repeating: "R", count: 65)),
                Self.row("01/3/26", String(repeating: "y", count: 4001)),
            ])
            let r = try await c.call(.post, "/api/v1/crime-batches", token: analyst, body: body, contentType: "text/csv")
            #expect(r.status == .created, "\(r.text)")
            #expect(r.json["status"].string == "PARTIAL" && r.json["crimes"].int == 1)
            let errors = r.json["errors"].array
            #expect(errors.map { $0["row"].int } == [2, 3])
            #expect(errors.allSatisfy { $0["code"].string == "TOO_LONG" })
            #expect(errors[0]["message"].string == "reference is 65 characters; at most 64 are accepted")
            #expect(errors[1]["message"].string == "free text is 4001 characters; at most 4000 are accepted")
        }
    }

    @Test func aCrimeBatchOverItsRowLimitIsRefusedNamingTheLimit() async throws {
        let h = try await Harness()
        try await h.run { c in
            let analyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            let body = CrimeTests.csv((0...TextLimits.crimeBatchRows).map { Self.row("R\($0)") })
            let r = try await c.call(.post, "/api/v1/crime-batches", token: analyst, body: body, contentType: "text/csv")
            #expect(r.status == .contentTooLarge)
            #expect(r.json["error"]["code"].string == "BATCH_TOO_LARGE")
            #expect(r.json["error"]["message"].string?.contains("at most 10000") == true, "\(r.text)")
        }
    }

    @Test func freeTextOverFourThousandCharactersIsRefusedNamingTheField() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            let long = String(repeating: "z", count: 4001)
            let r = try await c.call(.post, "/api/v1/orders/\(w.orderId)/end", token: w.admin, json: ["reason": long])
            #expect(r.status == .badRequest)
            #expect(r.json["error"]["code"].string == "TOO_LONG")
            #expect(r.json["error"]["details"][0]["field"].string == "reason")
            let order = try await c.call(.get, "/api/v1/orders/\(w.orderId)", token: w.admin)
            #expect(order.json["status"].string == "ACTIVE", "nothing was changed")
        }
    }

    @Test func theOpenAPIDocumentStatesTheFreeTextLimit() async throws {
        let h = try await Harness()
        try await h.run { c in
            let doc = try await c.call(.get, "/openapi.json")
            let schemas = doc.json["components"]["schemas"]
            #expect(schemas["AlertDecision"]["properties"]["note"]["maxLength"].int == 4000)
            #expect(schemas["Variation"]["properties"]["reason"]["maxLength"].int == 4000)
            #expect(schemas["AddressCheckDraft"]["properties"]["note"]["maxLength"].int == 4000)
        }
    }

    @Test func aCrimesFreeTextIsKeptInItsMatchesAndEveryFormOfTheEvidencePack() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await CrimeTests.plantedWearer(c)
            let analyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            let text = "Phone snatched, suspect <on foot> wearing a \"red\" coat"
            let csvText = "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let body = CrimeTests.csv([Self.row("01/1/26", csvText)])
            let r = try await c.call(.post, "/api/v1/crime-batches", token: analyst, body: body, contentType: "text/csv")
            #expect(r.status == .created, "\(r.text)")
            let id = try #require(r.json["id"].string)
            let m = try await c.call(.get, "/api/v1/crime-batches/\(id)/matches", token: analyst)
            let crime = m.json["crimes"][0]
            #expect(crime["freeText"].string == text)
            let crimeId = try #require(crime["crimeId"].string)
            let base = "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)&format="
            let html = try await c.call(.get, base + "html", token: analyst)
            #expect(html.text.contains("<th>Free text</th><td>Phone snatched, suspect &lt;on foot&gt; wearing a &quot;red&quot; coat</td>"))
            let csv = try await c.call(.get, base + "csv", token: analyst)
            #expect(csv.text.contains(",01/1/26,\(csvText)\n"), "\(csv.text)")
            let geo = try await c.call(.get, base + "geojson", token: analyst)
            #expect(geo.json["features"][0]["properties"]["freeText"].string == text)
        }
    }
}
