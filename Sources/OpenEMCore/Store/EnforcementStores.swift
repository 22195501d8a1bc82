import Foundation

/// Violation outcomes and enforcement cases: what officers decided after a breach.
public protocol EnforcementStore: Sendable {
    /// Appends an outcome; earlier ones are kept (the last recorded is the current one).
    func insertViolationOutcome(_ outcome: ViolationOutcome) async throws
    /// Every outcome recorded for violations of these wearers (nil: every wearer), in the order they were recorded.
    func violationOutcomes(subjectIds: [EntityID]?) async throws -> [ViolationOutcome]

    func insertEnforcementCase(_ enforcementCase: EnforcementCase) async throws
    /// Writes the case only if the stored revision is `revision - 1` (else `StoreError.conflict`), so two officers
    /// adding a step at once cannot both win.
    func updateEnforcementCase(_ enforcementCase: EnforcementCase) async throws
    func enforcementCase(id: EntityID) async throws -> EnforcementCase?
    /// The cases of these wearers (nil: every wearer), newest opened first; only the open ones when `openOnly`.
    func enforcementCases(subjectIds: [EntityID]?, openOnly: Bool) async throws -> [EnforcementCase]
}
