import Foundation
import Hummingbird
import Testing

@Suite struct OrderTests {
    @Test func orderWithCurfewAndExclusionZoneAsAPIShows() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let (sid, aid) = try await c.subjectWithCheckedAddress(admin)
            let r = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(subjectId: sid, conditions: [Fixtures.curfew(addressId: aid), Fixtures.exclusion()]))
            #expect(r.status == .created, "\(r.text)")
            #expect(r.json["version"].int == 1)
            #expect(r.json["status"].string == "ACTIVE")
            #expect(r.json["timeZone"].string == "Europe/London")
            #expect(r.json["conditions"][0]["type"].string == "curfew")
            #expect(r.json["conditions"][0]["timetable"][0]["from"].string == "19:00")
            #expect(r.json["conditions"][1]["geometry"]["type"].string == "Polygon")
            #expect(r.json["conditions"][1]["id"].string != nil)
            let id = try #require(r.json["id"].string)
            let got = try await c.call(.get, "/api/v1/orders/\(id)", token: admin)
            #expect(got.json["conditions"].count == 2)
            let list = try await c.call(.get, "/api/v1/orders?subjectId=\(sid)", token: admin)
            #expect(list.json["items"].count == 1)
        }
    }

    @Test func curfewNeedsARecordedAddressCheck() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let s = try await c.call(.post, "/api/v1/subjects", token: admin, json: Fixtures.subject())
            let sid = s.json["id"].string!, aid = s.json["addresses"][0]["id"].string!
            let r = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(subjectId: sid, conditions: [Fixtures.curfew(addressId: aid)]))
            #expect(r.status == .unprocessableContent)
            #expect(r.json["error"]["details"].array.contains { $0["code"].string == "ADDRESS_CHECK_REQUIRED" })
            // An unsuitable finding does not clear it either.
            _ = try await c.call(
                .post, "/api/v1/subjects/\(sid)/address-checks", token: admin,
                json: [
                    "addressId": aid, "domesticAbuseCheck": true, "safeguardingCheck": true, "outcome": "UNSUITABLE",
                ])
            let again = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(subjectId: sid, conditions: [Fixtures.curfew(addressId: aid)]))
            #expect(again.status == .unprocessableContent)
            _ = try await c.call(
                .post, "/api/v1/subjects/\(sid)/address-checks", token: admin,
                json: [
                    "addressId": aid, "domesticAbuseCheck": true, "safeguardingCheck": true, "outcome": "SUITABLE",
                ])
            let ok = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(subjectId: sid, conditions: [Fixtures.curfew(addressId: aid)]))
            #expect(ok.status == .created, "\(ok.text)")
        }
    }

    @Test func variationCreatesANewVersionAndKeepsTheOld() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let (sid, aid) = try await c.subjectWithCheckedAddress(admin)
            let r = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(subjectId: sid, conditions: [Fixtures.curfew(addressId: aid)]))
            let id = r.json["id"].string!
            let v = try await c.call(
                .post, "/api/v1/orders/\(id)/variations", token: admin,
                json: ["conditions": [Fixtures.exclusion()], "reason": "curfew lifted by court"])
            #expect(v.status == .created, "\(v.text)")
            #expect(v.json["version"].int == 2)
            #expect(v.json["conditions"][0]["type"].string == "exclusionZone")
            let old = try await c.call(.get, "/api/v1/orders/\(id)?version=1", token: admin)
            #expect(old.json["conditions"][0]["type"].string == "curfew")
            let versions = try await c.call(.get, "/api/v1/orders/\(id)/versions", token: admin)
            #expect(versions.json["items"].count == 2)
            let ended = try await c.call(.post, "/api/v1/orders/\(id)/end", token: admin, json: ["reason": "order complete"])
            #expect(ended.json["status"].string == "ENDED")
            #expect(ended.json["version"].int == 3)
            let late = try await c.call(.post, "/api/v1/orders/\(id)/variations", token: admin, json: ["conditions": []])
            #expect(late.status == .conflict)
        }
    }

    @Test func geometryAndTimetableProblemsAreNamed() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let (sid, aid) = try await c.subjectWithCheckedAddress(admin)
            func problems(_ conditions: [[String: Any]]) async throws -> [String] {
                let r = try await c.call(.post, "/api/v1/orders", token: admin, json: Fixtures.order(subjectId: sid, conditions: conditions))
                #expect(r.status == .unprocessableContent, "\(r.text)")
                return r.json["error"]["details"].array.compactMap { $0["code"].string }
            }
            let open: [String: Any] = ["type": "Polygon", "coordinates": [[[-0.13, 51.51], [-0.12, 51.51], [-0.12, 51.515], [-0.13, 51.515]]]]
            #expect(try await problems([["type": "exclusionZone", "name": "a", "geometry": open]]).contains("RING_NOT_CLOSED"))
            let bowtie: [String: Any] = [
                "type": "Polygon", "coordinates": [[[-0.13, 51.51], [-0.12, 51.515], [-0.12, 51.51], [-0.13, 51.515], [-0.13, 51.51]]],
            ]
            #expect(try await problems([["type": "exclusionZone", "name": "b", "geometry": bowtie]]).contains("SELF_INTERSECTION"))
            let far: [String: Any] = ["type": "Polygon", "coordinates": [[[-0.13, 91], [-0.12, 51.51], [-0.12, 51.515], [-0.13, 91]]]]
            #expect(try await problems([["type": "exclusionZone", "name": "c", "geometry": far]]).contains("COORDINATE_OUT_OF_RANGE"))
            let circle: [String: Any] = ["type": "Point", "coordinates": [-0.13, 51.51]]
            #expect(
                try await problems([["type": "exclusionZone", "name": "d", "geometry": circle, "radiusMetres": 1]]).contains("RADIUS_OUT_OF_RANGE"))
            let overlapping: [String: Any] = [
                "type": "curfew", "addressId": aid,
                "timetable": [
                    ["days": ["MON"], "from": "19:00", "to": "07:00"], ["days": ["TUE"], "from": "06:00", "to": "08:00"],
                ],
            ]
            #expect(try await problems([overlapping]).contains("OVERLAPPING_WINDOWS"))
            let badTime = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(
                    subjectId: sid,
                    conditions: [
                        ["type": "curfew", "addressId": aid, "timetable": [["days": ["MON"], "from": "25:00", "to": "07:00"]]]
                    ]))
            #expect(badTime.status == .badRequest)
            #expect(badTime.json["error"]["message"].string?.contains("HH:mm") == true)
            let badDay = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(
                    subjectId: sid,
                    conditions: [
                        ["type": "curfew", "addressId": aid, "timetable": [["days": ["FUNDAY"], "from": "19:00", "to": "07:00"]]]
                    ]))
            #expect(badDay.status == .badRequest)
        }
    }

    @Test func licenceProjectsAreLimitedTo12MonthsWithReviews() async throws {
        let h = try await Harness()
        try await h.run { c in
            let admin = try await c.adminToken()
            let (sid, _) = try await c.subjectWithCheckedAddress(admin)
            let tooLong = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(
                    subjectId: sid, conditions: [["type": "trail"]], orderType: "POST_RELEASE", cohort: "ACQUISITIVE_CRIME",
                    start: "2026-11-21", end: "2027-12-01"))
            #expect(tooLong.status == .unprocessableContent)
            #expect(tooLong.json["error"]["details"][0]["code"].string == "TOO_LONG")
            let noEnd = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(
                    subjectId: sid, conditions: [["type": "trail"]], orderType: "POST_RELEASE", cohort: "ALCOHOL",
                    start: "2026-11-21", end: nil))
            #expect(noEnd.json["error"]["details"][0]["code"].string == "END_DATE_REQUIRED")
            let ok = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(
                    subjectId: sid, conditions: [["type": "trail"]], orderType: "POST_RELEASE", cohort: "ACQUISITIVE_CRIME",
                    start: "2026-09-01", end: "2027-08-31"))
            #expect(ok.status == .created, "\(ok.text)")
            #expect(ok.json["nextReviewDate"].string == "2026-12-01")
            // Bail orders have no such limit and no automatic review.
            let bail = try await c.call(
                .post, "/api/v1/orders", token: admin,
                json: Fixtures.order(
                    subjectId: sid, conditions: [["type": "trail"]], start: "2026-11-21", end: "2028-11-21"))
            #expect(bail.status == .created)
            let due = try await c.call(.get, "/api/v1/reviews/due", token: admin)
            #expect(due.json["items"].array.map { $0["orderId"].string } == [ok.json["id"].string])
            let reviewed = try await c.call(.post, "/api/v1/orders/\(ok.json["id"].string!)/reviews", token: admin, json: [:] as [String: Any])
            #expect(reviewed.json["nextReviewDate"].string == "2027-02-20")
            #expect(try await c.call(.get, "/api/v1/reviews/due", token: admin).json["items"].count == 0)
        }
    }
}
