import Foundation
import Hummingbird
import OpenEMCore

/// The investigative and administrative pages: crime matching, area search, users with the audit log, and the data
/// dictionary. Each is a page whose script works through the API, so scoping, validation and audit are exactly the
/// API's (the dictionary holds no case data and is rendered in full).
struct PortalWorkPages {
    let renderer: PortalRenderer
    let clock: @Sendable () -> Date
    let tileURL: String?

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("crime", use: crime)
        group.get("search", use: search)
        group.get("admin", use: admin)
        group.get("data-dictionary", use: dataDictionary)
    }

    func refuse(_ u: User, _ request: Request, _ why: String) throws -> Response {
        try renderer.refused(u, csrf: PortalPages.csrf(request), why: why)
    }

    @Sendable func crime(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard Access(u).may(.matchCrimes) else { return try refuse(u, request, "Crime matching is for police and crime analysts.") }
        return try renderer.page(
            CrimePage(tileURL: tileURL ?? "", batchId: request.query("batch") ?? ""),
            user: u, csrf: PortalPages.csrf(request))
    }

    @Sendable func search(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        let access = Access(u)
        guard access.may(.searchAreas) else {
            return try refuse(u, request, "Area search is for police, crime analysts and the monitoring centre.")
        }
        let now = clock()
        return try renderer.page(
            SearchPage(
                tileURL: tileURL ?? "", forceArea: (try? access.areaSearchForceArea()) ?? nil,
                fromLocal: PortalPages.localInput(now.addingTimeInterval(-2 * 3600)),
                toLocal: PortalPages.localInput(now)),
            user: u, csrf: PortalPages.csrf(request))
    }

    @Sendable func admin(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard Access(u).may(.manageUsers) else { return try refuse(u, request, "Users and the audit log are for administrators.") }
        return try renderer.page(
            AdminPage(
                roles: Role.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0)) },
                fromLocal: PortalPages.localInput(clock().addingTimeInterval(-3600))),
            user: u, csrf: PortalPages.csrf(request))
    }

    /// The data dictionary, for every signed-in role: it describes the data, it holds none.
    @Sendable func dataDictionary(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        return try renderer.page(DataDictionaryPage(), user: u, csrf: PortalPages.csrf(request))
    }
}
