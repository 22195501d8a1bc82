import Foundation
import Hummingbird
import OpenEMCore

/// Creating and varying an order in the portal: conditions built on a form, zones drawn on a map, curfew
/// timetables edited row by row. The page's script submits to the orders API, so validation (geometry,
/// timetables, address checks) and audit are the API's own.
struct PortalOrderPages {
    let store: any OpenEMStore
    let auditor: Auditor
    let renderer: PortalRenderer
    let clock: @Sendable () -> Date
    let tileURL: String?

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("orders/new", use: create)
        group.get("orders/:id/vary", use: vary)
    }

    static func mayEditOrders(_ u: User) -> Bool { u.has(.admin) || u.has(.orderManager) }

    func refuse(_ u: User, _ request: Request, _ why: String) -> Response {
        renderer.refused(u, csrf: PortalPages.csrf(request), why: why)
    }

    struct PageData: Encodable {
        struct Place: Encodable { var id: String; var lat: Double; var lon: Double }
        var addresses: [Place]
        var home: [Double]?
        var conditions: [Condition]
    }

    func render(_ u: User, _ request: Request, subject: Subject, current: Order?) throws -> Response {
        let data = PageData(addresses: subject.addresses.map { .init(id: $0.id, lat: $0.location.lat, lon: $0.location.lon) },
                            home: subject.addresses.first.map { [$0.location.lat, $0.location.lon] },
                            conditions: current?.conditions ?? [])
        let today = PortalPages.localInput(clock()).prefix(10)
        var fields: [String: Any] = [
            "map": true, "tileURL": tileURL ?? "", "subjectId": subject.id,
            "subjectName": "\(subject.firstName) \(subject.lastName)", "orderJSON": try PortalRenderer.scriptJSON(data),
            "addresses": subject.addresses.map { ["id": $0.id, "text": [$0.line1, $0.postcode ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")] },
            "endDate": current?.endDate ?? "", "reviewDate": current?.nextReviewDate ?? "",
        ]
        if let current {
            fields["mode"] = "vary"
            fields["orderId"] = current.id
            fields["version"] = current.version
            fields["nextVersion"] = current.version + 1
            fields["heading"] = "Vary the order"
            fields["submitLabel"] = "Save as version \(current.version + 1)"
        } else {
            fields["mode"] = "new"
            fields["orderId"] = ""
            fields["heading"] = "New order"
            fields["submitLabel"] = "Create the order"
            fields["today"] = String(today)
            fields["orderTypes"] = OrderType.allCases.map(\.rawValue)
            fields["cohorts"] = Cohort.allCases.map(\.rawValue)
        }
        return renderer.page("order", title: current == nil ? "New order" : "Vary the order", user: u,
                             csrf: PortalPages.csrf(request), data: fields)
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard Self.mayEditOrders(u) else { return refuse(u, request, "Orders are made by order managers.") }
        guard let sid = request.query("subjectId"), !sid.isEmpty else {
            return refuse(u, request, "Open the person from the caseload and choose \"Create an order\" there.")
        }
        let subject = try await Access(u).visibleSubject(sid, in: store)
        try await auditor.record(u, "read", "subject", subject.id, detail: "portal new order form")
        return try render(u, request, subject: subject, current: nil)
    }

    @Sendable func vary(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard Self.mayEditOrders(u) else { return refuse(u, request, "Orders are varied by order managers.") }
        let access = Access(u)
        guard let order = try await store.order(id: try context.parameters.require("id"), version: nil) else {
            throw access.hasNationalScope ? APIError.notFound("order") : APIError.forbidden("this order is outside your scope")
        }
        let subject = try await access.visibleSubject(order.subjectId, in: store)
        guard order.status == .active else { return refuse(u, request, "An ended order cannot be varied.") }
        try await auditor.record(u, "read", "order", order.id, detail: "portal variation form")
        return try render(u, request, subject: subject, current: order)
    }
}
