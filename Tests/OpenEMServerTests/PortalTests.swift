import Foundation
import Hummingbird
import OpenEMCore
import Testing

@testable import OpenEMServer

@Suite struct PortalTests {
    @Test func everyTemplateCompilesAndABrokenOneStopsTheStartNamingIt() throws {
        _ = try PortalRenderer()
        #expect(
            Set(PortalRenderer.templateTexts.keys) == [
                "layout", "time", "login", "refused", "alerts", "caseload", "person",
                "dashboards", "crime", "search", "admin", "order", "dataquality", "data-dictionary",
            ])
        var broken = PortalRenderer.templateTexts
        broken["alerts"] = "<h1>{{#alerts}}never closed</h1>"
        let error = #expect(throws: PortalRenderer.BrokenTemplate.self) { try PortalRenderer(templates: broken) }
        #expect(error?.name == "alerts")
    }

    @Test func instantsReadAsUKLocalTimeWithHowLongAgo() {
        let winter = PortalClock(now: ISOTime.parse("2026-12-02T04:54:10Z")!)
        #expect(winter.words(ISOTime.parse("2026-12-02T04:51:00.034Z")!) == "04:51 today (3 min ago)")
        #expect(winter.words(ISOTime.parse("2026-12-01T22:10:00Z")!) == "22:10 yesterday (7 h ago)")
        #expect(winter.words(ISOTime.parse("2026-12-02T05:30:00Z")!) == "05:30 today (in 35 min)")
        #expect(winter.words(ISOTime.parse("2026-11-23T09:00:00Z")!) == "09:00 Mon 23 Nov")
        #expect(winter.words(ISOTime.parse("2025-01-03T09:00:00Z")!) == "09:00 3 Jan 2025")
        // British Summer Time: an hour ahead of UTC, and the day turns at local midnight.
        let summer = PortalClock(now: ISOTime.parse("2026-07-01T23:30:00Z")!)
        #expect(summer.words(ISOTime.parse("2026-07-01T23:20:00Z")!) == "00:20 today (10 min ago)")
        #expect(summer.date("2026-07-01") == "1 Jul 2026")
    }

    /// The visible words of a page: no scripts' data, no tags or attributes (where codes and ISO instants belong).
    static func visibleText(_ html: String) -> String {
        html.replacingOccurrences(of: "<script[^>]*>[\\s\\S]*?</script>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
    }

    @Test func everyPageRendersForEveryRoleInPlainWords() async throws {
        let h = try await Harness()
        try await h.run { c in
            let w = try await c.zoneEntry(forceArea: "MPS", region: "London", cohort: "DOMESTIC_ABUSE")
            let users: [(String, String?, String?)] = [
                ("admin", nil, nil), ("order_manager", nil, nil), ("monitoring_officer", nil, nil), ("probation", nil, "London"),
                ("police", "MPS", nil), ("crime_analyst", "MPS", nil), ("analyst", nil, nil),
            ]
            let pages = [
                "/alerts", "/caseload", "/people/\(w.subjectId)", "/dashboards", "/crime", "/search", "/admin",
                "/orders/new?subjectId=\(w.subjectId)", "/orders/\(w.orderId)/vary", "/data-dictionary", "/data-quality",
            ]
            // What each role is offered, as a person at the monitoring centre would describe it.
            let opens: [String: Set<String>] = [
                "admin": ["/caseload", "/people", "/dashboards", "/crime", "/search", "/admin", "/orders", "/data-dictionary", "/data-quality"],
                "order_manager": ["/caseload", "/people", "/dashboards", "/orders", "/data-dictionary"],
                "monitoring_officer": ["/alerts", "/caseload", "/people", "/dashboards", "/search", "/data-dictionary"],
                "probation": ["/alerts", "/caseload", "/people", "/dashboards", "/data-dictionary"],
                "police": ["/alerts", "/caseload", "/people", "/dashboards", "/crime", "/search", "/data-dictionary"],
                "crime_analyst": ["/caseload", "/people", "/dashboards", "/crime", "/search", "/data-dictionary"],
                "analyst": ["/dashboards", "/data-dictionary", "/data-quality"],
            ]
            for (role, force, region) in users {
                let token = try await c.user("u.\(role)", [role], forceArea: force, region: region)
                for page in pages {
                    let r = try await c.call(.get, page, token: token)
                    let key = "/" + (page.split(separator: "/").first.map(String.init) ?? "")
                    let shouldOpen = opens[role]!.contains(key.components(separatedBy: "?")[0])
                    #expect((r.status == .ok) == shouldOpen, "\(role) \(page): \(r.status)")
                    guard r.status == .ok else { continue }
                    let text = Self.visibleText(r.text)
                    #expect(!r.text.contains("{{") && r.text.contains("</html>"), "\(role) \(page) renders whole")
                    // The data dictionary is where codes are explained: each is shown after its words.
                    for code in ["EXCLUSION_ZONE_ENTRY", "DOMESTIC_ABUSE", "CRITICAL", "BAIL", "ACTIVE", "OPEN", "GPS_TAG"] {
                        let shown = page == "/data-dictionary" ? text.replacingOccurrences(of: "(\(code))", with: "") : text
                        // A code on its own, not a part of a longer one (ACTIVE in ACTIVE_ORDER_WITHOUT_OFFICER).
                        let alone = shown.range(of: "(?<![A-Z_])\(code)(?![A-Z_])", options: .regularExpression) != nil
                        #expect(!alone, "\(role) \(page) shows the code \(code) without its words")
                    }
                    #expect(text.contains("(\(DisplayNames.of(Role(rawValue: role)!)))"), "\(role) \(page) names the role in words")
                    #expect(
                        text.range(of: "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d", options: .regularExpression) == nil,
                        "\(role) \(page) shows an ISO instant")
                }
            }
            let signIn = try await c.call(.get, "/login")
            #expect(signIn.status == .ok && signIn.text.contains("<h1>Sign in</h1>") && signIn.text.contains("</html>"))
            let probation = try await c.login("u.probation", "password-u.probation")
            let refused = try await c.call(.get, "/crime", token: probation)
            #expect(
                refused.status == .forbidden && refused.text.contains("<h1>Not available</h1>")
                    && refused.text.contains("Crime matching is for police and crime analysts."), "the refusal is a page, with a reason")
            let police = try await c.login("u.police", "password-u.police")
            let queue = Self.visibleText(try await c.call(.get, "/alerts", token: police).text)
            #expect(queue.contains("Exclusion zone entry") && queue.contains("Critical") && queue.contains("today ("), "\(queue)")
            let person = try await c.call(.get, "/people/\(w.subjectId)", token: police).text
            #expect(person.contains("<time datetime=\"2026-11-20T11:5") && person.contains("title=\"2026-11-20T11:5"))
            #expect(Self.visibleText(person).contains("Order: Bail (Domestic abuse), version 1, active"))
            #expect(person.contains("\"EXCLUSION_ZONE_ENTRY\":\"Exclusion zone entry\""), "the scripts get the same words")
        }
    }
}
