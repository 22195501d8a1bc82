import Foundation
import OpenEMCore

/// Whose records a data-quality reader's figures and example ids come from.
public enum SubjectSet: Sendable, Equatable {
    case every
    case only(Set<EntityID>)
    case none
}

extension Access {
    /// The figures cover the wearers the user's statistics are aggregated over (an MI analyst: everyone).
    public func qualityFigureSubjects(in store: any SubjectStore) async throws -> SubjectSet {
        try await statisticsSubjectIds(in: store).map(SubjectSet.only) ?? .every
    }

    /// Example ids point at records, so they are shown only for wearers whose records the user may open: an
    /// administrator sees every example, an MI analyst (no personal data) none.
    public func qualityExampleSubjects(in store: any SubjectStore) async throws -> SubjectSet {
        guard seesCaseload else { return .none }
        return try await subjectIds(in: store).map(SubjectSet.only) ?? .every
    }
}
