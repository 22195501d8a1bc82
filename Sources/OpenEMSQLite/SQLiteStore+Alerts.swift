import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: AlertStore {
    static func upsertAlert(_ db: Database, _ a: Alert, _ body: String) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO alerts (id, violation_id, subject_id, severity, status, force_area, probation_region, raised_at,
                                    ack_due_at, revision, body)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET severity = excluded.severity, status = excluded.status,
                  ack_due_at = excluded.ack_due_at, revision = excluded.revision, body = excluded.body
                """
        ).execute(arguments: [
            a.id, a.violationId, a.subjectId, a.severity.rawValue, a.status.rawValue, a.forceArea,
            a.probationRegion, ms(a.raisedAt), ms(a.ackDueAt), a.revision, body,
        ])
    }

    static func decodeAlert(_ body: String) throws -> Alert { try StoreJSON.decode(Alert.self, body) }

    public func alert(id: EntityID) async throws -> Alert? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM alerts WHERE id = ?", arguments: [id]).map(Self.decodeAlert)
        }
    }

    public func alert(violationId: EntityID) async throws -> Alert? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM alerts WHERE violation_id = ?", arguments: [violationId]).map(Self.decodeAlert)
        }
    }

    public func alerts(_ q: AlertQuery) async throws -> [Alert] {
        try await read { db in
            var sql = "SELECT body FROM alerts WHERE 1 = 1"
            var args: [any DatabaseValueConvertible] = []
            if let s = q.status {
                sql += " AND status = ?"
                args.append(s.rawValue)
            }
            if let f = q.forceArea {
                sql += " AND force_area = ?"
                args.append(f)
            }
            if let r = q.probationRegion {
                sql += " AND probation_region = ?"
                args.append(r)
            }
            if let s = q.subjectId {
                sql += " AND subject_id = ?"
                args.append(s)
            }
            if let m = q.minSeverity {
                let allowed = Severity.allCases.filter { $0 >= m }.map { "'\($0.rawValue)'" }.joined(separator: ",")
                sql += " AND severity IN (\(allowed))"
            }
            if let (t, id) = q.before {
                sql += " AND (raised_at < ? OR (raised_at = ? AND id < ?))"
                args += [ms(t), ms(t), id]
            }
            sql += " ORDER BY raised_at DESC, id DESC LIMIT ?"
            args.append(q.limit)
            return try String.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.decodeAlert)
        }
    }

    public func updateAlert(_ alert: Alert, outbox: [(topic: String, payload: Data)]) async throws {
        let body = try StoreJSON.encode(alert)
        try await write { db in
            let current = try Int.fetchOne(db, sql: "SELECT revision FROM alerts WHERE id = ?", arguments: [alert.id])
            guard let current else { throw StoreError.notFound("alert") }
            guard current == alert.revision - 1 else {
                throw StoreError.conflict("the alert changed meanwhile (revision \(current))")
            }
            try Self.upsertAlert(db, alert, body)
            try Self.appendOutbox(db, outbox, at: alert.updatedAt)
        }
    }

    public func alertsDue(now: Date) async throws -> [Alert] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM alerts WHERE status = 'OPEN' AND ack_due_at <= ? ORDER BY ack_due_at",
                arguments: [ms(now)]
            ).map(Self.decodeAlert)
        }
    }

    public func insertWebhook(_ w: WebhookSubscription) async throws {
        let body = try StoreJSON.encode(w)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO webhooks (id, body, cursor, active) VALUES (?, ?, ?, ?)",
                arguments: [w.id, body, w.cursor, w.active])
        }
    }

    public func webhooks() async throws -> [WebhookSubscription] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT body, cursor FROM webhooks WHERE active = 1 ORDER BY id").map { r in
                var w = try StoreJSON.decode(WebhookSubscription.self, r["body"])
                w.cursor = r["cursor"]
                return w
            }
        }
    }

    public func advanceWebhook(id: EntityID, cursor: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE webhooks SET cursor = max(cursor, ?) WHERE id = ?", arguments: [cursor, id])
        }
    }
}
