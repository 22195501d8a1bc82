import Foundation
import OpenEMCore

/// Crimes, their batches, matches and evidence, and area searches: police and crime analysts work with their own
/// force's; administrators with any; an area search by the monitoring centre or an administrator is national.
extension Access {
    /// Whether the user may handle a crime or batch of this force.
    public func mayHandleCrimes(ofForce force: String) -> Bool {
        if user.has(.admin) { return true }
        return (user.has(.crimeAnalyst) || user.has(.police)) && user.forceArea == force
    }

    /// The error for a crime or batch that is missing or of another force: 404 only for administrators, who would
    /// see it if it existed; 403 for everyone else, whether or not it exists.
    public func crimeRecordUnavailable(_ what: String) -> APIError {
        user.has(.admin) ? APIError.notFound(what) : APIError.forbidden("this \(what) is not your force's")
    }

    /// Loads a crime the user may handle (see `crimeRecordUnavailable`).
    public func visibleCrime(_ id: EntityID, in store: any CrimeStore) async throws -> Crime {
        guard let crime = try await store.crime(id: id), mayHandleCrimes(ofForce: crime.forceArea) else {
            throw crimeRecordUnavailable("crime")
        }
        return crime
    }

    /// Loads a crime batch the user may handle (see `crimeRecordUnavailable`).
    public func visibleCrimeBatch(_ id: EntityID, in store: any CrimeStore) async throws -> CrimeBatch {
        guard let batch = try await store.crimeBatch(id: id), mayHandleCrimes(ofForce: batch.forceArea) else {
            throw crimeRecordUnavailable("crime batch")
        }
        return batch
    }

    /// The force area an area search is limited to, nil for a national search. Throws for a scoped user with no
    /// force area.
    public func areaSearchForceArea() throws -> String? {
        try require(.searchAreas)
        if hasNationalCrimeScope { return nil }
        guard let area = user.forceArea else { throw APIError.forbidden("your account has no force area") }
        return area
    }
}
