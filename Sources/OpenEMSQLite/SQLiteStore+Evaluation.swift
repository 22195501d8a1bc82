import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: EvaluationStore {
    public func evaluatorCursor(partition: Int) async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT offset FROM evaluator_cursor WHERE partition = ?", arguments: [partition]) ?? 0
        }
    }

    public func configurationVersion() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT version FROM config_version WHERE id = 1") ?? 0 }
    }

    public func commitEvaluation(_ c: EvaluationCommit) async throws {
        let evidence = try c.violations.map { try StoreJSON.encode($0.evidence) }
        let alertBodies = try c.alerts.map { try StoreJSON.encode($0) }
        try await write { db in
            if let expected = c.expectedCursor {
                let stored = try Int64.fetchOne(db, sql: "SELECT offset FROM evaluator_cursor WHERE partition = ?", arguments: [c.partition]) ?? 0
                guard stored == expected else {
                    throw StoreError.conflict("partition \(c.partition) has moved on to \(stored) under another evaluator")
                }
            }
            let upsertViolation = try db.cachedStatement(
                sql: """
                    INSERT INTO violations (id, subject_id, order_id, condition_id, device_id, type, status, start, end, late,
                                            evidence, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, end = excluded.end, late = excluded.late,
                      evidence = excluded.evidence, updated_at = excluded.updated_at
                    """)
            for (v, e) in zip(c.violations, evidence) {
                try upsertViolation.execute(arguments: [
                    v.id, v.subjectId, v.orderId, v.conditionId, v.deviceId, v.type.rawValue,
                    v.status.rawValue, ms(v.start), v.end.map(ms), v.late, e,
                    ms(v.createdAt), ms(v.updatedAt),
                ])
            }
            for (a, body) in zip(c.alerts, alertBodies) {
                let stored = try String.fetchOne(db, sql: "SELECT body FROM alerts WHERE id = ?", arguments: [a.id])
                    .map(Self.decodeAlert)
                guard let written = AlertMerge.written(a, over: stored, violations: c.violations, at: c.createdAt) else { continue }
                let writtenBody = written == a ? body : try StoreJSON.encode(written)
                try Self.upsertAlert(db, written, writtenBody)
                try Self.appendOutbox(db, [(AlertTopic.alert, try AlertTopic.payload(written))], at: c.createdAt)
            }
            let state = try db.cachedStatement(
                sql: """
                    INSERT INTO wearer_state (subject_id, event_time, offset, state) VALUES (?, ?, ?, ?)
                    ON CONFLICT(subject_id) DO UPDATE SET event_time = excluded.event_time, offset = excluded.offset, state = excluded.state
                    """)
            for s in c.liveStates { try state.execute(arguments: [s.subjectId, ms(s.eventTime), s.offset, s.state]) }
            let checkpoint = try db.cachedStatement(
                sql: """
                    INSERT OR REPLACE INTO checkpoints (subject_id, event_time, offset, state) VALUES (?, ?, ?, ?)
                    """)
            let prune = try db.cachedStatement(sql: "DELETE FROM checkpoints WHERE subject_id = ? AND event_time < ?")
            let stale = try db.cachedStatement(sql: "DELETE FROM checkpoints WHERE subject_id = ? AND event_time >= ?")
            for (subjectId, from) in c.discardCheckpointsFrom { try stale.execute(arguments: [subjectId, ms(from)]) }
            for s in c.checkpoints {
                try checkpoint.execute(arguments: [s.subjectId, ms(s.eventTime), s.offset, s.state])
                try prune.execute(arguments: [s.subjectId, ms(CheckpointRetention.pruneBefore(newest: s.eventTime))])
            }
            try Self.appendOutbox(db, c.outbox, at: c.createdAt)
            try db.execute(
                sql: """
                    INSERT INTO evaluator_cursor (partition, offset) VALUES (?, ?)
                    ON CONFLICT(partition) DO UPDATE SET offset = excluded.offset
                    """, arguments: [c.partition, c.cursor])
        }
    }

    static func appendOutbox(_ db: Database, _ events: [(topic: String, payload: Data)], at: Date) throws {
        guard !events.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT INTO outbox (topic, payload, created_at) VALUES (?, ?, ?)")
        for e in events { try insert.execute(arguments: [e.topic, e.payload, ms(at)]) }
    }

    static func checkpoint(_ r: Row) -> EvaluatorCheckpoint {
        EvaluatorCheckpoint(subjectId: r["subject_id"], eventTime: date(r["event_time"]), offset: r["offset"], state: r["state"])
    }

    public func liveStates(subjectIds: [EntityID]) async throws -> [EvaluatorCheckpoint] {
        try await read { db in
            var out: [EvaluatorCheckpoint] = []
            for chunk in stride(from: 0, to: subjectIds.count, by: 500) {
                let ids = Array(subjectIds[chunk..<min(chunk + 500, subjectIds.count)])
                let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
                out += try Row.fetchAll(
                    db, sql: "SELECT * FROM wearer_state WHERE subject_id IN (\(marks))",
                    arguments: StatementArguments(ids)
                ).map(Self.checkpoint)
            }
            return out
        }
    }

    public func latestCheckpoint(subjectId: EntityID, atOrBefore: Date) async throws -> EvaluatorCheckpoint? {
        try await read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM checkpoints WHERE subject_id = ? AND event_time <= ? ORDER BY event_time DESC LIMIT 1
                    """, arguments: [subjectId, ms(atOrBefore)]
            ).map(Self.checkpoint)
        }
    }

    static func violation(_ r: Row) throws -> Violation {
        Violation(
            id: r["id"], subjectId: r["subject_id"], orderId: r["order_id"], conditionId: r["condition_id"],
            deviceId: r["device_id"], type: try ViolationType(stored: r["type"], column: "violations.type"),
            status: try ViolationStatus(stored: r["status"], column: "violations.status"), start: date(r["start"]),
            end: (r["end"] as Int64?).map(date), late: r["late"],
            evidence: try StoreJSON.decode(ViolationEvidence.self, r["evidence"]),
            createdAt: date(r["created_at"]), updatedAt: date(r["updated_at"]))
    }

    public func violation(id: EntityID) async throws -> Violation? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM violations WHERE id = ?", arguments: [id]).map(Self.violation) }
    }

    public func violations(_ q: ViolationQuery) async throws -> [Violation] {
        try await read { db in
            var sql = "SELECT * FROM violations WHERE 1 = 1"
            var args: [any DatabaseValueConvertible] = []
            if let ids = q.subjectIds {
                if ids.isEmpty { return [] }
                sql += " AND subject_id IN (\(Array(repeating: "?", count: ids.count).joined(separator: ",")))"
                args += ids
            }
            if let t = q.type {
                sql += " AND type = ?"
                args.append(t.rawValue)
            }
            if let s = q.status {
                sql += " AND status = ?"
                args.append(s.rawValue)
            }
            if let from = q.from {
                sql += " AND (end IS NULL OR end >= ?)"
                args.append(ms(from))
            }
            if let to = q.to {
                sql += " AND start < ?"
                args.append(ms(to))
            }
            if let cut = q.before {
                sql += " AND (start < ? OR (start = ? AND id < ?))"
                args += [cut.startMillis, cut.startMillis, cut.id]
            }
            sql += " ORDER BY start DESC, id DESC LIMIT ?"
            args.append(q.limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.violation)
        }
    }

    public func outboxEvents(afterId: Int64, limit: Int) async throws -> [OutboxEvent] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM outbox WHERE id > ? ORDER BY id LIMIT ?"),
                arguments: [afterId, limit]
            ).map { r in
                OutboxEvent(id: r["id"], topic: r["topic"], payload: r["payload"], createdAt: date(r["created_at"]))
            }
        }
    }

    public func latestOutboxId() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM outbox") ?? 0 }
    }
}
