import Foundation
import Hummingbird
import OpenEMCore

/// `POST /api/v1/subjects/{id}/access-request` (administrators): a ZIP of everything held on the person
/// (`SubjectAccessArchive`), audited with the request's reference.
struct SubjectAccessController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("subjects/:id/access-request", use: accessRequest)
    }

    struct AccessRequest: Decodable {
        /// The request's own reference (the data protection team's case number).
        var reference: String?
    }

    @Sendable func accessRequest(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.answerSubjectAccess)
        let subject = try await access.visibleSubject(try context.parameters.require("id"), in: store)
        let body = try await request.decodeIfPresent(as: AccessRequest.self, context: context)
        guard (body?.reference?.count ?? 0) <= TextLimits.crimeReference else {
            throw APIError.badRequest("TOO_LONG", "reference must be at most \(TextLimits.crimeReference) characters")
        }
        let now = clock()
        let files = try await SubjectAccessArchive.files(subject: subject, store: store, generatedAt: now, reference: body?.reference)
        let zip = try SubjectAccessArchive.zip(files, at: now)
        try await auditor.record(
            actor, "export", "subject_access", subject.id, purpose: "subject access request", reference: body?.reference,
            detail: "files=\(files.count) bytes=\(zip.count)")
        var headers = HTTPFields()
        headers[.contentType] = "application/zip"
        headers[.contentDisposition] = "attachment; filename=\"openem-subject-access-\(subject.id).zip\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: zip)))
    }
}
