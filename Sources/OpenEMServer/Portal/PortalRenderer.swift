import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import OpenEMCore

/// Renders portal pages: a page template inside the layout, with navigation for what the user's role may do.
struct PortalRenderer: Sendable {
    let library: MustacheLibrary

    init() {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in PortalTemplates.all {
            // The templates are part of the program; a syntax error in one is a bug caught by every test run.
            templates[name] = try! MustacheTemplate(string: text)
        }
        library = MustacheLibrary(templates: templates)
    }

    static func navigation(for user: User) -> [[String: Any]] {
        let access = Access(user)
        var items: [[String: Any]] = []
        if access.seesAlerts { items.append(["href": "/alerts", "label": "Alert queue"]) }
        if (try? access.subjectScope()) != nil { items.append(["href": "/caseload", "label": "Caseload"]) }
        if PortalWorkPages.mayMatchCrimes(user) { items.append(["href": "/crime", "label": "Crime matching"]) }
        if PortalWorkPages.maySearchAreas(user) { items.append(["href": "/search", "label": "Area search"]) }
        items.append(["href": "/dashboards", "label": "Dashboards"])
        if user.has(.admin) { items.append(["href": "/admin", "label": "Admin"]) }
        return items
    }

    /// JSON for a page's script, safe inside a `<script>` element.
    static func scriptJSON(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encoder().encode(value), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// A page the user's role may not use: 403, a plain reason, and the navigation still there.
    func refused(_ user: User, csrf: String, why: String) -> Response {
        var r = page("refused", title: "Not available", user: user, csrf: csrf, data: ["why": why])
        r.status = .forbidden
        return r
    }

    func page(_ name: String, title: String, user: User?, csrf: String, data: [String: Any]) -> Response {
        var context = data
        context["csrf"] = csrf
        let body = library.render(context, withTemplate: name) ?? ""
        var layout: [String: Any] = ["title": title, "body": body, "csrf": csrf, "map": (data["map"] as? Bool) ?? false,
                                      "charts": (data["charts"] as? Bool) ?? false]
        if let user {
            var nav = Self.navigation(for: user)
            for i in nav.indices { nav[i]["current"] = (nav[i]["label"] as? String) == title }
            layout["user"] = ["username": user.username, "roles": user.roles.map(\.rawValue).joined(separator: ", "),
                              "nav": nav]
        }
        let html = library.render(layout, withTemplate: "layout") ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
