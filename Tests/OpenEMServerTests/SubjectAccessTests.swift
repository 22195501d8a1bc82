import Foundation
import Hummingbird
import OpenEMCore
import Testing
import ZIPFoundation

/// A subject access request answered as an administrator would: one archive with everything held on the person.
@Suite("Subject access")
struct SubjectAccessTests {

    @Test("the archive holds the person's record, orders, every message and position, violations and every view of them")
    func archive() async throws {
        try await Harness().run { c in
            // Four fixes, three of them in the exclusion zone (a zone entry), then a battery reading.
            let w = try await c.zoneEntry(forceArea: "MPS", region: "London")
            try await c.send(w, [["seq": 9, "type": "battery", "time": "2026-11-20T11:56:00Z", "levelPercent": 64]])
            let other = try await c.fittedWearer(conditions: { _ in [Fixtures.exclusion()] })
            // A robbery where they were, matched to them.
            let analyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            let batch = try await c.call(
                .post, "/api/v1/crime-batches", token: analyst,
                body: "Metropolitan,RB,Robbery,MPS20261120,01/1/26,20261120114500,20261120120000,,,51.51250,-0.12500,WGS84,Phone snatched\n",
                contentType: "text/csv")
            let crimeId = try #require(batch.json["crimeIds"][0].string, "\(batch.text)")
            let police = try await c.user("pc.met", ["police"], forceArea: "MPS")
            let trail = try await c.call(
                .get, "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-20T11:00:00Z&to=2026-11-20T12:00:00Z&purpose=Burglary%20enquiry",
                token: police)
            #expect(trail.status == .ok, "\(trail.text.prefix(200))")

            var headers: [String: String] = [:]
            let raw = try await c.raw.execute(
                uri: "/api/v1/subjects/\(w.subjectId)/access-request", method: .post,
                headers: [.authorization: "Bearer \(w.admin)", .contentType: "application/json"],
                body: ByteBuffer(string: #"{"reference":"SAR-2026-0042"}"#)
            ) { r in
                headers["type"] = r.headers[.contentType]
                return Data(r.body.readableBytesView)
            }
            #expect(headers["type"] == "application/zip")
            let archive = try Archive(data: raw, accessMode: .read)
            var files: [String: String] = [:]
            for entry in archive {
                var data = Data()
                _ = try archive.extract(entry) { data.append($0) }
                files[entry.path] = String(decoding: data, as: UTF8.self)
            }
            #expect(
                Set(files.keys) == [
                    "subject.json", "address-checks.json", "orders.json", "installations.json", "violations.json", "alerts.json",
                    "enforcement-cases.json", "crime-matches.json", "zones.geojson", "telemetry.csv", "positions.geojson", "audit.csv",
                    "data-dictionary.csv", "README.txt",
                ])
            #expect(files["subject.json"]?.contains("\"lastName\":\"Smith\"") == true)
            #expect(files["subject.json"]?.contains(w.subjectId) == true)
            #expect(files["orders.json"]?.contains(w.orderId) == true)
            #expect(files["telemetry.csv"]?.split(separator: "\n").count == 6, "a header and five messages")
            #expect(files["telemetry.csv"]?.contains("battery") == true)
            let geo = try JSONSerialization.jsonObject(with: Data((files["positions.geojson"] ?? "").utf8)) as? [String: Any]
            #expect((geo?["features"] as? [Any])?.count == 4)
            #expect(files["violations.json"]?.contains("EXCLUSION_ZONE_ENTRY") == true)
            #expect(files["crime-matches.json"]?.contains(crimeId) == true, "\(files["crime-matches.json"] ?? "")")
            let zones = try JSONSerialization.jsonObject(with: Data((files["zones.geojson"] ?? "").utf8)) as? [String: Any]
            let zone = ((zones?["features"] as? [[String: Any]])?.first?["properties"] as? [String: Any])
            #expect((zones?["features"] as? [Any])?.count == 1 && zone?["name"] as? String == "Victim's street")
            // The police officer's view of the trail is there, with its purpose; the other wearer's records are not.
            #expect(files["audit.csv"]?.contains("Burglary enquiry") == true)
            for (_, text) in files { #expect(!text.contains(other.subjectId)) }
            #expect(files["README.txt"]?.contains("SAR-2026-0042") == true)

            let audit = try await c.call(.get, "/api/v1/audit?limit=500", token: w.admin)
            #expect(
                audit.json["items"].array.contains {
                    $0["action"].string == "export" && $0["resourceType"].string == "subject_access" && $0["reference"].string == "SAR-2026-0042"
                })
        }
    }

    @Test("administrators only; an unknown person is 404")
    func access() async throws {
        try await Harness().run { c in
            let w = try await c.fittedWearer(conditions: { _ in [Fixtures.exclusion()] })
            let probation = try await c.user("po.london", ["probation"], region: "London")
            #expect(try await c.call(.post, "/api/v1/subjects/\(w.subjectId)/access-request", token: probation).status == .forbidden)
            #expect(try await c.call(.post, "/api/v1/subjects/no-such-person/access-request", token: w.admin).status == .notFound)
        }
    }
}
