import Foundation
import Hummingbird
import Testing

@Suite struct ScopingTests {
    @Test func policeSeeOnlyTheirForceAndCannotProbeIds() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let met = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject(forceArea: "MPS"))
            let kent = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject(forceArea: "KNT", region: "Kent"))
            let metId = try #require(met.json["id"].string), kentId = try #require(kent.json["id"].string)
            let pc = try await c.user("pc-met", ["police"], forceArea: "MPS")

            #expect(try await c.call(.get, "/api/v1/subjects/\(metId)", token: pc).status == .ok)
            let other = try await c.call(.get, "/api/v1/subjects/\(kentId)", token: pc)
            let missing = try await c.call(.get, "/api/v1/subjects/00000000-0000-0000-0000-000000000000", token: pc)
            #expect(other.status == .forbidden)
            #expect(missing.status == .forbidden)
            #expect(other.text == missing.text, "an out-of-scope id and a missing id must look the same")
            // Users who may see everyone get an honest 404.
            #expect(try await c.call(.get, "/api/v1/subjects/00000000-0000-0000-0000-000000000000", token: admin).status == .notFound)

            let list = try await c.call(.get, "/api/v1/subjects", token: pc)
            #expect(list.json["items"].array.compactMap { $0["id"].string } == [metId])
            // Orders of another force's wearer are refused the same way.
            #expect(try await c.call(.get, "/api/v1/orders?subjectId=\(kentId)", token: pc).status == .forbidden)
        }
    }

    @Test func probationSeesTheirRegionAndAnalystsSeeNoPersonalData() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let london = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject(region: "London"))
            let wales = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject(forceArea: "SWP", region: "Wales"))
            let pp = try await c.user("pp-london", ["probation"], region: "London")
            #expect(try await c.call(.get, "/api/v1/subjects/\(london.json["id"].string!)", token: pp).status == .ok)
            #expect(try await c.call(.get, "/api/v1/subjects/\(wales.json["id"].string!)", token: pp).status == .forbidden)
            let analyst = try await c.user("mi", ["analyst"])
            #expect(try await c.call(.get, "/api/v1/subjects", token: analyst).status == .forbidden)
            #expect(try await c.call(.get, "/api/v1/subjects/\(london.json["id"].string!)", token: analyst).status == .forbidden)
            // Only order managers and admins create wearers.
            #expect(try await c.call(.post, "/api/v1/subjects", token: pp, json: Fixtures.subject()).status == .forbidden)
        }
    }
}
