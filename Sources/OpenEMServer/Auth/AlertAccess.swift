import Foundation
import OpenEMCore

/// Who sees and acts on alerts. One rule for lists, single alerts, the live stream and webhooks:
/// the monitoring centre sees every alert; police see their force area's; probation sees its region's and the
/// alerts of wearers it is the responsible officer for; nobody else (administrators included: they run the
/// system, not the cases).
extension Access {
    public var seesAlerts: Bool { user.has(.monitoringOfficer) || user.has(.police) || user.has(.probation) }

    public func canSee(_ alert: Alert) -> Bool {
        if user.has(.monitoringOfficer) { return true }
        if user.has(.police), let area = user.forceArea, area == alert.forceArea { return true }
        if user.has(.probation) {
            if let region = user.probationRegion, region == alert.probationRegion { return true }
            if let officer = alert.responsibleOfficer, officer == user.username || officer == user.id { return true }
        }
        return false
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
        guard seesAlerts else { throw APIError.forbidden("your role does not receive alerts") }
        let alert = try await store.alert(id: id)
        if let alert, canSee(alert) { return alert }
        if alert == nil, user.has(.monitoringOfficer) { throw APIError.notFound("alert") }
        throw APIError.forbidden("this alert is outside your scope")
    }
}
