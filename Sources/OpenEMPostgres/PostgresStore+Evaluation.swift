import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: EvaluationStore {
    public func evaluatorCursor(partition: Int) async throws -> Int64 {
        for try await o in try await query("SELECT log_offset FROM evaluator_cursor WHERE partition = \(partition)").decode(Int64.self) {
            return o
        }
        return 0
    }

    public func configurationVersion() async throws -> Int64 {
        for try await v in try await query("SELECT version FROM config_version WHERE id = 1").decode(Int64.self) { return v }
        return 0
    }

    public func commitEvaluation(_ commit: EvaluationCommit) async throws {
        let evidence = try commit.violations.map { try StoreJSON.encode($0.evidence) }
        try await transaction { c in
            // The cursor moves first, and only from where this evaluator started: the row stays locked to the end of the
            // transaction, so of two nodes that think they own the partition, one commits and the other is told.
            var moved = false
            if let expected = commit.expectedCursor {
                for try await _ in try await c.query(
                    """
                    UPDATE evaluator_cursor SET log_offset = \(commit.cursor) WHERE partition = \(commit.partition) AND log_offset = \(expected)
                    RETURNING 1
                    """, logger: self.logger)
                { moved = true }
                if !moved && expected == 0 {
                    for try await _ in try await c.query(
                        """
                        INSERT INTO evaluator_cursor (partition, log_offset) VALUES (\(commit.partition), \(commit.cursor)) ON CONFLICT DO
                        NOTHING RETURNING 1
                        """, logger: self.logger)
                    { moved = true }
                }
                guard moved else {
                    throw StoreError.conflict("partition \(commit.partition) has moved on under another evaluator")
                }
            }
            for (v, e) in zip(commit.violations, evidence) {
                try await c.query(
                    """
                    INSERT INTO violations (id, subject_id, order_id, condition_id, device_id, type, status, start_at, end_at, late,
                                            evidence, created_at, updated_at)
                    VALUES (\(v.id), \(v.subjectId), \(v.orderId), \(v.conditionId), \(v.deviceId), \(v.type.rawValue), \(v.status.rawValue),
                            \(msDate(v.start)), \(v.end.map(msDate)), \(v.late), \(e)::jsonb, \(msDate(v.createdAt)), \(msDate(v.updatedAt)))
                    ON CONFLICT (id) DO UPDATE SET status = excluded.status, end_at = excluded.end_at, late = excluded.late,
                      evidence = excluded.evidence, updated_at = excluded.updated_at
                    """, logger: self.logger)
            }
            var events: [(topic: String, payload: Data)] = []
            for a in commit.alerts {
                // Locked for the transaction, so a user's change on another node waits for this one (or wins first).
                let stored = try await Self.bodies(
                    Alert.self,
                    c.query(
                        "SELECT body::text FROM alerts WHERE id = \(a.id) FOR UPDATE",
                        logger: self.logger)
                ).first
                guard let written = AlertMerge.written(a, over: stored, violations: commit.violations, at: commit.createdAt) else { continue }
                try await self.upsertAlert(written, c)
                events.append((AlertTopic.alert, try AlertTopic.payload(written)))
            }
            // Every wearer evaluated in this step: one statement, not a round trip each.
            let live = commit.liveStates
            if !live.isEmpty {
                try await c.query(
                    """
                    INSERT INTO wearer_state (subject_id, event_time, log_offset, state)
                    SELECT * FROM unnest(\(live.map(\.subjectId))::text[], \(live.map { msDate($0.eventTime) })::timestamptz[],
                                         \(live.map(\.offset))::bigint[], \(live.map { ByteBuffer(data: $0.state) })::bytea[])
                    ON CONFLICT (subject_id) DO UPDATE SET event_time = excluded.event_time, log_offset = excluded.log_offset,
                      state = excluded.state
                    """, logger: self.logger)
            }
            for (subjectId, from) in commit.discardCheckpointsFrom {
                try await c.query("DELETE FROM checkpoints WHERE subject_id = \(subjectId) AND event_time >= \(msDate(from))", logger: self.logger)
            }
            for s in commit.checkpoints {
                try await c.query(
                    """
                    INSERT INTO checkpoints (subject_id, event_time, log_offset, state)
                    VALUES (\(s.subjectId), \(msDate(s.eventTime)), \(s.offset), \(s.state))
                    ON CONFLICT (subject_id, event_time) DO UPDATE SET log_offset = excluded.log_offset, state = excluded.state
                    """, logger: self.logger)
                try await c.query(
                    """
                    DELETE FROM checkpoints WHERE subject_id = \(s.subjectId)
                      AND event_time < \(msDate(CheckpointRetention.pruneBefore(newest: s.eventTime)))
                    """, logger: self.logger)
            }
            try await self.appendOutbox(events + commit.outbox, at: commit.createdAt, c)
            if !moved {
                try await c.query(
                    """
                    INSERT INTO evaluator_cursor (partition, log_offset) VALUES (\(commit.partition), \(commit.cursor))
                    ON CONFLICT (partition) DO UPDATE SET log_offset = excluded.log_offset
                    """, logger: self.logger)
            }
        }
    }

    /// Appends outbox events with ids taken under the locked head row (commit order on every node).
    func appendOutbox(_ events: [(topic: String, payload: Data)], at: Date, _ c: PostgresConnection) async throws {
        guard !events.isEmpty else { return }
        var last: Int64 = 0
        for try await id in try await c.query("SELECT last_id FROM outbox_head WHERE id = 1 FOR UPDATE", logger: self.logger).decode(Int64.self) {
            last = id
        }
        for e in events {
            last += 1
            try await c.query(
                "INSERT INTO outbox (id, topic, payload, created_at) VALUES (\(last), \(e.topic), \(e.payload), \(msDate(at)))",
                logger: self.logger)
        }
        try await c.query("UPDATE outbox_head SET last_id = \(last) WHERE id = 1", logger: self.logger)
        // Delivered to every listening node when this transaction commits (and not at all if it rolls back).
        try await c.query("SELECT pg_notify('openem_outbox', '')", logger: self.logger)
    }

    static func checkpoints<S: AsyncSequence>(_ rows: S) async throws -> [EvaluatorCheckpoint] where S.Element == PostgresRow {
        var out: [EvaluatorCheckpoint] = []
        for try await (id, t, o, state) in rows.decode((String, Date, Int64, Data).self) {
            out.append(EvaluatorCheckpoint(subjectId: id, eventTime: msDate(t), offset: o, state: state))
        }
        return out
    }

    public func liveStates(subjectIds: [EntityID]) async throws -> [EvaluatorCheckpoint] {
        guard !subjectIds.isEmpty else { return [] }
        return try await Self.checkpoints(
            query(
                "SELECT subject_id, event_time, log_offset, state FROM wearer_state WHERE subject_id = ANY(\(subjectIds))"))
    }

    public func latestCheckpoint(subjectId: EntityID, atOrBefore: Date) async throws -> EvaluatorCheckpoint? {
        try await Self.checkpoints(
            query(
                """
                SELECT subject_id, event_time, log_offset, state FROM checkpoints
                WHERE subject_id = \(subjectId) AND event_time <= \(msDate(atOrBefore)) ORDER BY event_time DESC LIMIT 1
                """)
        ).first
    }

    static let violationColumns = """
        id, subject_id, order_id, condition_id, device_id, type, status, start_at, end_at, late, evidence::text, created_at, updated_at
        """

    static func violations<S: AsyncSequence>(_ rows: S) async throws -> [Violation] where S.Element == PostgresRow {
        var out: [Violation] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            out.append(
                Violation(
                    id: try r[0].decode(String.self), subjectId: try r[1].decode(String.self), orderId: try r[2].decode(String?.self),
                    conditionId: try r[3].decode(String?.self), deviceId: try r[4].decode(String?.self),
                    type: try ViolationType(stored: try r[5].decode(String.self), column: "violations.type"),
                    status: try ViolationStatus(stored: try r[6].decode(String.self), column: "violations.status"),
                    start: msDate(try r[7].decode(Date.self)), end: try r[8].decode(Date?.self).map(msDate), late: try r[9].decode(Bool.self),
                    evidence: try StoreJSON.decode(ViolationEvidence.self, try r[10].decode(String.self)),
                    createdAt: msDate(try r[11].decode(Date.self)), updatedAt: msDate(try r[12].decode(Date.self))))
        }
        return out
    }

    public func violation(id: EntityID) async throws -> Violation? {
        try await Self.violations(query("SELECT \(unescaped: Self.violationColumns) FROM violations WHERE id = \(id)")).first
    }

    public func violations(_ q: ViolationQuery) async throws -> [Violation] {
        if let ids = q.subjectIds, ids.isEmpty { return [] }
        let cut = q.before
        let cutStart = cut?.start
        return try await Self.violations(
            query(
                """
                SELECT \(unescaped: Self.violationColumns) FROM violations
                WHERE (\(q.subjectIds)::text[] IS NULL OR subject_id = ANY(\(q.subjectIds)))
                  AND (\(q.type?.rawValue)::text IS NULL OR type = \(q.type?.rawValue))
                  AND (\(q.status?.rawValue)::text IS NULL OR status = \(q.status?.rawValue))
                  AND (\(q.from.map(msDate))::timestamptz IS NULL OR end_at IS NULL OR end_at >= \(q.from.map(msDate)))
                  AND (\(q.to.map(msDate))::timestamptz IS NULL OR start_at < \(q.to.map(msDate)))
                  AND (\(cutStart)::timestamptz IS NULL OR start_at < \(cutStart) OR (start_at = \(cutStart) AND id < \(cut?.id)))
                ORDER BY start_at DESC, id DESC LIMIT \(q.limit)
                """))
    }

    public func outboxEvents(afterId: Int64, limit: Int) async throws -> [OutboxEvent] {
        var out: [OutboxEvent] = []
        for try await (id, topic, payload, at) in try await query(
            """
            SELECT id, topic, payload, created_at FROM outbox WHERE id > \(afterId) ORDER BY id LIMIT \(limit)
            """
        ).decode((Int64, String, Data, Date).self) {
            out.append(OutboxEvent(id: id, topic: topic, payload: payload, createdAt: msDate(at)))
        }
        return out
    }

    public func latestOutboxId() async throws -> Int64 {
        for try await id in try await query("SELECT last_id FROM outbox_head WHERE id = 1").decode(Int64.self) { return id }
        return 0
    }
}

extension PostgresStore: AlertStore {
    func upsertAlert(_ a: Alert, _ c: PostgresConnection) async throws {
        let body = try StoreJSON.encode(a)
        try await c.query(
            """
            INSERT INTO alerts (id, violation_id, subject_id, severity, status, force_area, probation_region, raised_at, ack_due_at,
                                revision, body)
            VALUES (\(a.id), \(a.violationId), \(a.subjectId), \(a.severity.rawValue), \(a.status.rawValue), \(a.forceArea),
                    \(a.probationRegion), \(msDate(a.raisedAt)), \(msDate(a.ackDueAt)), \(a.revision), \(body)::jsonb)
            ON CONFLICT (id) DO UPDATE SET severity = excluded.severity, status = excluded.status, ack_due_at = excluded.ack_due_at,
              revision = excluded.revision, body = excluded.body
            """, logger: self.logger)
    }

    public func alert(id: EntityID) async throws -> Alert? {
        try await Self.bodies(Alert.self, query("SELECT body::text FROM alerts WHERE id = \(id)")).first
    }

    public func alert(violationId: EntityID) async throws -> Alert? {
        try await Self.bodies(Alert.self, query("SELECT body::text FROM alerts WHERE violation_id = \(violationId)")).first
    }

    public func alerts(_ q: AlertQuery) async throws -> [Alert] {
        let allowed = q.minSeverity.map { m in Severity.allCases.filter { $0 >= m }.map(\.rawValue) }
        let before = q.before.map { (msDate($0.0), $0.1) }
        return try await Self.bodies(
            Alert.self,
            query(
                """
                SELECT body::text FROM alerts
                WHERE (\(q.status?.rawValue)::text IS NULL OR status = \(q.status?.rawValue))
                  AND (\(q.forceArea)::text IS NULL OR force_area = \(q.forceArea))
                  AND (\(q.probationRegion)::text IS NULL OR probation_region = \(q.probationRegion))
                  AND (\(q.subjectId)::text IS NULL OR subject_id = \(q.subjectId))
                  AND (\(allowed)::text[] IS NULL OR severity = ANY(\(allowed)))
                  AND (\(before?.0)::timestamptz IS NULL OR raised_at < \(before?.0) OR (raised_at = \(before?.0) AND id < \(before?.1)))
                ORDER BY raised_at DESC, id DESC LIMIT \(q.limit)
                """))
    }

    public func updateAlert(_ alert: Alert, outbox: [(topic: String, payload: Data)]) async throws {
        try await transaction { c in
            var current: Int?
            for try await r in try await c.query("SELECT revision FROM alerts WHERE id = \(alert.id) FOR UPDATE", logger: self.logger)
                .decode(Int.self)
            { current = r }
            guard let current else { throw StoreError.notFound("alert") }
            guard current == alert.revision - 1 else { throw StoreError.conflict("the alert changed meanwhile (revision \(current))") }
            try await self.upsertAlert(alert, c)
            try await self.appendOutbox(outbox, at: alert.updatedAt, c)
        }
    }

    public func alertsDue(now: Date) async throws -> [Alert] {
        try await Self.bodies(
            Alert.self,
            query(
                "SELECT body::text FROM alerts WHERE status = 'OPEN' AND ack_due_at <= \(msDate(now)) ORDER BY ack_due_at, id"))
    }

    public func insertWebhook(_ w: WebhookSubscription) async throws {
        let body = try StoreJSON.encode(w)
        try await query("INSERT INTO webhooks (id, body, cursor, active) VALUES (\(w.id), \(body)::jsonb, \(w.cursor), \(w.active))")
    }

    public func webhooks() async throws -> [WebhookSubscription] {
        var out: [WebhookSubscription] = []
        for try await (body, cursor) in try await query("SELECT body::text, cursor FROM webhooks WHERE active ORDER BY id")
            .decode((String, Int64).self)
        {
            var w = try StoreJSON.decode(WebhookSubscription.self, body)
            w.cursor = cursor
            out.append(w)
        }
        return out
    }

    public func advanceWebhook(id: EntityID, cursor: Int64) async throws {
        try await query("UPDATE webhooks SET cursor = greatest(cursor, \(cursor)) WHERE id = \(id)")
    }
}
