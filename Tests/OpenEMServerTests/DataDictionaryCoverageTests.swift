import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import OpenEMCore
import OpenEMServer
import Testing

@testable import OpenEMServer

/// The data dictionary against the real API: every key of every resource's responses must be defined, so a field
/// added to a response and not to `DataDictionary` fails here, naming `entity.key`.
@Suite struct DataDictionaryCoverageTests {
    /// Entities the run below cannot reach through the API without weakening it. Add one only with why.
    /// `extractRow` is the extract's CSV layout, not JSON: ExtractTests reads the CSV's header and rows against it.
    static let notExercised: Set<String> = ["extractRow"]
    /// API routes whose answer is not a JSON resource: no body, the metrics text, the OpenAPI document itself, the
    /// same handler as a route read here.
    static let notJSON: Set<String> = [
        "POST /auth/revoke", "GET /metrics", "GET /openapi.json", "POST /osmand",
        "GET /extracts/{id}/data.csv", "POST /subjects/{id}/access-request",
    ]

    @Test func everyKeyTheAPIReturnsIsDefinedInTheDictionary() async throws {
        let h = try await Harness { $0.trustForwardedFor = true }
        // Every API route that answers with a resource is read below: a new route must be added here.
        let apiRoutes = h.router.routes.compactMap { r -> String? in
            let path = r.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            let api =
                path.starts(with: ["api", "v1"])
                ? Array(path.dropFirst(2)) : path.count == 1 && ["health", "osmand", "metrics", "openapi.json"].contains(path[0]) ? path : nil
            return api.map { "\(r.method) /\($0.joined(separator: "/"))" }
        }
        try await h.run { c in
            var walk = DictionaryWalk()
            var routesRead: Set<String> = []
            func read(_ label: String, _ r: Reply, _ shape: DictionaryWalk.Shape) {
                #expect((200..<300).contains(r.status.code), "\(label): \(r.status.code) \(r.text.prefix(300))")
                walk.read(r.json.value, as: shape, from: label)
                routesRead.insert(label)
            }
            let admin = try await c.adminToken()

            // Users and signing in.
            let token = try await c.call(.post, "/api/v1/auth/token", json: ["username": "admin", "password": Harness.Client.adminPassword])
            read("POST /auth/token", token, .entity("token"))
            let newUser = try await c.call(
                .post, "/api/v1/users", token: admin,
                json: ["username": "po.met", "password": "password-po.met", "roles": ["police"], "forceArea": "MPS"])
            read("POST /users", newUser, .entity("user"))
            let police = try await c.login("po.met", "password-po.met")
            let centre = try await c.user("mo.one", ["monitoring_officer"])
            let crimeAnalyst = try await c.user("ca.met", ["crime_analyst"], forceArea: "MPS")
            read("GET /users", try await c.call(.get, "/api/v1/users", token: admin), .page("user"))
            read("GET /users/me", try await c.call(.get, "/api/v1/users/me", token: police), .entity("user"))

            // A wearer who enters an exclusion zone: subject, address, order, condition, device, installation,
            // telemetry, violation, alert.
            let w = try await c.zoneEntry(forceArea: "MPS", region: "London")
            read("GET /subjects", try await c.call(.get, "/api/v1/subjects", token: admin), .page("subject"))
            read("GET /subjects/{id}", try await c.call(.get, "/api/v1/subjects/\(w.subjectId)", token: admin), .entity("subject"))
            let subject = try await c.call(.get, "/api/v1/subjects/\(w.subjectId)", token: admin)
            let addressId = try #require(subject.json["addresses"][0]["id"].string)
            let check = try await c.call(
                .post, "/api/v1/subjects/\(w.subjectId)/address-checks", token: admin,
                json: [
                    "addressId": addressId, "domesticAbuseCheck": true, "safeguardingCheck": true, "outcome": "SUITABLE",
                    "note": "Checked with the police domestic abuse unit",
                ])
            read("POST /subjects/{id}/address-checks", check, .entity("addressCheck"))
            read(
                "GET /subjects/{id}/address-checks", try await c.call(.get, "/api/v1/subjects/\(w.subjectId)/address-checks", token: admin),
                .page("addressCheck"))

            // An order with every kind of condition, so every condition field is returned once.
            let other = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject(lastName: "Jones"))
            read("POST /subjects", other, .entity("subject"))
            let otherId = try #require(other.json["id"].string)
            let phone = try await c.call(.post, "/api/v1/devices", token: admin, json: ["serial": "PHONE-DD-1", "type": "VICTIM_PHONE"])
            read("POST /devices", phone, .entity("device"))
            let phoneId = try #require(phone.json["id"].string), phoneKey = try #require(phone.json["key"].string)
            let conditions: [[String: Any]] = [
                Fixtures.curfew(addressId: addressId),
                [
                    "type": "exclusionZone", "name": "Victim's street", "geometry": Fixtures.squareZone, "bufferMetres": 10,
                    "schedule": [["days": ["SAT", "SUN"], "from": "10:00", "to": "18:00"]],
                ],
                [
                    "type": "inclusionZone", "name": "Home town", "geometry": ["type": "Point", "coordinates": [-0.1246, 51.5007]],
                    "radiusMetres": 5000,
                ],
                ["type": "trail", "start": "2026-11-21T00:00:00Z", "end": "2027-01-01T00:00:00Z"],
                ["type": "alcohol", "mode": "LIMIT", "limitTac": 0.02],
                [
                    "type": "attendance", "location": ["lat": 51.5, "lon": -0.12], "radiusMetres": 100, "graceMinutes": 10,
                    "appointments": [["start": "2026-11-25T10:00:00Z", "end": "2026-11-25T11:00:00Z"]],
                ],
                ["type": "nonAssociation", "otherSubjectId": otherId, "distanceMetres": 200],
                ["type": "victimProximity", "victimDeviceId": phoneId, "warnMetres": 2000, "breachMetres": 500],
            ]
            var orderBody = Fixtures.order(subjectId: w.subjectId, conditions: conditions, cohort: "ALCOHOL")
            orderBody["nextReviewDate"] = "2026-11-27"
            let order = try await c.call(.post, "/api/v1/orders", token: admin, json: orderBody)
            read("POST /orders", order, .entity("order"))
            let orderId = try #require(order.json["id"].string)
            read("GET /orders", try await c.call(.get, "/api/v1/orders?subjectId=\(w.subjectId)", token: admin), .page("order"))
            read("GET /orders/{id}", try await c.call(.get, "/api/v1/orders/\(orderId)", token: admin), .entity("order"))
            let variation = try await c.call(
                .post, "/api/v1/orders/\(orderId)/variations", token: admin,
                json: ["conditions": conditions, "nextReviewDate": "2026-11-28", "reason": "Curfew hours changed by the court"])
            read("POST /orders/{id}/variations", variation, .entity("order"))
            read("GET /orders/{id}/versions", try await c.call(.get, "/api/v1/orders/\(orderId)/versions", token: admin), .page("order"))
            read("GET /reviews/due", try await c.call(.get, "/api/v1/reviews/due", token: admin), .page("reviewDue"))
            read(
                "POST /orders/{id}/reviews", try await c.call(.post, "/api/v1/orders/\(orderId)/reviews", token: admin, json: [:]), .entity("order"))
            read(
                "POST /orders/{id}/end",
                try await c.call(.post, "/api/v1/orders/\(orderId)/end", token: admin, json: ["reason": "Revoked by the court"]),
                .entity("order"))

            // Devices and fitting.
            read("GET /devices", try await c.call(.get, "/api/v1/devices", token: admin), .page("device"))
            read("GET /devices/{id}", try await c.call(.get, "/api/v1/devices/\(w.deviceId)", token: admin), .entity("device"))
            read(
                "GET /devices/{id}/installations", try await c.call(.get, "/api/v1/devices/\(w.deviceId)/installations", token: admin),
                .page("installation"))
            let fitted = try await c.call(.get, "/api/v1/orders/\(w.orderId)/installations", token: admin)
            read("GET /orders/{id}/installations", fitted, .page("installation"))
            let installationId = try #require(fitted.json["items"][0]["id"].string)
            read("GET /installations/{id}", try await c.call(.get, "/api/v1/installations/\(installationId)", token: admin), .entity("installation"))

            // Telemetry in: a tag's upload (one item refused) and a phone over OsmAnd.
            let upload = try await c.send(
                w,
                [
                    ["seq": 100, "type": "battery", "time": "2026-11-20T11:54:00Z", "levelPercent": 80, "charging": false],
                    ["seq": 101, "type": "position", "time": "2026-11-20T11:55:00Z", "lat": 95.0, "lon": -0.12, "accuracyMetres": 8],
                ])
            read("POST /telemetry", upload, .entity("telemetryResult"))
            let osmand = try await c.call(
                .get, "/osmand?id=\(phoneKey)&lat=51.5123&lon=-0.1245&timestamp=1763639400&accuracy=12.5&batt=64&charge=true&bogus=1")
            read("GET /osmand", osmand, .entity("osmAndResult"))
            let trail = try await c.call(
                .get, "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-20T11:00:00Z&to=2026-11-20T12:00:00Z", token: admin)
            read("GET /subjects/{id}/trail", trail, .featureCollection(features: "telemetry", collection: nil))

            // What the rules found, and handling it.
            let violations = try await c.call(.get, "/api/v1/violations?subjectId=\(w.subjectId)", token: admin)
            read("GET /violations", violations, .page("violation"))
            let violationId = try #require(violations.json["items"][0]["id"].string)
            read("GET /violations/{id}", try await c.call(.get, "/api/v1/violations/\(violationId)", token: admin), .entity("violation"))

            // What the officer decided, and the case that enforces it: violation outcome, enforcement case and step.
            let manager = try await c.user("om.dd", ["order_manager"])
            let outcome = try await c.call(
                .post, "/api/v1/violations/\(violationId)/outcome", token: manager, json: ["outcome": "NO_EXCUSE", "note": "None given"])
            read("POST /violations/{id}/outcome", outcome, .entity("violation"))
            let opened = try await c.call(
                .post, "/api/v1/enforcement-cases", token: manager, json: ["subjectId": w.subjectId, "violationIds": [violationId]])
            read("POST /enforcement-cases", opened, .entity("enforcementCase"))
            let caseId = try #require(opened.json["id"].string)
            let step = try await c.call(
                .post, "/api/v1/enforcement-cases/\(caseId)/steps", token: manager, json: ["step": "WARNING_LETTER", "note": "Sent by post"])
            read("POST /enforcement-cases/{id}/steps", step, .entity("enforcementCase"))
            read(
                "GET /enforcement-cases", try await c.call(.get, "/api/v1/enforcement-cases?subjectId=\(w.subjectId)", token: manager),
                .page("enforcementCase"))
            read(
                "GET /enforcement-cases/{id}", try await c.call(.get, "/api/v1/enforcement-cases/\(caseId)", token: manager),
                .entity("enforcementCase"))
            let alerts = try await c.call(.get, "/api/v1/alerts", token: centre)
            read("GET /alerts", alerts, .page("alert"))
            let alertId = try #require(alerts.json["items"][0]["id"].string)
            read("GET /alerts/{id}", try await c.call(.get, "/api/v1/alerts/\(alertId)", token: centre), .entity("alert"))
            read(
                "POST /alerts/{id}/acknowledge", try await c.call(.post, "/api/v1/alerts/\(alertId)/acknowledge", token: centre, json: [:]),
                .entity("alert"))
            let decision = try await c.call(
                .post, "/api/v1/alerts/\(alertId)/decision", token: centre, json: ["decision": "WARN", "note": "Spoke to the wearer"])
            read("POST /alerts/{id}/decision", decision, .entity("alert"))
            read("POST /alerts/{id}/close", try await c.call(.post, "/api/v1/alerts/\(alertId)/close", token: centre, json: [:]), .entity("alert"))
            // The live stream and a webhook delivery carry the alert too.
            let stream = try await c.stream(centre, after: 0, count: 1)
            #expect(stream.count == 1)
            for event in stream { walk.read(event.alert.value, as: .entity("alert"), from: "GET /alerts/stream") }
            routesRead.insert("GET /alerts/stream")
            let stored = try #require(try await c.store.alert(id: alertId))
            let subscription = WebhookSubscription(
                url: "http://127.0.0.1:9/hook", secret: "s", forceArea: nil, minSeverity: nil, createdBy: "admin", createdAt: c.clock.read(),
                cursor: 0)
            let delivery = try WebhookDispatcher.body(
                OutboxEvent(id: 7, topic: AlertTopic.alert, payload: Data(), createdAt: c.clock.read()), stored, subscription)
            walk.read(try JSONSerialization.jsonObject(with: delivery), as: .entity("webhookDelivery"), from: "webhook delivery")
            let webhook = try await c.call(
                .post, "/api/v1/webhooks", token: centre,
                json: ["url": "http://127.0.0.1:9/hook", "secret": "a-long-shared-secret", "forceArea": "MPS", "minSeverity": "HIGH"])
            read("POST /webhooks", webhook, .entity("webhook"))
            read("GET /webhooks", try await c.call(.get, "/api/v1/webhooks", token: centre), .page("webhook"))

            // Crime matching, evidence and area search (the wearer crossed 51.5125, -0.125 at 11:51-11:53).
            let csv =
                "Metropolitan,RB,Robbery,MPS20261120,01/1/26,20261120114500,20261120120000,,,51.51250,-0.12500,WGS84,\"Phone snatched\"\n"
                + "Metropolitan,XYZ,Unknown,MPS20261120,01/3/26,20261120080000,20261120090000,,,51.5,-0.1,WGS84,bad type\n"
            let batch = try await c.call(.post, "/api/v1/crime-batches", token: crimeAnalyst, body: csv, contentType: "text/csv")
            read("POST /crime-batches", batch, .entity("crimeBatch"))
            let batchId = try #require(batch.json["id"].string)
            read("GET /crime-batches/{id}", try await c.call(.get, "/api/v1/crime-batches/\(batchId)", token: crimeAnalyst), .entity("crimeBatch"))
            let matches = try await c.call(.get, "/api/v1/crime-batches/\(batchId)/matches", token: crimeAnalyst)
            read("GET /crime-batches/{id}/matches", matches, .entity("crimeBatchMatches"))
            #expect(matches.json["crimes"][0]["matches"].count == 1, "the wearer is matched: \(matches.text.prefix(300))")
            let crimeId = try #require(matches.json["crimes"][0]["crimeId"].string)
            let evidence = try await c.call(
                .get, "/api/v1/crimes/\(crimeId)/evidence?subjectId=\(w.subjectId)&format=geojson", token: crimeAnalyst)
            read("GET /crimes/{id}/evidence", evidence, .featureCollection(features: "evidenceFeature", collection: "crimeEvidence"))
            let search = try await c.call(
                .post, "/api/v1/searches/area", token: police,
                json: [
                    "center": ["lat": 51.5125, "lon": -0.125], "radiusMetres": 100, "from": "2026-11-20T11:45:00Z",
                    "to": "2026-11-20T12:00:00Z", "purpose": "Robbery investigation", "reference": "01/1/26",
                ])
            read("POST /searches/area", search, .entity("areaSearch"))
            #expect(search.json["results"].count == 1, "\(search.text.prefix(300))")

            // Statistics, audit, operations, the dictionary itself and an error.
            let analyst = try await c.user("an.one", ["analyst"])
            read("GET /stats/caseload", try await c.call(.get, "/api/v1/stats/caseload", token: analyst), .entity("caseloadStatistics"))
            read("GET /stats/compliance", try await c.call(.get, "/api/v1/stats/compliance", token: analyst), .entity("complianceStatistics"))
            read("GET /stats/alcohol", try await c.call(.get, "/api/v1/stats/alcohol", token: analyst), .entity("alcoholStatistics"))
            read("GET /stats/alerts", try await c.call(.get, "/api/v1/stats/alerts", token: analyst), .entity("alertStatistics"))
            read("GET /stats/devices", try await c.call(.get, "/api/v1/stats/devices", token: analyst), .entity("deviceStatistics"))
            read("GET /stats/monthly", try await c.call(.get, "/api/v1/stats/monthly", token: analyst), .entity("monthlyStatistics"))
            read("GET /stats/service", try await c.call(.get, "/api/v1/stats/service", token: analyst), .entity("serviceStatistics"))
            read("GET /stats/outcomes", try await c.call(.get, "/api/v1/stats/outcomes", token: analyst), .entity("alertOutcomes"))
            read("GET /stats/courts", try await c.call(.get, "/api/v1/stats/courts", token: analyst), .entity("courtUse"))
            read("GET /stats/benefits", try await c.call(.get, "/api/v1/stats/benefits", token: analyst), .entity("benefits"))
            read("GET /data-dictionary", try await c.call(.get, "/api/v1/data-dictionary", token: analyst), .entity("dataDictionary"))
            let clock = c.clock
            try await DataQualitySnapshots(store: c.store, clock: { clock.read() }, logger: Logger(label: "test")).takeSnapshot()
            read("GET /data-quality", try await c.call(.get, "/api/v1/data-quality", token: admin), .entity("dataQuality"))
            read(
                "GET /data-quality/history", try await c.call(.get, "/api/v1/data-quality/history", token: analyst),
                .entity("dataQualityHistory"))
            let project = try await c.call(
                .post, "/api/v1/extract-projects", token: admin, json: ["name": "Coverage", "purpose": "Every key defined"])
            read("POST /extract-projects", project, .entity("extractProject"))
            read("GET /extract-projects", try await c.call(.get, "/api/v1/extract-projects", token: analyst), .page("extractProject"))
            let extract = try await c.call(
                .post, "/api/v1/extracts", token: analyst,
                json: ["projectId": project.json["id"].string ?? "", "purpose": "Coverage", "from": "2026-11-01", "to": "2026-11-30"])
            read("POST /extracts", extract, .entity("extract"))
            read(
                "GET /extracts/{id}", try await c.call(.get, "/api/v1/extracts/\(extract.json["id"].string ?? "")", token: analyst),
                .entity("extract"))
            read("GET /retention", try await c.call(.get, "/api/v1/retention", token: admin), .entity("retentionSchedule"))
            read(
                "PUT /retention",
                try await c.call(.put, "/api/v1/retention", token: admin, json: ["classes": [["retentionClass": "LOCATION", "keep": "P18M"]]]),
                .entity("retentionSchedule"))
            let hold = try await c.call(
                .post, "/api/v1/legal-holds", token: police,
                json: ["subjectId": w.subjectId, "reason": "Operation Coverage", "reviewDate": "2027-06-01"])
            read("POST /legal-holds", hold, .entity("legalHold"))
            read("GET /legal-holds", try await c.call(.get, "/api/v1/legal-holds", token: police), .page("legalHold"))
            read(
                "POST /legal-holds/{id}/release",
                try await c.call(
                    .post, "/api/v1/legal-holds/\(hold.json["id"].string ?? "")/release", token: admin, json: ["reason": "Case closed"]),
                .entity("legalHold"))
            read("GET /audit", try await c.call(.get, "/api/v1/audit?limit=500", token: admin), .page("auditEntry"))
            read("GET /audit/verify", try await c.call(.get, "/api/v1/audit/verify", token: admin), .entity("auditVerification"))
            read("GET /health", try await c.call(.get, "/health"), .entity("health"))
            let refused = try await c.call(.get, "/api/v1/data-dictionary?format=xml", token: analyst)
            #expect(refused.status == .badRequest)
            walk.read(refused.json.value, as: .entity("error"), from: "GET /data-dictionary?format=xml")
            let invalid = try await c.call(.post, "/api/v1/users", token: admin, json: ["username": "x", "password": "short", "roles": ["nobody"]])
            #expect(invalid.status.code / 100 == 4)
            walk.read(invalid.json.value, as: .entity("error"), from: "POST /users (invalid)")

            let spare = try await c.call(.post, "/api/v1/devices", token: admin, json: ["serial": "RF-DD-1", "type": "RF_HOME_UNIT"])
            let fitting = try await c.call(
                .post, "/api/v1/orders/\(w.orderId)/installations", token: admin,
                json: ["deviceId": try #require(spare.json["id"].string), "installedAt": "2026-11-20T11:55:00Z"])
            read("POST /orders/{id}/installations", fitting, .entity("installation"))
            let removal = try await c.call(
                .post, "/api/v1/installations/\(try #require(fitting.json["id"].string))/removal", token: admin,
                json: ["removedAt": "2026-11-20T12:00:00Z"])
            read("POST /installations/{id}/removal", removal, .entity("installation"))

            // Last, as it locks a client out: a sign-in lock.
            for _ in 0..<6 { _ = try await LoginThrottleTests.attempt(c, "po.met", "wrong-password", from: "198.51.100.7") }
            read("GET /auth/locks", try await c.call(.get, "/api/v1/auth/locks", token: admin), .page("signInLock"))
            // And a forecast, which needs three full months of history: a hundred days on.
            c.clock.advance(100 * 86_400)
            let later = try await c.login("an.one", "password-an.one")
            let forecast = try await c.call(.get, "/api/v1/stats/forecast", token: later)
            read("GET /stats/forecast", forecast, .entity("caseloadForecast"))
            #expect(forecast.json["months"].count == 12, "\(forecast.text.prefix(300))")

            #expect(walk.undefined.isEmpty, "keys the API returns that DataDictionary does not define: \(walk.undefined.sorted { $0.key < $1.key })")
            #expect(walk.mismatched.isEmpty, "values unlike their dictionary entry: \(walk.mismatched.sorted { $0.key < $1.key })")
            let missed = Set(apiRoutes).subtracting(routesRead).subtracting(Self.notJSON)
            #expect(missed.sorted() == [], "API routes whose responses this test does not read")
            let unread = Set(DataDictionary.entities.map(\.name)).subtracting(walk.entitiesSeen).subtracting(Self.notExercised)
            #expect(unread.isEmpty, "entities no response was read as: \(unread.sorted())")
        }
    }
}
