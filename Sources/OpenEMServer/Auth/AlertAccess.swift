import Foundation
import OpenEMCore

/// Who sees and acts on alerts. One rule for lists, single alerts, the live stream and webhooks:
/// the monitoring centre sees every alert; police see their force area's; probation sees its region's and the
/// alerts of wearers it is the responsible officer for; nobody else (administrators included: they run the
/// system, not the cases).
extension Access {
    public var seesAlerts: Bool { may(.receiveAlerts) }

    public func canSee(_ alert: Alert) -> Bool {
        if user.has(.monitoringOfficer) { return true }
        if user.has(.police), let area = user.forceArea, area == alert.forceArea { return true }
        if user.has(.probation) {
            if let region = user.probationRegion, region == alert.probationRegion { return true }
            if let officer = alert.responsibleOfficer, officer == user.username || officer == user.id { return true }
        }
        return false
    }

    /// Scopes an alert list: the part of the rule that is one column goes into the store's query (police: their
    /// force area; a police user asking for another force is refused). The rest (probation: region or responsible
    /// officer) is `canSee`, applied to what the store returns.
    public func scope(_ query: inout AlertQuery, requestedForceArea: String?) throws {
        try require(.receiveAlerts)
        query.forceArea = requestedForceArea
        guard user.has(.police), !user.has(.monitoringOfficer) else { return }
        if let requested = requestedForceArea, requested != user.forceArea {
            throw APIError.forbidden("you see the alerts of your own force area only")
        }
        if let own = user.forceArea { query.forceArea = own }
    }

    /// Decisions each role may record. Attending and arresting are police actions; probation and the monitoring
    /// centre warn, refer or close with no further action.
    public func mayDecide(_ decision: AlertDecision) -> Bool {
        if user.has(.police) { return true }
        if user.has(.probation) { return decision != .attend && decision != .arrest }
        if user.has(.monitoringOfficer) { return decision == .warn || decision == .noFurtherAction }
        return false
    }

    /// Loads an alert the user may see: 404 only for the monitoring centre (which sees all); otherwise 403 whether
    /// or not the id exists.
    public func visibleAlert(_ id: EntityID, in store: any AlertStore) async throws -> Alert {
        try require(.receiveAlerts)
        let alert = try await store.alert(id: id)
        if let alert, canSee(alert) { return alert }
        if alert == nil, user.has(.monitoringOfficer) { throw APIError.notFound("alert") }
        throw APIError.forbidden("this alert is outside your scope")
    }

    /// Webhooks: administrators and the monitoring centre subscribe to any force area (nil: every force) and see
    /// every subscription; police only to their own force area, and see their own subscriptions.
    var managesAllWebhooks: Bool { user.has(.admin) || user.has(.monitoringOfficer) }

    /// The force area a new webhook subscription is limited to.
    public func webhookForceArea(requested: String?) throws -> String? {
        try require(.manageWebhooks)
        if managesAllWebhooks { return requested }
        if let requested, requested != user.forceArea {
            throw APIError.forbidden("police may subscribe to their own force area only")
        }
        guard let own = user.forceArea else { throw APIError.forbidden("your account has no force area") }
        return own
    }

    /// The subscriptions of a webhook list the user may see.
    public func visibleWebhooks(_ all: [WebhookSubscription]) throws -> [WebhookSubscription] {
        try require(.manageWebhooks)
        return managesAllWebhooks ? all : all.filter { $0.createdBy == user.id }
    }
}
