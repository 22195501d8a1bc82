import Foundation
import OpenEMCore

/// Legal holds: administrators hold anything; police and crime analysts their own force's wearers and crimes, and
/// the investigation references they placed holds on.
extension Access {
    /// Whether the user may see and release this hold.
    public func mayHandle(_ hold: LegalHold, in store: any OpenEMStore) async throws -> Bool {
        guard may(.placeLegalHolds) else { return false }
        if user.has(.admin) { return true }
        switch hold.target {
        case .subject(let id): return try await store.subject(id: id).map(canSee) ?? false
        case .crime(let id): return try await store.crime(id: id).map { mayHandleCrimes(ofForce: $0.forceArea) } ?? false
        case .reference: return hold.placedBy == user.id
        }
    }

    /// Checks the user may place a hold on `target`: a wearer or crime that is missing is 404 for administrators and,
    /// like one of another force, 403 for everyone else (probing ids reveals nothing).
    public func requireMayHold(_ target: LegalHoldTarget, in store: any OpenEMStore) async throws {
        try require(.placeLegalHolds)
        switch target {
        case .subject(let id):
            guard let subject = try await store.subject(id: id), user.has(.admin) || canSee(subject) else {
                throw user.has(.admin) ? APIError.notFound("wearer") : APIError.forbidden("this wearer is not your force's")
            }
        case .crime(let id):
            _ = try await visibleCrime(id, in: store)
        case .reference:
            return
        }
    }
}
