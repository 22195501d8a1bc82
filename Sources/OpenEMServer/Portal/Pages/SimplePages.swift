import OpenEMCore

/// Pages with little or no data of their own: their scripts fetch what they show from the API.

/// The sign-in form (`login.mustache`).
struct LoginPage: PortalPage {
    static let template = "login"
    let title = "Sign in"
    var csrf: String
    var next: String
    var error: Bool
    /// Set when sign-in is throttled: how long to wait (`SignInThrottle`).
    var lockedMessage: String = ""
    /// Stored, not computed: the templates see stored properties only.
    var locked = false
}

/// A page the user's role may not use (`refused.mustache`).
struct RefusedPage: PortalPage {
    static let template = "refused"
    let title = "Not available"
    var why: String
}

/// The dashboards (`dashboards.mustache`, `dashboards.js`); for an MI analyst, the form that makes an extract.
struct DashboardsPage: PortalPage {
    static let template = "dashboards"
    let title = "Dashboards"
    var usesCharts: Bool { true }
    var extracts: ExtractForm?
}

/// Making a pseudonymised extract (`POST /api/v1/extracts`): the choices, and a default period of the last year.
struct ExtractForm: Sendable {
    var cohorts: [Choice]
    var orderTypes: [Choice]
    var from: String
    var to: String

    init(today: LocalDay) {
        cohorts = Cohort.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0)) }
        orderTypes = OrderType.allCases.map { Choice(value: $0.rawValue, label: DisplayNames.of($0)) }
        from = today.adding(months: -12).description
        to = today.description
    }
}

/// Data quality (`dataquality.mustache`, `dataquality.js`): the rules' figures and their daily trend.
struct DataQualityPage: PortalPage {
    static let template = "dataquality"
    let title = "Data quality"
    var usesCharts: Bool { true }
}

/// Crime matching (`crime.mustache`, `crime.js`).
struct CrimePage: PortalPage {
    static let template = "crime"
    let title = "Crime matching"
    var usesMap: Bool { true }
    var tileURL: String
    /// A batch to reopen, from `?batch=`.
    var batchId: String
}

/// Area search (`search.mustache`, `search.js`).
struct SearchPage: PortalPage {
    static let template = "search"
    let title = "Area search"
    var usesMap: Bool { true }
    var tileURL: String
    /// The force area the search is limited to; nil when national.
    var forceArea: String?
    var fromLocal: String
    var toLocal: String
}

/// Users and the audit log (`admin.mustache`, `admin.js`).
struct AdminPage: PortalPage {
    static let template = "admin"
    let title = "Admin"
    var roles: [Choice]
    var fromLocal: String
}

/// An option of a `<select>`: the code the form sends and the words people read.
struct Choice: Sendable {
    var value: String
    var label: String
    var selected = false
}
