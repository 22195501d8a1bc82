import Foundation
import Hummingbird
import OpenEMCore

struct AuditController {
    let store: any OpenEMStore
    let auditor: Auditor

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("audit", use: list)
        group.get("audit/verify", use: verify)
    }

    struct EntryView: Codable, Sendable {
        var seq: Int64
        var at: Date
        var actorId: String
        var actorRole: String
        var action: String
        var resourceType: String
        var resourceId: String?
        var purpose: String?
        var reference: String?
        var outcome: AuditOutcome
        var detail: String?
        var prevHash: String
        var hash: String

        init(_ e: AuditEntry) {
            seq = e.seq
            at = e.record.at
            actorId = e.record.actorId
            actorRole = e.record.actorRole
            action = e.record.action
            resourceType = e.record.resourceType
            resourceId = e.record.resourceId
            purpose = e.record.purpose
            reference = e.record.reference
            outcome = e.record.outcome
            detail = e.record.detail
            prevHash = e.prevHash
            hash = e.hash
        }
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<EntryView> {
        let actor = try context.requireUser()
        try Access(actor).require(.readAuditLog)
        func time(_ name: String) throws -> Date? {
            guard let t = request.query(name) else { return nil }
            guard let d = ISOTime.parse(t) else {
                throw APIError.badRequest("INVALID_TIME", "\(name) must be an ISO-8601 time such as 2026-11-20T21:00:00Z")
            }
            return d
        }
        let limit = try request.limit(default: 100, max: 1000)
        var after: Int64 = 0
        if let c = request.query("cursor") {
            guard let n = Int64(c) else { throw APIError.badRequest("INVALID_CURSOR", "cursor is not one this API issued") }
            after = n
        }
        let entries = try await store.auditEntries(
            from: try time("from"), to: try time("to"),
            actorId: request.query("actor"), afterSeq: after, limit: limit + 1)
        let page = entries.page(limit: limit) { String($0.seq) }
        try await auditor.record(actor, "read", "audit", detail: "results=\(page.items.count)")
        return Page(items: page.items.map(EntryView.init), nextCursor: page.next)
    }

    @Sendable func verify(request: Request, context: AppRequestContext) async throws -> AuditVerification {
        let actor = try context.requireUser()
        try Access(actor).require(.readAuditLog)
        let result = try await store.verifyAudit()
        try await auditor.record(actor, "verify", "audit", detail: result.valid ? "valid" : "broken")
        return result
    }
}

extension AuditVerification: ResponseEncodable {}
