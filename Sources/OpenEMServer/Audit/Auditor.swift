import Foundation
import OpenEMCore

/// Writes the audit trail. Every read or change of personal data passes through here, success or refusal; a read
/// names the classes of personal data it disclosed (`AuditedPersonalData`).
public struct Auditor: Sendable {
    let store: any AuditStore
    let clock: @Sendable () -> Date

    public init(store: any AuditStore, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.clock = clock
    }

    public func record(
        _ user: User?, _ action: String, _ resourceType: String, _ resourceId: String? = nil,
        purpose: String? = nil, reference: String? = nil, outcome: AuditOutcome = .success,
        detail: String? = nil
    ) async throws {
        try await store.appendAudit([
            AuditRecord(
                at: clock(), actorId: user?.id ?? "anonymous", actorRole: user?.roles.map(\.rawValue).joined(separator: ",") ?? "none",
                action: action, resourceType: resourceType, resourceId: resourceId, purpose: purpose,
                reference: reference, outcome: outcome,
                detail: AuditedPersonalData.detail(detail, action: action, resourceType: resourceType, outcome: outcome))
        ])
    }
}
