/// The caseload, searched and filtered (`caseload.mustache`).
struct CaseloadPage: PortalPage {
    static let template = "caseload"
    let title = "Caseload"

    struct Row: Sendable {
        var id: String
        var firstName: String
        var lastName: String
        var crn: String
        var forceArea: String
        var probationRegion: String
        /// "Community order / Standard", or "none active".
        var order: String
        var openViolations: Int
        /// "Overdue" when an open enforcement case is past its next deadline, "1 open", or empty.
        var enforcement: String
        var enforcementOverdue: Bool
    }

    var subjects: [Row]
    var count: Int
    var more: Bool
    var query: String
    var orderTypes: [Choice]
    var cohorts: [Choice]
    var statuses: [Choice]
    var compliances: [Choice]
}
