import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/webhooks`: subscriptions to alert deliveries. The monitoring centre and administrators may subscribe
/// to any force area (or all); a police user only to their own force area, so a webhook never shows anyone more
/// than its owner could see.
struct WebhookController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    /// Wakes webhook delivery to take up a new subscription at once when this node runs it (whichever dispatcher
    /// holds the lease now); a dispatcher on another node takes it up at its next poll.
    let outboxSignal: OutboxSignal

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("webhooks", use: create)
        group.get("webhooks", use: list)
    }

    struct Draft: Decodable {
        var url: String
        var secret: String
        var forceArea: String?
        var minSeverity: String?
        /// Start with alerts already in the outbox (default: only what happens after subscribing).
        var fromBeginning: Bool?
    }

    /// A subscription as the API shows it: the secret is never returned.
    struct View: ResponseCodable {
        var id: String
        var url: String
        var forceArea: String?
        var minSeverity: Severity?
        var createdAt: Date
        var deliveredUpTo: Int64

        init(_ w: WebhookSubscription) {
            id = w.id
            url = w.url
            forceArea = w.forceArea
            minSeverity = w.minSeverity
            createdAt = w.createdAt
            deliveredUpTo = w.cursor
        }
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<View> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.manageWebhooks)
        let d = try await request.decodeJSON(as: Draft.self, context: context)
        guard let url = URL(string: d.url), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host?.isEmpty == false, d.url.count <= 2000
        else {
            throw APIError.badRequest("INVALID_URL", "url must be an absolute http or https URL")
        }
        guard d.secret.count >= 16, d.secret.count <= 256 else {
            throw APIError.badRequest("WEAK_SECRET", "secret must be 16 to 256 characters")
        }
        var minSeverity: Severity?
        if let s = d.minSeverity {
            guard let v = Severity(rawValue: s) else {
                throw APIError.badRequest("INVALID_SEVERITY", "minSeverity '\(s)' is not one of LOW, MEDIUM, HIGH, CRITICAL")
            }
            minSeverity = v
        }
        let area = try access.webhookForceArea(requested: d.forceArea)
        if let a = area, PoliceForce.byCode[a] == nil {
            throw APIError.badRequest("UNKNOWN_FORCE_AREA", "forceArea '\(a)' is not a police force code")
        }
        let cursor = d.fromBeginning == true ? 0 : try await store.latestOutboxId()
        let w = WebhookSubscription(
            url: d.url, secret: d.secret, forceArea: area, minSeverity: minSeverity,
            createdBy: actor.id, createdAt: clock(), cursor: cursor)
        try await store.insertWebhook(w)
        try await auditor.record(actor, "create", "webhook", w.id, detail: "forceArea=\(area ?? "*")")
        outboxSignal.notify()
        return EditedResponse(status: .created, response: View(w))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<View> {
        let actor = try context.requireUser()
        let all = try Access(actor).visibleWebhooks(try await store.webhooks())
        return Page(items: all.map(View.init), nextCursor: nil)
    }
}
