import Foundation

/// The retention schedule in force, legal holds, and the deletions a retention run makes (`RetentionPlan`).
public protocol RetentionStore: Sendable {
    /// The rules saved by `PUT /api/v1/retention`; nil while the defaults are in force.
    func savedRetentionRules() async throws -> [RetentionRule]?
    func saveRetentionRules(_ rules: [RetentionRule]) async throws
    func insertLegalHold(_ hold: LegalHold) async throws
    func legalHold(id: EntityID) async throws -> LegalHold?
    /// Oldest first, released ones included.
    func legalHolds() async throws -> [LegalHold]
    /// Writes a hold's release over it; nil when there is no such hold.
    func updateLegalHold(_ hold: LegalHold) async throws -> LegalHold?
    /// Every wearer with when each of their orders ended (nil: still running) as at `now`.
    func retentionWearers(now: Date) async throws -> [RetentionWearer]
    /// The wearers matched to any of these crimes, or to a crime with any of these references.
    func wearersMatched(crimeIds: Set<EntityID>, references: Set<String>) async throws -> Set<EntityID>
    /// Deletes what `plan` says is due, in short transactions (a failure half-way leaves every table consistent and
    /// the run can be repeated); with `dryRun` counts the same rows and deletes nothing.
    func applyRetention(_ plan: RetentionPlan, dryRun: Bool) async throws -> RetentionOutcome
}

extension RetentionStore {
    /// The plan for a run at `now`: the schedule in force, every wearer, the holds, and the wearers held through a crime.
    public func retentionPlan(at now: Date) async throws -> RetentionPlan {
        let holds = try await legalHolds()
        let crimes = RetentionPlan.heldCrimeTargets(holds, at: now)
        let matched =
            crimes.crimeIds.isEmpty && crimes.references.isEmpty
            ? [] : try await wearersMatched(crimeIds: crimes.crimeIds, references: crimes.references)
        return RetentionPlan(
            schedule: try await retentionSchedule(), now: now, wearers: try await retentionWearers(now: now), holds: holds,
            wearersOfHeldCrimes: matched)
    }

    /// The schedule in force: the saved rules over the defaults.
    public func retentionSchedule() async throws -> RetentionSchedule {
        guard let saved = try await savedRetentionRules() else { return .defaults }
        do {
            return try RetentionSchedule.defaults.applying(saved.map { ($0.retentionClass.rawValue, $0.keep.description, $0.after.rawValue) })
        } catch {
            throw StoreError.unavailable("the saved retention schedule no longer passes its checks: \(error.message)")
        }
    }
}
