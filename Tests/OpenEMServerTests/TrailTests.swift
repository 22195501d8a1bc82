import Foundation
import Hummingbird
import OpenEMCore
import Testing

@Suite struct TrailTests {
    @Test func trailsComeAsGeoJSONGPXAndCSVWithAccuracyWithinTheRolesWindowAndAudited() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.fittedWearer(conditions: { _ in [["type": "trail"]] })
            try await c.send(
                w,
                fixes(
                    [
                        ("2026-11-20T11:50:00Z", 51.5, -0.12, 8), ("2026-11-20T11:51:00Z", 51.501, -0.121, 35),
                        ("2026-11-20T11:52:00Z", 51.502, -0.122, 400),
                    ], seqFrom: 1))
            let base = "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-20T11:00:00Z&to=2026-11-20T12:00:00Z"
            let geo = try await c.call(.get, base, token: w.admin)
            #expect(geo.status == .ok && geo.headers[.contentType] == "application/geo+json")
            let features = geo.json["features"].array
            #expect(features.count == 3)
            #expect(features.map { $0["properties"]["accuracyMetres"].double } == [8, 35, 400])
            #expect(features.first?["geometry"]["coordinates"][0].double == -0.12)
            let gpx = try await c.call(.get, base + "&format=gpx", token: w.admin)
            #expect(gpx.text.contains("<gpx version=\"1.1\"") && gpx.text.components(separatedBy: "<trkpt").count == 4)
            let csv = try await c.call(.get, base + "&format=csv", token: w.admin)
            #expect(csv.text.split(separator: "\n").count == 4 && csv.text.hasPrefix("time,lat,lon,accuracyMetres,source"))
            #expect(try await c.call(.get, base + "&format=kml", token: w.admin).status == .badRequest)

            let police = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let long = try await c.call(
                .get, "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-17T00:00:00Z&to=2026-11-20T12:00:00Z", token: police)
            #expect(long.status == .badRequest && long.json["error"]["code"].string == "WINDOW_TOO_LONG")
            #expect(try await c.call(.get, base, token: police).json["features"].count == 3)
            let other = try await c.user("pc.gmp", ["police"], forceArea: "GMP")
            #expect(try await c.call(.get, base, token: other).status == .forbidden)

            let audit = try await c.call(.get, "/api/v1/audit?limit=500", token: w.admin).json["items"].array
            let reads = audit.filter { $0["resourceType"].string == "trail" && $0["resourceId"].string == w.subjectId }
            #expect(reads.count == 4, "each of the four trail reads is audited")
        }
    }
}
