import Foundation
import Hummingbird
import OpenEMCore
import Testing

/// An audited read names the classes of personal data it disclosed, as the data dictionary classes them.
@Suite struct AuditedPersonalDataTests {
    @Test func eachReadsAuditEntryNamesTheClassesOfPersonalDataItDisclosed() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.zoneEntry(forceArea: "MPS", region: "London")
            #expect(try await c.call(.get, "/api/v1/subjects/\(w.subjectId)", token: w.admin).status == .ok)
            let trail = "/api/v1/subjects/\(w.subjectId)/trail?from=2026-11-20T11:00:00Z&to=2026-11-20T12:00:00Z"
            #expect(try await c.call(.get, trail, token: w.admin).status == .ok)
            let gmp = try await c.user("po.gmp", ["police"], forceArea: "GMP")
            #expect(try await c.call(.get, "/api/v1/subjects/\(w.subjectId)", token: gmp).status == .forbidden)

            let entries = try await c.call(.get, "/api/v1/audit?limit=500", token: w.admin).json["items"].array
            func detail(_ action: String, _ type: String, outcome: String = "SUCCESS") -> String? {
                entries.last { $0["action"].string == action && $0["resourceType"].string == type && $0["outcome"].string == outcome }?[
                    "detail"
                ].string
            }
            // A wearer's record: names and numbers, date of birth and officer, and (through the addresses) where they live.
            #expect(detail("read", "subject")?.hasSuffix("personal=DIRECT_IDENTIFIER,QUASI_IDENTIFIER,LOCATION") == true, "\(entries)")
            // A trail is positions only: no alcohol readings, though a device message may carry them.
            #expect(detail("read", "trail")?.hasSuffix(" personal=LOCATION") == true)
            #expect(detail("read", "trail")?.contains("fixes=") == true, "the read's own detail is kept")
            // A refused read disclosed nothing.
            let refused = try #require(entries.last { $0["outcome"].string == "DENIED" || $0["outcome"].string == "FAILED" })
            #expect(refused["detail"].string?.contains("personal=") != true)
            // A change is logged with what changed, not as a disclosure.
            #expect(detail("create", "order")?.contains("personal=") == false)
        }
    }
}
