import Foundation
import OpenEMCore

extension EnforcementStore {
    /// The violations with their current outcome and its history, read in one query for all of them.
    func withOutcomes(_ violations: [Violation]) async throws -> [Violation] {
        guard !violations.isEmpty else { return violations }
        let subjects = Set(violations.map(\.subjectId))
        // Past a caseload's worth of wearers, every outcome in one read is cheaper than a long list of ids.
        let events = try await violationOutcomes(subjectIds: subjects.count > 2000 ? nil : subjects.sorted())
        return ViolationOutcome.attach(events, to: violations)
    }
}
