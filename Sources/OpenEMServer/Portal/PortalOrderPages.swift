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

    func refuse(_ u: User, _ request: Request, _ why: String) throws -> Response {
        try renderer.refused(u, csrf: PortalPages.csrf(request), why: why)
    }

    struct PageData: Encodable {
        struct Place: Encodable {
            var id: String
            var lat: Double
            var lon: Double
        }
        var addresses: [Place]
        var home: [Double]?
        var conditions: [Condition]
    }

    func render(_ u: User, _ request: Request, subject: Subject, current: Order?) throws -> Response {
        let data = PageData(
            addresses: subject.addresses.map { .init(id: $0.id, lat: $0.location.lat, lon: $0.location.lon) },
            home: subject.addresses.first.map { [$0.location.lat, $0.location.lon] },
            conditions: current?.conditions ?? [])
        let today = PortalPages.localInput(clock()).prefix(10)
        let addresses = subject.addresses.map {
            OrderPage.Address(id: $0.id, text: [$0.line1, $0.postcode ?? ""].filter { !$0.isEmpty }.joined(separator: ", "))
        }
        let heading = current == nil ? "New order" : "Vary the order"
        let page = OrderPage(
            title: heading, heading: heading,
            submitLabel: current.map { "Save as version \($0.version + 1)" } ?? "Create the order",
            mode: current == nil ? "new" : "vary", orderId: current?.id ?? "", subjectId: subject.id,
            subjectName: "\(subject.firstName) \(subject.lastName)", tileURL: tileURL ?? "", addresses: addresses,
            endDate: current?.endDate ?? "", reviewDate: current?.nextReviewDate ?? "",
            version: current?.version, nextVersion: current.map { $0.version + 1 }, today: current == nil ? String(today) : nil,
            orderTypes: current != nil ? [] : OrderType.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0)) },
            cohorts: current != nil ? [] : Cohort.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0)) },
            orderJSON: try PortalRenderer.scriptJSON(data))
        return try renderer.page(page, user: u, csrf: PortalPages.csrf(request))
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        guard Access(u).may(.manageOrders) else { return try refuse(u, request, "Orders are made by order managers.") }
        guard let sid = request.query("subjectId"), !sid.isEmpty else {
            return try refuse(u, request, "Open the person from the caseload and choose \"Create an order\" there.")
        }
        let subject = try await Access(u).visibleSubject(sid, in: store)
        try await auditor.record(u, "read", "subject", subject.id, detail: "portal new order form")
        return try render(u, request, subject: subject, current: nil)
    }

    @Sendable func vary(request: Request, context: AppRequestContext) async throws -> Response {
        let u = try PortalPages.signedIn(request, context)
        let access = Access(u)
        guard access.may(.manageOrders) else { return try refuse(u, request, "Orders are varied by order managers.") }
        guard let order = try await store.order(id: try context.parameters.require("id"), version: nil) else {
            throw access.hasNationalScope ? APIError.notFound("order") : APIError.forbidden("this order is outside your scope")
        }
        let subject = try await access.visibleSubject(order.subjectId, in: store)
        guard order.status == .active else { return try refuse(u, request, "An ended order cannot be varied.") }
        try await auditor.record(u, "read", "order", order.id, detail: "portal variation form")
        return try render(u, request, subject: subject, current: order)
    }
}
