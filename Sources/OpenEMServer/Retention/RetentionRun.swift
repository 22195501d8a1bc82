import Crypto
import Foundation
import OpenEMCore

/// One retention run: the schedule in force and the holds in the store, planned at `now` (`RetentionPlan`), applied
/// by the store, and recorded as ONE audit entry with the counts per class and table and a SHA-256 digest of the
/// wearers' ids deleted (so a later question "was this person deleted in that run" can be answered without the
/// entry naming anyone). The audit log itself is never deleted: it is a hash chain, and it is the proof.
/// A dry run counts and deletes nothing, and is not audited.
public enum RetentionRun {
    public static let actorId = "system:retention"

    public static func run(_ store: any OpenEMStore, now: Date, dryRun: Bool) async throws -> RetentionOutcome {
        let plan = try await store.retentionPlan(at: now)
        let outcome = try await store.applyRetention(plan, dryRun: dryRun)
        if !dryRun {
            _ = try await store.appendAudit([
                AuditRecord(
                    at: now, actorId: actorId, actorRole: "system", action: "RETENTION_RUN", resourceType: "retention",
                    detail: try auditDetail(outcome))
            ])
        }
        return outcome
    }

    /// `{"classes":[{"retentionClass","rows":{"telemetry":12,...},"subjects":2,"subjectDigest":"<hex>"}]}`.
    static func auditDetail(_ outcome: RetentionOutcome) throws -> String {
        struct Entry: Encodable {
            var retentionClass: String
            var rows: [String: Int]
            var subjects: Int?
            var subjectDigest: String?
        }
        let entries = outcome.classes.map { c in
            Entry(
                retentionClass: c.retentionClass.rawValue, rows: Dictionary(c.rows.map { ($0.table, $0.count) }, uniquingKeysWith: +),
                subjects: c.subjectIds.isEmpty ? nil : c.subjectIds.count,
                subjectDigest: c.subjectIds.isEmpty ? nil : digest(c.subjectIds))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(["classes": entries]), as: UTF8.self)
    }

    /// SHA-256 over the sorted ids, one a line.
    public static func digest(_ ids: [EntityID]) -> String {
        SHA256.hash(data: Data(ids.sorted().joined(separator: "\n").utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
