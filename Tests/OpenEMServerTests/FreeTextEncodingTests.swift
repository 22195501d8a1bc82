import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// Free text a force sends (quotes, backslashes, control characters, characters outside the Basic Multilingual
/// Plane) comes back out of every JSON and GeoJSON export as the same text, in a document a JSON parser accepts.
@Suite struct FreeTextEncodingTests {
    static let reference = "01/\"9\"\\26\u{1}\u{7f}𝄞😀"
    static let description = "Robbery \"on foot\"\\\t\u{1}𝄞"

    static func csvField(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    @Test func crimeTextWithQuotesControlAndAstralCharactersSurvivesEveryExport() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await CrimeTests.plantedWearer(c)
            let analyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            let row =
                "Metropolitan,RB,\(Self.csvField(Self.description)),MPS20261120,\(Self.csvField(Self.reference)),"
                + "20261120114500,20261120120000,,,51.51250,-0.12500,WGS84,free"
            let submitted = try await c.call(
                .post, "/api/v1/crime-batches", token: analyst, body: CrimeTests.csv([row]),
                contentType: "text/csv")
            #expect(submitted.status == .created, "\(submitted.text)")
            let crimeId = try #require(submitted.json["crimeIds"][0].string, "\(submitted.text)")

            let matches = try await c.call(
                .get, "/api/v1/crime-batches/\(submitted.json["id"].string!)/matches",
                token: analyst)
            #expect(matches.json["crimes"][0]["reference"].string == Self.reference, "\(matches.text.prefix(300))")

            let geo = try await c.call(
                .get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)&format=geojson",
                token: analyst)
            #expect(geo.status == .ok)
            let parsed = try JSONSerialization.jsonObject(with: Data(geo.text.utf8)) as? [String: Any]
            let features = try #require(parsed?["features"] as? [[String: Any]], "\(geo.text.prefix(300))")
            let scene = try #require(features.first { ($0["properties"] as? [String: Any])?["kind"] as? String == "crime" })
            #expect((scene["properties"] as? [String: Any])?["reference"] as? String == Self.reference)
            #expect(features.count > 1, "the positions near the scene are features too")

            let html = try await c.call(.get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)", token: analyst)
            #expect(html.text.contains("01/&quot;9&quot;\\26"), "quotes are escaped in the printable pack")
            #expect(!html.text.contains(Self.reference), "the raw text never reaches the HTML unescaped")
        }
    }

    @Test func aTrailExportIsGeoJSONAJSONParserReads() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await CrimeTests.plantedWearer(c)
            let r = try await c.call(
                .get,
                "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-20T11:00:00Z&to=2026-11-20T12:00:00Z"
                    + "&format=geojson", token: w.admin)
            #expect(r.status == .ok && r.headers[.contentType] == "application/geo+json")
            let parsed = try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any]
            #expect(parsed?["type"] as? String == "FeatureCollection")
            let features = try #require(parsed?["features"] as? [[String: Any]])
            #expect(features.count == 3)
            let first = try #require(features.first)
            #expect((first["geometry"] as? [String: Any])?["coordinates"] as? [Double] == [-0.13, 51.51])
            #expect((first["properties"] as? [String: Any])?["time"] as? String == "2026-11-20T11:48:00.000Z")
        }
    }
}
