import Foundation
import OpenEMCore

/// What the portal offers each user: its pages and navigation ask these, never the roles themselves.
extension Access {
    /// The caseload and people's pages: anyone with a scope of wearers (not MI analysts).
    var seesCaseload: Bool { (try? subjectScope()) != nil }

    /// Crime matching: police, crime analysts and administrators.
    var mayMatchCrimes: Bool { user.has(.admin) || user.has(.police) || user.has(.crimeAnalyst) }

    /// Area search: those who match crimes, and the monitoring centre.
    var maySearchAreas: Bool { mayMatchCrimes || user.has(.monitoringOfficer) }

    /// Creating and varying orders: order managers and administrators.
    var mayEditOrders: Bool { user.has(.admin) || user.has(.orderManager) }

    /// Users and the audit log.
    var mayAdminister: Bool { user.has(.admin) }

    /// The force area whose wearers an area search finds for this user; nil when it finds everyone's.
    var areaSearchForceArea: String? { user.has(.admin) || user.has(.monitoringOfficer) ? nil : user.forceArea }

    /// Narrows an alert list to the user's force in the query, where that is one column, as the alerts API does;
    /// the rest of the scope (probation's region or officer) is `canSee` on each alert.
    func scopeInQuery(_ query: inout AlertQuery) {
        if !user.has(.monitoringOfficer), user.has(.police), let area = user.forceArea { query.forceArea = area }
    }
}
