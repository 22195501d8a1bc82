import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import OpenEMCore

/// A portal page's data: the template in `Resources/templates` it fills, and what the layout needs to know.
protocol PortalPage: Sendable {
    /// The template's file name without `.mustache`.
    static var template: String { get }
    var title: String { get }
    /// Loads Leaflet.
    var usesMap: Bool { get }
    /// Loads Chart.js.
    var usesCharts: Bool { get }
}

extension PortalPage {
    var usesMap: Bool { false }
    var usesCharts: Bool { false }
}

/// Renders portal pages: a page template inside the layout, with navigation for what the user's role may do.
/// The templates are compiled once, when the router is built: a broken one stops the start, not a request.
struct PortalRenderer: Sendable {
    let library: MustacheLibrary

    struct BrokenTemplate: Error, CustomStringConvertible {
        var name: String
        var problem: any Error
        var description: String { "the portal template \(name).mustache does not compile: \(problem)" }
    }

    struct MissingTemplate: Error, CustomStringConvertible {
        var name: String
        var description: String { "there is no portal template \(name).mustache" }
    }

    /// The template files embedded from `Resources/templates`, by name without `.mustache`.
    static var templateTexts: [String: String] {
        var out: [String: String] = [:]
        for (path, text) in PortalResources.files where path.hasPrefix("templates/") && path.hasSuffix(".mustache") {
            out[String(path.dropFirst("templates/".count).dropLast(".mustache".count))] = text
        }
        return out
    }

    /// Compiles the templates (the embedded ones unless a test gives others); throws naming the first broken one.
    init(templates texts: [String: String] = PortalRenderer.templateTexts) throws {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            do { templates[name] = try MustacheTemplate(string: text) } catch { throw BrokenTemplate(name: name, problem: error) }
        }
        library = MustacheLibrary(templates: templates)
    }

    /// What the layout draws around a page.
    struct Layout: Sendable {
        struct Link: Sendable {
            var href: String
            var label: String
            var current: Bool
        }
        struct SignedIn: Sendable {
            var username: String
            var roles: String
            var nav: [Link]
        }
        var title: String
        var body: String
        var csrf: String
        var map: Bool
        var charts: Bool
        var user: SignedIn?
        var displayNamesJSON: String
    }

    static func navigation(for user: User) -> [Layout.Link] {
        let access = Access(user)
        let items: [(String, String, Bool)] = [
            ("/alerts", "Alert queue", access.seesAlerts),
            ("/caseload", "Caseload", access.seesCaseload),
            ("/crime", "Crime matching", access.may(.matchCrimes)),
            ("/search", "Area search", access.may(.searchAreas)),
            ("/dashboards", "Dashboards", true),
            ("/data-quality", "Data quality", access.may(.readDataQuality)),
            ("/data-dictionary", "Data dictionary", true),
            ("/admin", "Admin", access.may(.manageUsers)),
        ]
        return items.filter(\.2).map { Layout.Link(href: $0.0, label: $0.1, current: false) }
    }

    /// JSON for a page's script, safe inside a `<script>` element.
    static func scriptJSON(_ value: some Encodable) throws -> String {
        String(decoding: try APIJSON.encoder().encode(value), as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }

    static let displayNamesJSON = (try? scriptJSON(DisplayNames.forScripts)) ?? "{}"

    /// A page the user's role may not use: 403, a plain reason, and the navigation still there.
    func refused(_ user: User, csrf: String, why: String) throws -> Response {
        var r = try page(RefusedPage(why: why), user: user, csrf: csrf)
        r.status = .forbidden
        return r
    }

    /// The page's HTML alone, without the layout.
    func body(_ page: some PortalPage) throws -> String {
        guard let html = library.render(page, withTemplate: type(of: page).template) else {
            throw MissingTemplate(name: type(of: page).template)
        }
        return html
    }

    func page(_ page: some PortalPage, user: User?, csrf: String) throws -> Response {
        var layout = Layout(
            title: page.title, body: try body(page), csrf: csrf, map: page.usesMap, charts: page.usesCharts,
            user: nil, displayNamesJSON: Self.displayNamesJSON)
        if let user {
            var nav = Self.navigation(for: user)
            for i in nav.indices { nav[i].current = nav[i].label == page.title }
            layout.user = .init(username: user.username, roles: user.roles.map { DisplayNames.of($0) }.joined(separator: ", "), nav: nav)
        }
        guard let html = library.render(layout, withTemplate: "layout") else { throw MissingTemplate(name: "layout") }
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[HTTPField.Name("Content-Security-Policy")!] =
            "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
