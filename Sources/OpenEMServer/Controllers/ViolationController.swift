import Foundation
import Hummingbird
import OpenEMCore

struct ViolationController {
    let store: any OpenEMStore
    let auditor: Auditor

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("violations", use: list)
        group.get("violations/:id", use: get)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<Violation> {
        let actor = try context.requireUser()
        let access = Access(actor)
        func parse<T: RawRepresentable>(_ name: String, _: T.Type) throws -> T? where T.RawValue == String {
            guard let raw = request.query(name) else { return nil }
            guard let v = T(rawValue: raw) else { throw APIError.badRequest("INVALID_PARAMETER", "\(name) '\(raw)' is not a known value") }
            return v
        }
        func time(_ name: String) throws -> Date? {
            guard let t = request.query(name) else { return nil }
            guard let d = ISOTime.parse(t) else { throw APIError.badRequest("INVALID_TIME", "\(name) must be an ISO-8601 time") }
            return d
        }
        var subjectIds: [EntityID]?
        if let sid = request.query("subjectId") {
            subjectIds = [try await access.visibleSubject(sid, in: store).id]
        } else {
            subjectIds = try await access.subjectIds(in: store).map(Array.init)
        }
        let limit = try request.limit(default: 100, max: 1000)
        let found = try await store.violations(
            ViolationQuery(
                subjectIds: subjectIds, type: try parse("type", ViolationType.self), status: try parse("status", ViolationStatus.self),
                from: try time("from"), to: try time("to"), limit: limit + 1,
                before: request.query("cursor").flatMap(ViolationCursor.init)))
        var page = found.page(limit: limit) { ViolationCursor(after: $0).description }
        page.items = try await store.withOutcomes(page.items)
        try await auditor.record(
            actor, "list", "violation", detail: "subject=\(subjectIds?.count == 1 ? subjectIds![0] : "*") results=\(page.items.count)")
        return Page(items: page.items, nextCursor: page.next)
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> Violation {
        let actor = try context.requireUser()
        let access = Access(actor)
        let id = try context.parameters.require("id")
        guard let v = try await store.violation(id: id) else {
            throw access.hasNationalScope ? APIError.notFound("violation") : APIError.forbidden("this violation is outside your scope")
        }
        _ = try await access.visibleSubject(v.subjectId, in: store)
        try await auditor.record(actor, "read", "violation", id)
        return try await store.withOutcomes([v])[0]
    }
}

extension Violation: ResponseEncodable {}
