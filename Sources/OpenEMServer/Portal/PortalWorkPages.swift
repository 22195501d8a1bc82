import Foundation
import Hummingbird
import OpenEMCore

/// The investigative and administrative pages: crime matching, area search, and users with the audit log. Each
/// is a page whose script works through the API, so scoping, validation and audit are exactly the API's.
struct PortalWorkPages {
    let renderer: PortalRenderer
    let clock: @Sendable () -> Date
    let tileURL: String?

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("crime", use: crime)
        group.get("search", use: search)
        group.get("admin", use: admin)
    }

    static func mayMatchCrimes(_ u: User) -> Bool { u.has(.admin) || u.has(.police) || u.has(.crimeAnalyst) }
    static func maySearchAreas(_ u: User) -> Bool { mayMatchCrimes(u) || u.has(.monitoringOfficer) }

    func refuse(_ u: User, _ request: Request, _ why: String) -> Response {
        renderer.refused(u, csrf: PortalPages.csrf(request), why: why)
    }

    @Sendable func crime(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard Self.mayMatchCrimes(u) else { return refuse(u, request, "Crime matching is for police and crime analysts.") }
        return renderer.page("crime", title: "Crime matching", user: u, csrf: PortalPages.csrf(request), data: [
            "map": true, "tileURL": tileURL ?? "", "batchId": request.query("batch") ?? "",
        ])
    }

    @Sendable func search(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard Self.maySearchAreas(u) else {
            return refuse(u, request, "Area search is for police, crime analysts and the monitoring centre.")
        }
        let now = clock()
        let national = u.has(.admin) || u.has(.monitoringOfficer)
        return renderer.page("search", title: "Area search", user: u, csrf: PortalPages.csrf(request), data: [
            "map": true, "tileURL": tileURL ?? "", "forceArea": national ? "" : (u.forceArea ?? ""),
            "fromLocal": PortalPages.localInput(now.addingTimeInterval(-2 * 3600)), "toLocal": PortalPages.localInput(now),
        ])
    }

    @Sendable func admin(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard u.has(.admin) else { return refuse(u, request, "Users and the audit log are for administrators.") }
        return renderer.page("admin", title: "Admin", user: u, csrf: PortalPages.csrf(request), data: [
            "roles": Role.allCases.map { ["value": $0.rawValue] },
            "fromLocal": PortalPages.localInput(clock().addingTimeInterval(-3600)),
        ])
    }
}
