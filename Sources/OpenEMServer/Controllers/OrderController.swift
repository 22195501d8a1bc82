import Foundation
import Hummingbird
import OpenEMCore

struct OrderController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    let changes: ConfigurationChanges

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("orders", use: create)
        group.get("orders", use: list)
        group.get("orders/:id", use: get)
        group.get("orders/:id/versions", use: versions)
        group.post("orders/:id/variations", use: vary)
        group.post("orders/:id/end", use: end)
        group.post("orders/:id/reviews", use: review)
        group.get("reviews/due", use: reviewsDue)
    }

    /// Loads the newest version of an order the user may see (403/404 as `Access.visibleSubject`).
    private func visibleOrder(_ id: EntityID, _ access: Access, version: Int? = nil) async throws -> (Order, Subject) {
        guard let order = try await store.order(id: id, version: version) else {
            if access.hasNationalScope { throw APIError.notFound("order") }
            throw APIError.forbidden("this order is outside your scope")
        }
        let subject = try await access.visibleSubject(order.subjectId, in: store)
        return (order, subject)
    }

    private func context(for subject: Subject, draft: OrderDraft) async throws -> OrderContext {
        var others = Set<EntityID>()
        var victims = Set<EntityID>()
        for c in draft.conditions {
            switch c.rule {
            case .nonAssociation(let n):
                if try await store.subject(id: n.otherSubjectId) != nil { others.insert(n.otherSubjectId) }
            case .victimProximity(let v):
                if let d = try await store.device(id: v.victimDeviceId), d.type == .victimPhone { victims.insert(d.id) }
            default: break
            }
        }
        return OrderContext(
            subject: subject, addressChecks: try await store.addressChecks(subjectId: subject.id),
            existingSubjectIds: others, victimDeviceIds: victims)
    }

    private func validated(_ draft: OrderDraft, subject: Subject) async throws -> OrderDraft {
        switch OrderValidation.validate(draft, context: try await context(for: subject, draft: draft)) {
        case .success(let d): return d
        case .failure(let failure): throw APIError.validation(failure.problems.map(ErrorDetail.init))
        }
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<Order> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.manageOrders)
        let draft = try await request.decodeJSON(as: OrderDraft.self, context: context)
        let subject: Subject
        do { subject = try await access.visibleSubject(draft.subjectId, in: store) } catch APIError.notFoundError {
            throw APIError.validation([.init(field: "subjectId", code: "UNKNOWN_SUBJECT", message: "subjectId is not a known wearer")])
        }
        let d = try await validated(draft, subject: subject)
        let order = Order(
            subjectId: subject.id, orderType: d.orderType, cohort: d.cohort, startDate: d.startDate,
            endDate: d.endDate, timeZone: d.timeZone ?? "Europe/London", nextReviewDate: d.nextReviewDate,
            conditions: d.conditions, createdAt: clock(), createdBy: actor.id)
        try await store.insertOrderVersion(order)
        changes.mark()
        try await auditor.record(actor, "create", "order", order.id, detail: "subject=\(subject.id)")
        return EditedResponse(status: .created, response: order)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<Order> {
        let actor = try context.requireUser()
        guard let subjectId = request.query("subjectId") else {
            throw APIError.badRequest("MISSING_PARAMETER", "subjectId is required")
        }
        let subject = try await Access(actor).visibleSubject(subjectId, in: store)
        let orders = try await store.orders(subjectId: subject.id)
        try await auditor.record(actor, "list", "order", detail: "subject=\(subject.id)")
        return Page(items: orders, nextCursor: nil)
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> Order {
        let actor = try context.requireUser()
        let id = try context.parameters.require("id")
        var version: Int?
        if let v = request.query("version") {
            guard let n = Int(v), n >= 1 else { throw APIError.badRequest("INVALID_VERSION", "version must be a positive whole number") }
            version = n
        }
        let (order, _) = try await visibleOrder(id, Access(actor), version: version)
        try await auditor.record(actor, "read", "order", id)
        return order
    }

    @Sendable func versions(request: Request, context: AppRequestContext) async throws -> Page<Order> {
        let actor = try context.requireUser()
        let id = try context.parameters.require("id")
        _ = try await visibleOrder(id, Access(actor))
        let all = try await store.orderVersions(id: id)
        try await auditor.record(actor, "read", "order", id, detail: "versions")
        return Page(items: all, nextCursor: nil)
    }

    struct Variation: Decodable {
        var conditions: [Condition]
        var endDate: String?
        var nextReviewDate: String?
        var reason: String?
    }

    /// A variation: the full new condition set becomes a new version; the old version stays readable.
    @Sendable func vary(request: Request, context: AppRequestContext) async throws -> EditedResponse<Order> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.manageOrders)
        let (current, subject) = try await visibleOrder(try context.parameters.require("id"), access)
        guard current.status == .active else { throw APIError.conflict("ORDER_ENDED", "an ended order cannot be varied") }
        let v = try await request.decodeJSON(as: Variation.self, context: context)
        try APIError.requireShort([("reason", v.reason)])
        let draft = OrderDraft(
            subjectId: current.subjectId, orderType: current.orderType, cohort: current.cohort,
            startDate: current.startDate, endDate: v.endDate ?? current.endDate,
            timeZone: current.timeZone, nextReviewDate: v.nextReviewDate ?? current.nextReviewDate,
            conditions: v.conditions)
        let d = try await validated(draft, subject: subject)
        var next = current
        next.version += 1
        next.conditions = d.conditions
        next.endDate = d.endDate
        next.nextReviewDate = d.nextReviewDate
        next.createdAt = clock()
        next.createdBy = actor.id
        next.reason = v.reason ?? "variation"
        try await insertVersion(next)
        try await auditor.record(actor, "vary", "order", next.id, detail: "version=\(next.version)")
        return EditedResponse(status: .created, response: next)
    }

    struct Ending: Decodable {
        var reason: String?
        var endedAt: Date?
    }

    @Sendable func end(request: Request, context: AppRequestContext) async throws -> Order {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.manageOrders)
        let (current, _) = try await visibleOrder(try context.parameters.require("id"), access)
        guard current.status == .active else { throw APIError.conflict("ORDER_ENDED", "the order has already ended") }
        let body = try await request.decodeIfPresent(as: Ending.self, context: context)
        try APIError.requireShort([("reason", body?.reason)])
        var next = current
        next.version += 1
        next.status = .ended
        next.endedAt = body?.endedAt ?? clock()
        next.createdAt = clock()
        next.createdBy = actor.id
        next.reason = body?.reason ?? "ended"
        try await insertVersion(next)
        try await auditor.record(actor, "end", "order", next.id)
        return next
    }

    struct Review: Decodable {
        var note: String?
    }

    /// Records a review: the next review date moves 3 months on, as a new version.
    @Sendable func review(request: Request, context: AppRequestContext) async throws -> Order {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.recordReviews)
        let (current, _) = try await visibleOrder(try context.parameters.require("id"), access)
        guard current.status == .active else { throw APIError.conflict("ORDER_ENDED", "an ended order has no reviews") }
        let tz = TimeZone(identifier: current.timeZone) ?? .gmt
        let today = LocalDay(containing: clock(), in: tz)
        var next = current
        next.version += 1
        next.nextReviewDate = today.adding(months: OrderValidation.reviewIntervalMonths).description
        next.createdAt = clock()
        next.createdBy = actor.id
        next.reason = "review"
        try await insertVersion(next)
        try await auditor.record(actor, "review", "order", next.id)
        return next
    }

    struct DueReview: ResponseCodable {
        var orderId: String
        var subjectId: String
        var cohort: Cohort
        var orderType: OrderType
        var nextReviewDate: String
        var overdue: Bool
        var endDate: String?
    }

    /// Active orders whose review falls within `withinDays` (default 14) or is overdue, in the caller's scope.
    @Sendable func reviewsDue(request: Request, context: AppRequestContext) async throws -> Page<DueReview> {
        let actor = try context.requireUser()
        let access = Access(actor)
        _ = try access.subjectScope()
        var within = 14
        if let w = request.query("withinDays") {
            guard let n = Int(w), (0...366).contains(n) else {
                throw APIError.badRequest("INVALID_PARAMETER", "withinDays must be a whole number from 0 to 366")
            }
            within = n
        }
        let today = LocalDay(containing: clock(), in: TimeZone(identifier: "Europe/London") ?? .gmt)
        let horizon = today.adding(days: within)
        var due: [DueReview] = []
        var subjects: [EntityID: Subject?] = [:]
        for order in try await store.activeOrders() {
            guard let r = order.nextReviewDate.flatMap(LocalDay.init(isoDate:)), r <= horizon else { continue }
            if subjects[order.subjectId] == nil { subjects[order.subjectId] = try await store.subject(id: order.subjectId) }
            guard let s = subjects[order.subjectId] ?? nil, access.canSee(s) else { continue }
            due.append(
                DueReview(
                    orderId: order.id, subjectId: order.subjectId, cohort: order.cohort,
                    orderType: order.orderType, nextReviewDate: r.description, overdue: r < today,
                    endDate: order.endDate))
        }
        due.sort { $0.nextReviewDate < $1.nextReviewDate }
        try await auditor.record(actor, "list", "review_due", detail: "results=\(due.count)")
        return Page(items: due, nextCursor: nil)
    }

    private func insertVersion(_ order: Order) async throws {
        defer { changes.mark() }
        do { try await store.insertOrderVersion(order) } catch StoreError.conflict {
            throw APIError.conflict("STALE_VERSION", "the order changed while you were editing it; reload and try again")
        }
    }
}

extension Order: ResponseEncodable {}

extension APIError {
    /// Pattern for catching a 404 from `Access.visibleSubject`.
    static var notFoundError: APIError { .notFound("") }
    static func ~= (pattern: APIError, value: any Error) -> Bool {
        guard let e = value as? APIError else { return false }
        return e.status == pattern.status && e.code == pattern.code
    }
}
