import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/legal-holds`: a hold on a wearer, a crime or an investigation reference stops retention runs deleting
/// what it covers until it is released. Placing, listing and releasing are scoped (`LegalHoldAccess`) and audited.
struct LegalHoldController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("legal-holds", use: place)
        group.get("legal-holds", use: list)
        group.post("legal-holds/:id/release", use: release)
    }

    struct Draft: Decodable {
        var subjectId: String?
        var crimeId: String?
        var reference: String?
        var reason: String?
        var reviewDate: String?
    }

    struct Release: Decodable {
        var reason: String?
    }

    struct HoldView: ResponseCodable {
        var id: String
        var subjectId: String?
        var crimeId: String?
        var reference: String?
        var reason: String
        var reviewDate: String
        var status: String
        var placedBy: String
        var placedAt: Date
        var releasedBy: String?
        var releasedAt: Date?
        var releaseReason: String?

        init(_ h: LegalHold) {
            id = h.id
            switch h.target {
            case .subject(let s): subjectId = s
            case .crime(let c): crimeId = c
            case .reference(let r): reference = r
            }
            reason = h.reason
            reviewDate = h.reviewDate
            status = h.releasedAt == nil ? "ACTIVE" : "RELEASED"
            placedBy = h.placedBy
            placedAt = h.placedAt
            releasedBy = h.releasedBy
            releasedAt = h.releasedAt
            releaseReason = h.releaseReason
        }
    }

    struct HoldList: ResponseCodable {
        var items: [HoldView]
    }

    @Sendable func place(request: Request, context: AppRequestContext) async throws -> EditedResponse<HoldView> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.placeLegalHolds)
        try request.rejectUnknownQueryParameters(allowed: [])
        let d = try await request.decodeJSON(as: Draft.self, context: context)
        let given = [d.subjectId.map(LegalHoldTarget.subject), d.crimeId.map(LegalHoldTarget.crime), d.reference.map(LegalHoldTarget.reference)]
            .compactMap { $0 }
        guard given.count == 1, let target = given.first, !target.value.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw APIError.badRequest("ONE_TARGET_REQUIRED", "give exactly one of subjectId, crimeId or reference")
        }
        guard let reason = d.reason?.trimmingCharacters(in: .whitespaces), reason.count >= 3 else {
            throw APIError.badRequest("REASON_REQUIRED", "say why the hold is needed")
        }
        let now = clock()
        let today = LocalDay(containing: now, in: TimeZone(identifier: "Europe/London")!)
        guard let text = d.reviewDate, let review = LocalDay(isoDate: text) else {
            throw APIError.badRequest("REVIEW_DATE_REQUIRED", "give reviewDate as yyyy-MM-dd")
        }
        guard review > today else { throw APIError.badRequest("REVIEW_DATE_PAST", "reviewDate must be after today") }
        try APIError.requireShort([("reason", reason), ("reference", d.reference)])
        try await access.requireMayHold(target, in: store)
        let hold = LegalHold(target: target, reason: reason, reviewDate: review.description, placedBy: actor.id, placedAt: now)
        try await store.insertLegalHold(hold)
        try await auditor.record(
            actor, "create", "legal_hold", hold.id, reference: d.reference, detail: "\(target.kind) until review \(hold.reviewDate)")
        return EditedResponse(status: .created, response: HoldView(hold))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> HoldList {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.placeLegalHolds)
        try request.rejectUnknownQueryParameters(allowed: [])
        var items: [HoldView] = []
        for hold in try await store.legalHolds() {
            if try await access.mayHandle(hold, in: store) { items.append(HoldView(hold)) }
        }
        try await auditor.record(actor, "list", "legal_hold", detail: "\(items.count) holds")
        return HoldList(items: items)
    }

    @Sendable func release(request: Request, context: AppRequestContext) async throws -> HoldView {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.placeLegalHolds)
        try request.rejectUnknownQueryParameters(allowed: [])
        let id = try context.parameters.require("id")
        guard var hold = try await store.legalHold(id: id), try await access.mayHandle(hold, in: store) else {
            throw APIError.notFound("legal hold")
        }
        let d = try await request.decodeJSON(as: Release.self, context: context)
        guard let reason = d.reason?.trimmingCharacters(in: .whitespaces), reason.count >= 3 else {
            throw APIError.badRequest("REASON_REQUIRED", "say why the hold is released")
        }
        try APIError.requireShort([("reason", reason)])
        guard hold.releasedAt == nil else { throw APIError.conflict("ALREADY_RELEASED", "this hold was released already") }
        let now = clock()
        hold.releasedAt = now
        hold.releasedBy = actor.id
        hold.releaseReason = reason
        guard let saved = try await store.updateLegalHold(hold) else { throw APIError.notFound("legal hold") }
        try await auditor.record(actor, "release", "legal_hold", hold.id)
        return HoldView(saved)
    }
}
