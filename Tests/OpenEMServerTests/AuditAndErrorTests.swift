import Foundation
import Hummingbird
import OpenEMCore
import OpenEMServer
import Testing

@Suite struct AuditAndErrorTests {
    @Test func readsOfPersonalDataAreAuditedAndTheChainVerifies() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let s = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject(forceArea: "KNT", region: "Kent"))
            let sid = s.json["id"].string!
            let pc = try await c.user("pc-met", ["police"], forceArea: "MPS")
            _ = try await c.call(.get, "/api/v1/subjects/\(sid)", token: admin)
            _ = try await c.call(.get, "/api/v1/subjects/\(sid)", token: pc)
            let log = try await c.call(.get, "/api/v1/audit?limit=1000", token: admin)
            let reads = log.json["items"].array.filter { $0["action"].string == "read" && $0["resourceId"].string == sid }
            #expect(reads.map { $0["outcome"].string } == ["SUCCESS", "DENIED"])
            #expect(reads.allSatisfy { $0["hash"].string?.count == 64 })
            let v = try await c.call(.get, "/api/v1/audit/verify", token: admin)
            #expect(v.json["valid"].bool == true)
            #expect((v.json["entries"].int ?? 0) > 5)
            #expect(try await c.call(.get, "/api/v1/audit", token: pc).status == .forbidden)
        }
    }

    @Test func badInputGetsAClear4xx() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let malformed = try await c.call(.post, "/api/v1/subjects", token: admin, body: "{\"firstName\": ")
            #expect(malformed.status == .badRequest)
            #expect(malformed.json["error"]["code"].string == "MALFORMED_BODY")
            let wrongType = try await c.call(.post, "/api/v1/subjects", token: admin, json: ["firstName": 5, "lastName": "x", "forceArea": "MPS"])
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.json["error"]["message"].string?.contains("firstName") == true)
            var outOfRange = Fixtures.subject()
            outOfRange["addresses"] = [["type": "PRIMARY", "line1": "x", "location": ["lat": 95.0, "lon": 0.0]]]
            let o = try await c.call(.post, "/api/v1/subjects", token: admin, json: outOfRange)
            #expect(o.status == .unprocessableContent)
            #expect(o.json["error"]["details"][0]["code"].string == "COORDINATE_OUT_OF_RANGE")
            let unknownForce = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject(forceArea: "NOPE"))
            #expect(unknownForce.json["error"]["details"][0]["code"].string == "UNKNOWN_FORCE_AREA")
            let huge = String(repeating: "a", count: 9 * 1024 * 1024)
            let big = try await c.call(.post, "/api/v1/subjects", token: admin, body: "{\"firstName\":\"\(huge)\"}")
            #expect(big.status == .contentTooLarge)
            #expect(big.json["error"]["code"].string == "BODY_TOO_LARGE")
            let route = try await c.call(.get, "/api/v1/no-such-thing", token: admin)
            #expect(route.status == .notFound)
            #expect(route.json["error"]["code"].string == "NOT_FOUND")
            let order = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(subjectId: "missing", conditions: []))
            #expect(order.json["error"]["details"][0]["code"].string == "UNKNOWN_SUBJECT")
            // Nothing half-written: no subject exists after all those refusals.
            let list = try await c.call(.get, "/api/v1/subjects", token: admin)
            #expect(list.json["items"].count == 0)
        }
    }

    @Test func operationsEndpoints() async throws {
        let h = try await Harness()
        try await h.run { c in
            let health = try await c.call(.get, "/health")
            #expect(health.json["status"].string == "ok")
            let metrics = try await c.call(.get, "/metrics")
            #expect(metrics.status == .ok)
            let doc = try await c.call(.get, "/openapi.json")
            #expect(doc.json["openapi"].string == "3.1.0")
        }
    }

    @Test func everyRouteIsDescribedInTheOpenAPIDocument() async throws {
        let h = try await Harness()
        let doc = try JSONSerialization.jsonObject(with: Data(OpenAPIDescription.json.utf8)) as! [String: Any]
        let paths = doc["paths"] as! [String: [String: Any]]
        for route in h.router.routes {
            let path = route.path.description.split(separator: "/")
                .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 == "**" ? "{path}" : String($0) }
            let key = "/" + path.joined(separator: "/")
            let method = route.method.rawValue.lowercased()
            #expect(paths[key]?[method] != nil, "\(method.uppercased()) \(key) is served but not documented")
        }
        for (path, ops) in paths {
            for method in ops.keys {
                let served = h.router.routes.contains { r in
                    let p =
                        "/"
                        + r.path.description.split(separator: "/")
                        .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 == "**" ? "{path}" : String($0) }.joined(separator: "/")
                    return p == path && r.method.rawValue.lowercased() == method
                }
                #expect(served, "\(method.uppercased()) \(path) is documented but not served")
            }
        }
    }

    /// Found by schemathesis (scripts/test-fuzz.py): a portal page refuses a role with an HTML page, which the document
    /// did not allow for (its 4XX was the JSON error body only).
    @Test func aPortalPageRefusedIsAnHTMLPageAsTheDocumentSays() async throws {
        let h = try await Harness()
        try await h.run { c in
            let token = try await c.user("pat", ["probation"], region: "London")
            let r = try await c.call(.get, "/admin", token: token)
            #expect(r.status == .forbidden)
            #expect(r.headers[.contentType]?.hasPrefix("text/html") == true, "\(r.headers)")
        }
        let doc = try JSONSerialization.jsonObject(with: Data(OpenAPIDescription.json.utf8)) as! [String: Any]
        let admin = (doc["paths"] as! [String: [String: Any]])["/admin"]!["get"] as! [String: Any]
        let clientError = (admin["responses"] as! [String: Any])["4XX"] as! [String: Any]
        let content = clientError["content"] as! [String: Any]
        #expect(content["text/html"] != nil && content["application/json"] != nil)
    }
}
