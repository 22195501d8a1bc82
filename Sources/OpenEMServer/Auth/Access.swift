import Foundation
import OpenEMCore

/// Who may see and do what: the one place scoping is decided.
///
/// Police and crime analysts see wearers of their force area; probation sees its region; the monitoring centre,
/// order managers and administrators see everyone; analysts see no personal data at all.
/// A scoped user asking for an id outside their scope gets the same 403 whether or not the id exists, so
/// probing ids reveals nothing.
public struct Access: Sendable {
    public let user: User

    public init(_ user: User) { self.user = user }

    public var hasNationalScope: Bool {
        user.has(.admin) || user.has(.monitoringOfficer) || user.has(.orderManager)
    }

    public func require(anyOf roles: Role...) throws {
        guard roles.contains(where: user.has) else {
            throw APIError.forbidden("this needs one of the roles: \(roles.map(\.rawValue).joined(separator: ", "))")
        }
    }

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

    /// Loads a subject the user may see: 404 only for users who may see every subject; otherwise 403 whether the
    /// id exists or not.
    public func visibleSubject(_ id: EntityID, in store: any SubjectStore) async throws -> Subject {
        let subject = try await store.subject(id: id)
        if let subject, canSee(subject) { return subject }
        if subject == nil, hasNationalScope { throw APIError.notFound("subject") }
        throw APIError.forbidden("this wearer is outside your scope")
    }

    public var primaryRole: String { user.roles.first?.rawValue ?? "none" }
}
