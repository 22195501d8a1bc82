import Foundation
import OpenEMCore

/// Who may see and do what: the one place scoping and permissions are decided.
///
/// Police and crime analysts see wearers of their force area; probation sees its region; the monitoring centre,
/// order managers and administrators see everyone; analysts see no personal data at all.
/// A scoped user asking for an id outside their scope gets the same 403 whether or not the id exists, so
/// probing ids reveals nothing.
public struct Access: Sendable {
    public let user: User

    public init(_ user: User) { self.user = user }

    /// The roles that hold each permission: the table every route's guard comes from.
    public func may(_ permission: Permission) -> Bool {
        switch permission {
        case .manageUsers, .readAuditLog: user.has(.admin)
        case .manageDevices: user.has(.admin) || user.has(.monitoringOfficer) || user.has(.orderManager)
        case .createSubjects, .manageOrders: user.has(.admin) || user.has(.orderManager)
        case .recordAddressChecks:
            user.has(.admin) || user.has(.orderManager) || user.has(.probation) || user.has(.monitoringOfficer)
        case .recordReviews: user.has(.admin) || user.has(.orderManager) || user.has(.probation)
        case .matchCrimes: user.has(.admin) || user.has(.crimeAnalyst) || user.has(.police)
        case .searchAreas: hasNationalCrimeScope || user.has(.police) || user.has(.crimeAnalyst)
        case .manageWebhooks: user.has(.admin) || user.has(.monitoringOfficer) || user.has(.police)
        case .receiveAlerts: user.has(.monitoringOfficer) || user.has(.police) || user.has(.probation)
        case .readDataQuality, .readExtractProjects: user.has(.admin) || user.has(.analyst)
        case .manageExtractProjects, .manageRetention, .answerSubjectAccess: user.has(.admin)
        case .placeLegalHolds: user.has(.admin) || user.has(.police) || user.has(.crimeAnalyst)
        case .makeExtracts: user.has(.analyst)
        case .recordViolationOutcomes: user.has(.probation) || user.has(.orderManager) || user.has(.monitoringOfficer)
        case .manageEnforcement: user.has(.probation) || user.has(.orderManager)
        }
    }

    /// Throws 403 with the permission's reason when the user does not hold it.
    public func require(_ permission: Permission) throws {
        guard may(permission) else { throw APIError.forbidden(permission.refusal) }
    }

    public var hasNationalScope: Bool {
        user.has(.admin) || user.has(.monitoringOfficer) || user.has(.orderManager)
    }

    /// Crimes and area searches across every force: administrators and the monitoring centre.
    var hasNationalCrimeScope: Bool { user.has(.admin) || user.has(.monitoringOfficer) }

    /// Whether the user may see this wearer's personal data.
    public func canSee(_ subject: Subject) -> Bool {
        if hasNationalScope { return true }
        if user.has(.police) || user.has(.crimeAnalyst), let area = user.forceArea, area == subject.forceArea {
            return true
        }
        if user.has(.probation) {
            if let region = user.probationRegion, region == subject.probationRegion { return true }
            if let officer = subject.responsibleOfficer, officer == user.username || officer == user.id { return true }
        }
        return false
    }

    /// The subject filter to apply to lists: nil fields mean unrestricted. Throws when the user may see none.
    public func subjectScope() throws -> (forceArea: String?, probationRegion: String?) {
        if hasNationalScope { return (nil, nil) }
        if user.has(.police) || user.has(.crimeAnalyst), let area = user.forceArea { return (area, nil) }
        if user.has(.probation), let region = user.probationRegion { return (nil, region) }
        throw APIError.forbidden("your role has no access to wearers' personal data")
    }

    /// Whether the user has a caseload: anyone with a scope of wearers (not the MI analyst).
    public var seesCaseload: Bool { (try? subjectScope()) != nil }

    /// The ids of the wearers in the user's scope, the filter for lists of what belongs to wearers (violations):
    /// nil means every wearer. Throws when the user may see none.
    public func subjectIds(in store: any SubjectStore) async throws -> Set<EntityID>? {
        let scope = try subjectScope()
        if scope.forceArea == nil && scope.probationRegion == nil { return nil }
        let query = SubjectQuery(forceArea: scope.forceArea, probationRegion: scope.probationRegion, limit: 1_000_000)
        return Set(try await store.subjects(query).map(\.id))
    }

    /// The wearers statistics are aggregated over, nil for every wearer: the MI analyst sees national aggregates
    /// (never personal data); everyone else the aggregates of the wearers in their scope.
    public func statisticsSubjectIds(in store: any SubjectStore) async throws -> Set<EntityID>? {
        if user.has(.analyst) { return nil }
        return try await subjectIds(in: store)
    }

    /// Loads a subject the user may see: 404 only for users who may see every subject; otherwise 403 whether the
    /// id exists or not.
    public func visibleSubject(_ id: EntityID, in store: any SubjectStore) async throws -> Subject {
        let subject = try await store.subject(id: id)
        if let subject, canSee(subject) { return subject }
        if subject == nil, hasNationalScope { throw APIError.notFound("subject") }
        throw APIError.forbidden("this wearer is outside your scope")
    }

    /// How far back one trail request may reach: police see 48 hours at a time, the roles that supervise the
    /// order 14 days.
    public var maxTrailWindow: TimeInterval {
        if user.has(.monitoringOfficer) || user.has(.probation) || user.has(.orderManager) || user.has(.admin) {
            return 14 * 86_400
        }
        return 48 * 3600
    }

    public var primaryRole: String { user.roles.first?.rawValue ?? "none" }
}
