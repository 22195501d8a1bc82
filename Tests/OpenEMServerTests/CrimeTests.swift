import Foundation
import Hummingbird
import OpenEMCore
import Testing

@Suite struct CrimeTests {
    /// A wearer who walks past the scene at 11:50-11:52 on 20 November (51.5125, -0.125).
    static func plantedWearer(_ c: Harness.Client, forceArea: String = "MPS") async throws -> FittedWearer {
        let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] }, forceArea: forceArea)
        try await c.send(
            w,
            fixes(
                [
                    ("2026-11-20T11:48:00Z", 51.5100, -0.1300, 8), ("2026-11-20T11:50:00Z", 51.5124, -0.1251, 10),
                    ("2026-11-20T11:52:00Z", 51.5150, -0.1200, 8),
                ], seqFrom: 1))
        return w
    }

    static func csv(_ rows: [String]) -> String { rows.joined(separator: "\n") + "\n" }

    @Test func aBatchKeepsGoodRowsReportsBadOnesAndMatchesTheWearerWhoWasThere() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await Self.plantedWearer(c)
            let analyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            let body = Self.csv([
                "Metropolitan,RB,Robbery,MPS20261120,01/1/26,20261120114500,20261120120000,,,51.51250,-0.12500,WGS84,\"Phone snatched, on foot\"",
                "Metropolitan,BIAD,Burglary in a dwelling,MPS20261120,01/2/26,20261120080000,20261120090000,,,51.51250,-0.12500,WGS84,Too early",
                "Metropolitan,XYZ,Unknown,MPS20261120,01/3/26,20261120080000,20261120090000,,,51.5,-0.1,WGS84,bad type",
            ])
            let r = try await c.call(.post, "/api/v1/crime-batches", token: analyst, body: body, contentType: "text/csv")
            #expect(r.status == .created, "\(r.text)")
            #expect(r.json["status"].string == "PARTIAL" && r.json["crimes"].int == 2)
            #expect(r.json["errors"][0]["code"].string == "UNKNOWN_CRIME_TYPE" && r.json["errors"][0]["row"].int == 3)
            #expect(r.json["errors"][0]["action"].string?.isEmpty == false)
            let id = try #require(r.json["id"].string)
            let m = try await c.call(.get, "/api/v1/crime-batches/\(id)/matches", token: analyst)
            #expect(m.status == .ok, "\(m.text)")
            let robbery = m.json["crimes"].array.first { $0["reference"].string == "01/1/26" }
            #expect(robbery?["matches"].count == 1)
            #expect(robbery?["matches"][0]["subjectId"].string == w.subjectId)
            #expect(robbery?["matches"][0]["kind"].string == "FIX")
            #expect(robbery?["matches"][0]["algorithm"].string == "openem-match/2")
            #expect(robbery?["matches"][0]["passes"][0]["label"].string == "A")
            let early = m.json["crimes"].array.first { $0["reference"].string == "01/2/26" }
            #expect(early?["matches"].count == 0, "no fixes in that window")

            // The evidence pack: printable HTML with the disclaimer, map, positions, gaps and hash; CSV and GeoJSON; audited.
            let crimeId = try #require(robbery?["crimeId"].string)
            let pack = try await c.call(.get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)", token: analyst)
            #expect(pack.status == .ok && pack.headers[.contentType] == "text/html; charset=utf-8", "\(pack.text.prefix(300))")
            #expect(pack.text.contains("A match is not proof") && pack.text.contains("<svg") && pack.text.contains("openem-match/2"))
            #expect(pack.text.contains("A1") && pack.text.range(of: "SHA-256 of the 3 raw positions") != nil)
            let packCSV = try await c.call(.get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)&format=csv", token: analyst)
            #expect(packCSV.text.hasPrefix("label,time,lat,lon,accuracyMetres,distanceMetres") && packCSV.text.contains("A1,"))
            let packGeo = try await c.call(.get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)&format=geojson", token: analyst)
            #expect(packGeo.json["properties"]["sha256"].string?.count == 64)
            #expect(try await c.call(.get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=someone-else", token: analyst).status == .badRequest)
            let exports = try await c.call(.get, "/api/v1/audit?limit=500", token: w.admin).json["items"].array
                .filter { $0["action"].string == "export" && $0["resourceType"].string == "evidence" }
            #expect(exports.count == 3, "every export is audited")

            // A resubmission is a new version.
            let again = try await c.call(
                .post, "/api/v1/crime-batches", token: analyst,
                body: Self.csv(["Metropolitan,RB,Robbery,MPS20261121,01/1/26,20261120114000,20261120120000,,,51.51250,-0.12500,WGS84,Corrected time"]
                ),
                contentType: "text/csv")
            let m2 = try await c.call(.get, "/api/v1/crime-batches/\(again.json["id"].string!)/matches", token: analyst)
            #expect(m2.json["crimes"][0]["version"].int == 2 && m2.json["crimes"][0]["previousVersions"].int == 1)

            // Another force's analyst cannot read it or submit for the Met.
            let gmp = try await c.user("ca.gmp", ["crime_analyst"], forceArea: "GMP")
            #expect(try await c.call(.get, "/api/v1/crime-batches/\(id)/matches", token: gmp).status == .forbidden)
            #expect(try await c.call(.get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)", token: gmp).status == .forbidden)
            #expect(try await c.call(.post, "/api/v1/crime-batches", token: gmp, body: body, contentType: "text/csv").status == .forbidden)
            let probation = try await c.user("po.one", ["probation"], region: "London")
            #expect(try await c.call(.post, "/api/v1/crime-batches", token: probation, body: body, contentType: "text/csv").status == .forbidden)
            #expect(try await c.call(.post, "/api/v1/crime-batches", token: analyst, body: "", contentType: "text/csv").status == .badRequest)
        }
    }

    @Test func aWearerSilentThroughTheCrimeIsPossibleWithTheFixesEitherSideOfTheGapInTheEvidence() async throws {
        let h = try await Harness()
        try await h.run { c in
            // Seen 600 m from the scene at 09:15 and 09:20, then nothing until 10:40, 500 m the other side.
            let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            try await c.send(
                w,
                fixes(
                    [
                        ("2026-11-20T09:15:00Z", 51.5179, -0.1250, 8), ("2026-11-20T09:20:00Z", 51.5179, -0.1250, 8),
                        ("2026-11-20T10:40:00Z", 51.5080, -0.1250, 8),
                    ], seqFrom: 1))
            let analyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            let r = try await c.call(
                .post, "/api/v1/crime-batches", token: analyst,
                body: Self.csv([
                    "Metropolitan,RB,Robbery,MPS20261120,02/1/26,20261120094500,20261120100000,,,51.51250,-0.12500,WGS84,On foot"
                ]),
                contentType: "text/csv")
            let m = try await c.call(.get, "/api/v1/crime-batches/\(try #require(r.json["id"].string))/matches", token: analyst)
            let crime = m.json["crimes"][0]
            #expect(crime["matches"].count == 1 && crime["matches"][0]["kind"].string == "POSSIBLE", "\(m.text)")
            #expect(
                crime["matches"][0]["passes"][0]["positions"].array.compactMap { $0["time"].string }
                    == ["2026-11-20T09:20:00.000Z", "2026-11-20T10:40:00.000Z"], "the fixes either side of the gap")
            let pack = try await c.call(
                .get, "/api/v1/crimes/\(try #require(crime["crimeId"].string))/evidence?subjectId=\(w.subjectId)&format=csv",
                token: analyst)
            #expect(pack.text.contains("A1,2026-11-20T09:20:00.000Z") && pack.text.contains("A2,2026-11-20T10:40:00.000Z"), "\(pack.text)")
        }
    }

    @Test func areaSearchNeedsAPurposeIsScopedToTheForceAndIsAudited() async throws {
        let h = try await Harness()
        try await h.run { c in
            let met = try await Self.plantedWearer(c, forceArea: "MPS")
            let visitor = try await Self.plantedWearer(c, forceArea: "GMP")
            let police = try await c.user("pc.met", ["police"], forceArea: "MPS")
            var search: [String: Any] = [
                "center": ["lat": 51.5125, "lon": -0.125], "radiusMetres": 150,
                "from": "2026-11-20T11:30:00Z", "to": "2026-11-20T12:30:00Z",
            ]
            let noPurpose = try await c.call(.post, "/api/v1/searches/area", token: police, json: search)
            #expect(noPurpose.status == .badRequest && noPurpose.json["error"]["code"].string == "PURPOSE_REQUIRED")
            search["purpose"] = "Robbery investigation"
            search["reference"] = "01/1/26"
            let r = try await c.call(.post, "/api/v1/searches/area", token: police, json: search)
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["results"].array.map { $0["subjectId"].string } == [met.subjectId], "the GMP wearer is not shown to the Met")
            #expect(r.json["results"][0]["passes"][0]["positions"][0]["label"].string == "A1")
            let centre = try await c.user("mo.one", ["monitoring_officer"])
            let all = try await c.call(.post, "/api/v1/searches/area", token: centre, json: search)
            #expect(Set(all.json["results"].array.compactMap { $0["subjectId"].string }) == [met.subjectId, visitor.subjectId])
            var polygon = search
            polygon.removeValue(forKey: "center")
            polygon.removeValue(forKey: "radiusMetres")
            polygon["geometry"] = [
                "type": "Polygon", "coordinates": [[[-0.126, 51.512], [-0.124, 51.512], [-0.124, 51.513], [-0.126, 51.513], [-0.126, 51.512]]],
            ]
            #expect(try await c.call(.post, "/api/v1/searches/area", token: police, json: polygon).json["results"].count == 1)
            let probation = try await c.user("po.one", ["probation"], region: "London")
            #expect(try await c.call(.post, "/api/v1/searches/area", token: probation, json: search).status == .forbidden)

            let audit = try await c.call(.get, "/api/v1/audit?limit=500", token: try await c.adminToken()).json["items"].array
            let searches = audit.filter { $0["action"].string == "search" && $0["resourceType"].string == "area" }
            #expect(searches.count == 3)
            #expect(searches.allSatisfy { $0["purpose"].string == "Robbery investigation" })
        }
    }
}
