import Foundation
import Hummingbird
import OpenEMCore

/// `POST /violations/{id}/outcome`: what the supervising officer concluded about a violation.
struct ViolationOutcomeController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("violations/:id/outcome", use: record)
    }

    struct Body: Decodable {
        var outcome: String
        var note: String?
    }

    @Sendable func record(request: Request, context: AppRequestContext) async throws -> Violation {
        // Who is asking comes before what they sent.
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.recordViolationOutcomes)
        let body = try await request.decodeJSON(as: Body.self, context: context)
        guard let kind = ViolationOutcomeKind(rawValue: body.outcome) else {
            throw APIError.badRequest(
                "UNKNOWN_OUTCOME",
                "outcome '\(body.outcome)' is not one of " + ViolationOutcomeKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        try APIError.requireShort([("note", body.note)])
        let id = try context.parameters.require("id")
        guard let violation = try await store.violation(id: id) else {
            throw access.hasNationalScope ? APIError.notFound("violation") : APIError.forbidden("this violation is outside your scope")
        }
        _ = try await access.visibleSubject(violation.subjectId, in: store)
        guard violation.status != .withdrawn else {
            throw APIError.conflict("VIOLATION_WITHDRAWN", "the violation was withdrawn (later data showed it did not happen): it has no outcome")
        }
        let note = body.note.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        try await store.insertViolationOutcome(
            ViolationOutcome(
                violationId: violation.id, subjectId: violation.subjectId, outcome: kind, note: note, recordedBy: actor.id,
                recordedAt: clock()))
        try await auditor.record(actor, "record-outcome", "violation", violation.id, detail: kind.rawValue)
        return try await store.withOutcomes([violation])[0]
    }
}
