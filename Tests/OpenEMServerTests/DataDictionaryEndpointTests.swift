import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// `GET /api/v1/data-dictionary` as JSON and CSV, and what it refuses.
@Suite struct DataDictionaryEndpointTests {
    @Test func anySignedInUserGetsTheDictionaryAsJSONOrCSV() async throws {
        let h = try await Harness()
        try await h.run { c in
            let analyst = try await c.user("an.one", ["analyst"])
            let r = try await c.call(.get, "/api/v1/data-dictionary", token: analyst)
            #expect(r.status == .ok, "\(r.text.prefix(200))")
            #expect(r.json["version"].string == DataDictionary.version)
            let subject = try #require(r.json["entities"].array.first { $0["name"].string == "subject" })
            let crn = try #require(subject["fields"].array.first { $0["name"].string == "identifiers.crn" })
            #expect(crn["personalData"].string == "DIRECT_IDENTIFIER" && crn["retentionClass"].string == "SUBJECT_RECORD")
            #expect(crn["type"].string == "string" && crn["required"].bool == false && crn["source"].string == "USER")
            #expect(crn["allowedValues"].isNull, "no allowedValues key for a free value")
            #expect(crn["description"].string?.contains("Case Reference Number") == true)
            let order = try #require(r.json["entities"].array.first { $0["name"].string == "order" })
            let status = order["fields"].array.first { $0["name"].string == "status" }
            #expect(status?["allowedValues"].array.compactMap(\.string) == ["ACTIVE", "ENDED"])
            let location = r.json["retentionClasses"].array.first { $0["retentionClass"].string == "LOCATION" }
            #expect(location?["keep"].string == "P1Y" && location?["after"].string == "EVENT")

            let csv = try await c.call(.get, "/api/v1/data-dictionary?format=csv", token: analyst)
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "entity,field,type,required,allowedValues,personalData,retentionClass,source,description")
            #expect(lines.count == DataDictionary.entities.reduce(0) { $0 + $1.fields.count } + 2, "a row per field and a final newline")
            #expect(
                lines.contains(
                    "order,status,string,true,ACTIVE|ENDED,NONE,ORDER_RECORD,DERIVED,Whether the order is in force (ACTIVE) or has ended."))
            // A description with a comma is quoted (RFC 4180).
            #expect(
                csv.text.contains("subject,id,id,true,,QUASI_IDENTIFIER,SUBJECT_RECORD,DERIVED,\"OpenEM's id for the wearer; every order, violation")
            )
        }
    }

    @Test func aBadFormatOrAnUnknownParameterIsA400AndNoTokenA401() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let xml = try await c.call(.get, "/api/v1/data-dictionary?format=xml", token: admin)
            #expect(xml.status == .badRequest && xml.json["error"]["code"].string == "INVALID_FORMAT")
            let typo = try await c.call(.get, "/api/v1/data-dictionary?fromat=csv", token: admin)
            #expect(typo.status == .badRequest && typo.json["error"]["code"].string == "UNKNOWN_PARAMETER")
            #expect(typo.json["error"]["message"].string?.contains("fromat") == true)
            #expect(try await c.call(.get, "/api/v1/data-dictionary").status == .unauthorized)
        }
    }
}
