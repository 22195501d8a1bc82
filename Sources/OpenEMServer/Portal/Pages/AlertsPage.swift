/// The alert queue (`alerts.mustache`; `alerts.js` keeps it live and acts on alerts in place).
struct AlertsPage: PortalPage {
    static let template = "alerts"
    let title = "Alert queue"

    struct Row: Sendable {
        var id: String
        /// Codes, for the row's attributes and the script.
        var status: String
        var severity: String
        var statusText: String
        var severityText: String
        var decisionText: String?
        var escalated: Bool
        var raisedAt: PortalClock.Instant
        var ackDueAt: PortalClock.Instant
        var violation: String
        var late: Bool
        var subjectId: String
        var subjectName: String
    }

    var alerts: [Row]
    var statuses: [Choice]
    var severities: [Choice]
    var filterStatus: String
    var filterSeverity: String
    /// The decisions this user may record, as codes, for the script.
    var decisionsJSON: String
}
