import Foundation
import Hummingbird
import OpenEMCore

/// Enforcement cases: a wearer's violations enforced together, step by step (`EnforcementRules`), on deadlines.
struct EnforcementCaseController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    let deadlines: [EnforcementDeadline]

    /// The most violations one case holds.
    static let maxViolations = 100
    /// A step may be dated this far ahead of the server's clock (clocks drift); beyond it is in the future.
    static let futureTolerance: TimeInterval = 300

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("enforcement-cases", use: open)
        group.get("enforcement-cases", use: list)
        group.get("enforcement-cases/:id", use: get)
        group.post("enforcement-cases/:id/steps", use: addStep)
    }

    struct Opening: Decodable {
        var subjectId: String
        var violationIds: [String]
    }

    struct StepBody: Decodable {
        var step: String
        var at: String?
        var note: String?
    }

    func view(_ c: EnforcementCase) -> EnforcementCaseView { EnforcementCaseView(c, deadlines: deadlines, now: clock()) }

    @Sendable func open(request: Request, context: AppRequestContext) async throws -> EditedResponse<EnforcementCaseView> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.manageEnforcement)
        let body = try await request.decodeJSON(as: Opening.self, context: context)
        var ids: [EntityID] = []
        for id in body.violationIds where !ids.contains(id) { ids.append(id) }
        guard !ids.isEmpty else { throw APIError.badRequest("NO_VIOLATIONS", "violationIds must name at least one violation") }
        guard ids.count <= Self.maxViolations else {
            throw APIError.badRequest("TOO_MANY_VIOLATIONS", "a case holds at most \(Self.maxViolations) violations")
        }
        let subject = try await access.visibleSubject(body.subjectId, in: store)
        var violations: [Violation] = []
        for id in ids {
            guard let v = try await store.violation(id: id), v.subjectId == subject.id else {
                throw APIError.badRequest("UNKNOWN_VIOLATION", "violation \(id) is not one of this wearer's violations")
            }
            violations.append(v)
        }
        violations = try await store.withOutcomes(violations)
        if let v = violations.first(where: { $0.status == .withdrawn }) {
            throw APIError.conflict("VIOLATION_WITHDRAWN", "violation \(v.id) was withdrawn (later data showed it did not happen)")
        }
        if let v = violations.first(where: { $0.outcome?.outcome == .reasonableExcuse }) {
            throw APIError.conflict("VIOLATION_EXCUSED", "violation \(v.id) has an accepted reasonable excuse: record another outcome first")
        }
        let openCases = try await store.enforcementCases(subjectIds: [subject.id], openOnly: true)
        if let c = openCases.first(where: { !Set($0.violationIds).isDisjoint(with: ids) }) {
            throw APIError.conflict("VIOLATION_IN_OPEN_CASE", "a violation named is already in open enforcement case \(c.id)")
        }
        let orderId = violations.compactMap(\.orderId).first
        let order = if let orderId { try await store.order(id: orderId, version: nil) } else { Order?.none }
        let now = clock()
        let c = EnforcementCase(
            subjectId: subject.id, orderId: orderId, orderType: order?.orderType, violationIds: ids, openedBy: actor.id, openedAt: now)
        try await store.insertEnforcementCase(c)
        // The violations are now being enforced: that is their outcome, unless it is already recorded as such.
        for v in violations where v.outcome?.outcome != .enforcement {
            try await store.insertViolationOutcome(
                ViolationOutcome(
                    violationId: v.id, subjectId: v.subjectId, outcome: .enforcement, note: "Enforcement case \(c.id)",
                    recordedBy: actor.id, recordedAt: now))
        }
        try await auditor.record(actor, "create", "enforcementCase", c.id, detail: "violations=\(ids.count)")
        return EditedResponse(status: .created, response: view(c))
    }

    /// Loads a case the user may see: 404 for national roles, else 403 whether or not it exists.
    func visibleCase(_ id: EntityID, _ access: Access) async throws -> EnforcementCase {
        guard let c = try await store.enforcementCase(id: id) else {
            throw access.hasNationalScope ? APIError.notFound("enforcement case") : APIError.forbidden("this case is outside your scope")
        }
        _ = try await access.visibleSubject(c.subjectId, in: store)
        return c
    }

    @Sendable func addStep(request: Request, context: AppRequestContext) async throws -> EnforcementCaseView {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.manageEnforcement)
        let body = try await request.decodeJSON(as: StepBody.self, context: context)
        guard let step = EnforcementStepKind(rawValue: body.step) else {
            throw APIError.badRequest(
                "UNKNOWN_STEP", "step '\(body.step)' is not one of " + EnforcementStepKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        try APIError.requireShort([("note", body.note)])
        let now = clock()
        var at = now
        if let text = body.at {
            guard let t = ISOTime.parse(text) else { throw APIError.badRequest("INVALID_TIME", "at must be an ISO-8601 time") }
            guard t <= now.addingTimeInterval(Self.futureTolerance) else {
                throw APIError.badRequest("TIME_IN_FUTURE", "at is in the future: record a step once it has happened")
            }
            at = t
        }
        var c = try await visibleCase(try context.parameters.require("id"), access)
        do throws(EnforcementStepProblem) {
            try EnforcementRules.check(step, at: at, in: c)
        } catch {
            throw APIError.conflict(error.code, error.message)
        }
        let note = body.note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        c.steps.append(EnforcementStep(step: step, at: at, note: note, recordedBy: actor.id, recordedAt: now))
        c.revision += 1
        try await store.updateEnforcementCase(c)
        try await auditor.record(actor, "record-step", "enforcementCase", c.id, detail: step.rawValue)
        return view(c)
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> EnforcementCaseView {
        let actor = try context.requireUser()
        let access = Access(actor)
        _ = try access.subjectScope()
        try request.rejectUnknownQueryParameters(allowed: [])
        let c = try await visibleCase(try context.parameters.require("id"), access)
        try await auditor.record(actor, "read", "enforcementCase", c.id)
        return view(c)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> EnforcementCasePage {
        let actor = try context.requireUser()
        let access = Access(actor)
        try request.rejectUnknownQueryParameters(allowed: ["subjectId", "status", "overdue", "limit", "cursor"])
        var status: EnforcementCaseStatus?
        if let s = request.query("status") {
            guard let v = EnforcementCaseStatus(rawValue: s) else {
                throw APIError.badRequest("INVALID_PARAMETER", "status '\(s)' is not one of OPEN, CLOSED")
            }
            status = v
        }
        var overdueOnly: Bool?
        if let o = request.query("overdue") {
            guard let v = ["true": true, "false": false][o] else {
                throw APIError.badRequest("INVALID_PARAMETER", "overdue must be true or false")
            }
            overdueOnly = v
        }
        let limit = try request.limit(default: 100, max: 1000)
        let subjectIds: [EntityID]?
        if let sid = request.query("subjectId") {
            subjectIds = [try await access.visibleSubject(sid, in: store).id]
        } else {
            subjectIds = try await access.subjectIds(in: store).map { $0.sorted() }
        }
        var cases = try await store.enforcementCases(subjectIds: subjectIds, openOnly: status == .open)
        if let status { cases = cases.filter { $0.status == status } }
        // Newest opened first; the cursor is the last case shown (opened-at milliseconds and id).
        if let cursor = request.query("cursor") {
            let parts = cursor.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let ms = Int64(parts[0]) else {
                throw APIError.badRequest("INVALID_CURSOR", "cursor is not one this API returned")
            }
            let key = (Date(timeIntervalSince1970: Double(ms) / 1000), String(parts[1]))
            cases = cases.filter { ($0.openedAt, $0.id) < key }
        }
        var views = cases.map(view)
        if let overdueOnly { views = views.filter { $0.overdue == overdueOnly } }
        let shown = Array(views.prefix(limit))
        let next =
            views.count > limit
            ? shown.last.map { "\(Int64(($0.enforcementCase.openedAt.timeIntervalSince1970 * 1000).rounded())):\($0.enforcementCase.id)" } : nil
        try await auditor.record(
            actor, "list", "enforcementCase", detail: "subject=\(subjectIds?.count == 1 ? subjectIds![0] : "*") results=\(shown.count)")
        return EnforcementCasePage(items: shown, nextCursor: next)
    }
}
