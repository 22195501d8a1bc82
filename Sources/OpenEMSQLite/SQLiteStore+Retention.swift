import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: RetentionStore {
    public func savedRetentionRules() async throws -> [RetentionRule]? {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT retention_class, keep, after FROM retention_rules")
            guard !rows.isEmpty else { return nil }
            return try rows.map { r in
                let name: String = r[0], keep: String = r[1], after: String = r[2]
                guard let c = RetentionClass(rawValue: name), let period = RetentionPeriod(iso8601: keep),
                    let anchor = RetentionAnchor(rawValue: after)
                else { throw StoreError.unavailable("retention_rules holds a rule it cannot read: \(name) \(keep) \(after)") }
                return RetentionRule(retentionClass: c, keep: period, after: anchor)
            }
        }
    }

    public func saveRetentionRules(_ rules: [RetentionRule]) async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM retention_rules")
            for r in rules {
                try db.execute(
                    sql: "INSERT INTO retention_rules (retention_class, keep, after) VALUES (?, ?, ?)",
                    arguments: [r.retentionClass.rawValue, r.keep.description, r.after.rawValue])
            }
        }
    }

    public func insertLegalHold(_ hold: LegalHold) async throws {
        let body = try StoreJSON.encode(hold)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO legal_holds (id, kind, value, placed_at, body) VALUES (?, ?, ?, ?, ?)",
                arguments: [hold.id, hold.target.kind, hold.target.value, ms(hold.placedAt), body])
        }
    }

    public func legalHold(id: EntityID) async throws -> LegalHold? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM legal_holds WHERE id = ?", arguments: [id]).map {
                try StoreJSON.decode(LegalHold.self, $0)
            }
        }
    }

    public func legalHolds() async throws -> [LegalHold] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM legal_holds ORDER BY placed_at, id").map { try StoreJSON.decode(LegalHold.self, $0) }
        }
    }

    public func updateLegalHold(_ hold: LegalHold) async throws -> LegalHold? {
        let body = try StoreJSON.encode(hold)
        return try await write { db in
            try db.execute(sql: "UPDATE legal_holds SET body = ? WHERE id = ?", arguments: [body, hold.id])
            return db.changesCount == 1 ? hold : nil
        }
    }

    public func retentionWearers(now: Date) async throws -> [RetentionWearer] {
        try await read { db in
            var ends: [EntityID: [Date?]] = [:]
            // The newest version of each order says whether and when it ended.
            for body in try String.fetchAll(
                db,
                sql: "SELECT o.body FROM orders o WHERE o.version = (SELECT max(version) FROM orders o2 WHERE o2.id = o.id)")
            {
                let order = try StoreJSON.decode(Order.self, body)
                ends[order.subjectId, default: []].append(RetentionWearer.orderEnd(of: order, now: now))
            }
            return try Row.fetchAll(db, sql: "SELECT id, created_at FROM subjects ORDER BY id").map { r in
                let id: String = r[0]
                return RetentionWearer(subjectId: id, createdAt: date(r[1]), orderEnds: ends[id] ?? [])
            }
        }
    }

    public func wearersMatched(crimeIds: Set<EntityID>, references: Set<String>) async throws -> Set<EntityID> {
        let ids = try StoreJSON.encode(crimeIds.sorted()), refs = try StoreJSON.encode(references.sorted())
        return try await read { db in
            Set(
                try String.fetchAll(
                    db,
                    sql: """
                        SELECT DISTINCT m.subject_id FROM crime_matches m JOIN crimes c ON c.id = m.crime_id
                        WHERE c.id IN (SELECT value FROM json_each(?)) OR c.reference IN (SELECT value FROM json_each(?))
                        """, arguments: [ids, refs]))
        }
    }

    public func applyRetention(_ plan: RetentionPlan, dryRun: Bool) async throws -> RetentionOutcome {
        let held = try StoreJSON.encode(Array(plan.heldSubjects).sorted())
        var classes: [RetentionClassOutcome] = []

        // Fixes and readings, by age, except while a held wearer wore the device. LOCATION is cut at a 10-minute slot's
        // start so that the packed trail and the search index (kept per slot) go with exactly the fixes they index.
        let cutSlot = SpaceTimeCell.slot(plan.cutoff(for: .location))
        let locationCut = cutSlot * Int64(SpaceTimeCell.slotSeconds) * 1000
        let heldAtTime = """
            NOT EXISTS (SELECT 1 FROM installations i JOIN devices d ON d.id = i.device_id WHERE d.dkey = telemetry.dkey
              AND i.subject_id IN (SELECT value FROM json_each(?)) AND i.installed_at <= telemetry.time
              AND (i.removed_at IS NULL OR i.removed_at > telemetry.time))
            """
        func heldInSlot(_ table: String) -> String {
            """
            NOT EXISTS (SELECT 1 FROM installations i JOIN devices d ON d.id = i.device_id WHERE d.dkey = \(table).dkey
              AND i.subject_id IN (SELECT value FROM json_each(?)) AND i.installed_at < (\(table).slot + 1) * 600000
              AND (i.removed_at IS NULL OR i.removed_at > \(table).slot * 600000))
            """
        }
        let located = "\(TelemetryFields.Kind.position.rawValue), \(TelemetryFields.Kind.unlocated.rawValue)"
        let location = [
            try await delete(
                "telemetry", key: "\"offset\"", where: "kind IN (\(located)) AND time < ? AND \(heldAtTime)", [locationCut, held], dryRun),
            try await delete(
                "trail_chunks", key: "(dkey, slot, part)", where: "slot < ? AND \(heldInSlot("trail_chunks"))", [cutSlot, held], dryRun),
            try await delete(
                "position_slots", key: "(cell, slot, dkey)", where: "slot < ? AND \(heldInSlot("position_slots"))", [cutSlot, held], dryRun),
        ]
        classes.append(RetentionClassOutcome(retentionClass: .location, rows: location))
        let readingsCut = ms(plan.cutoff(for: .deviceReadings))
        classes.append(
            RetentionClassOutcome(
                retentionClass: .deviceReadings,
                rows: [
                    try await delete(
                        "telemetry", key: "\"offset\"", where: "kind NOT IN (\(located)) AND time < ? AND \(heldAtTime)", [readingsCut, held], dryRun
                    )
                ]))

        // Per wearer, the classes that count from the end of their last order; the person last, once nothing refers to them.
        let perWearer: [(RetentionClass, [(table: String, key: String)])] = [
            (.violationAlert, [("alerts", "rowid"), ("violation_outcomes", "rowid"), ("enforcement_cases", "rowid"), ("violations", "rowid")]),
            (
                .orderRecord,
                [("checkpoints", "(subject_id, event_time)"), ("wearer_state", "subject_id"), ("installations", "rowid"), ("orders", "rowid")]
            ),
            (.subjectRecord, [("address_checks", "rowid"), ("crime_matches", "(crime_id, subject_id)"), ("subjects", "rowid")]),
        ]
        for (c, tables) in perWearer {
            let due = plan.wearersDue(for: c)
            let ids = try StoreJSON.encode(due)
            var rows: [RetentionClassOutcome.TableRows] = []
            for t in tables {
                let column = t.table == "subjects" ? "id" : "subject_id"
                rows.append(try await delete(t.table, key: t.key, where: "\(column) IN (SELECT value FROM json_each(?))", [ids], dryRun))
            }
            classes.append(RetentionClassOutcome(retentionClass: c, rows: rows, subjectIds: due))
        }

        // Crimes by when their batch came, unless the crime or its reference is held; then the batches left empty, and
        // area searches by when they were made, unless their reference is held.
        let crimeCut = ms(plan.cutoff(for: .crime))
        let heldCrimes = try StoreJSON.encode(Array(plan.heldCrimes).sorted())
        let heldReferences = try StoreJSON.encode(Array(plan.heldReferences).sorted())
        let crimeDue = """
            batch_id IN (SELECT id FROM crime_batches WHERE submitted_at < ?) AND id NOT IN (SELECT value FROM json_each(?))
            AND reference NOT IN (SELECT value FROM json_each(?))
            """
        let crime = [
            try await delete(
                "crime_matches", key: "(crime_id, subject_id)", where: "crime_id IN (SELECT id FROM crimes WHERE \(crimeDue))",
                [crimeCut, heldCrimes, heldReferences], dryRun),
            try await delete("crimes", key: "rowid", where: crimeDue, [crimeCut, heldCrimes, heldReferences], dryRun),
            try await delete(
                "crime_batches", key: "rowid",
                where: dryRun
                    ? "submitted_at < ? AND NOT EXISTS (SELECT 1 FROM crimes c WHERE c.batch_id = crime_batches.id AND NOT (\(crimeDue)))"
                    : "submitted_at < ? AND NOT EXISTS (SELECT 1 FROM crimes c WHERE c.batch_id = crime_batches.id)",
                dryRun ? [crimeCut, crimeCut, heldCrimes, heldReferences] : [crimeCut], dryRun),
            try await delete(
                "area_searches", key: "rowid",
                where: "created_at < ? AND json_extract(body, '$.reference') NOT IN (SELECT value FROM json_each(?))",
                [crimeCut, heldReferences], dryRun),
        ]
        classes.append(RetentionClassOutcome(retentionClass: .crime, rows: crime))

        // The daily data-quality figures (device_activity is one aggregate row per device and is kept).
        let qualityCut = String(ISOTime.format(plan.cutoff(for: .operational)).prefix(10))
        classes.append(
            RetentionClassOutcome(
                retentionClass: .operational,
                rows: [try await delete("quality_history", key: "(day, rule)", where: "day < ?", [qualityCut], dryRun)]))
        return RetentionOutcome(now: plan.now, dryRun: dryRun, classes: classes)
    }

    /// Deletes the rows `condition` picks from `table`, `key` being its primary key: a batch of keys is found by a read
    /// (which never blocks the writer) walking the key in order from where the last batch ended, so each row is looked at
    /// once, and deleted by key in one short write. A run that fails half-way has deleted whole batches only. Dry, counts.
    private func delete(
        _ table: String, key: String, where condition: String, _ values: [any DatabaseValueConvertible & Sendable], _ dryRun: Bool
    ) async throws -> RetentionClassOutcome.TableRows {
        if dryRun {
            let n = try await read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE \(condition)", arguments: StatementArguments(values)) ?? 0
            }
            return .init(table: table, count: n)
        }
        let batch = 5_000
        let columns = key.trimmingCharacters(in: CharacterSet(charactersIn: "()")).split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        let list = columns.joined(separator: ", ")
        let marks = "(" + columns.map { _ in "?" }.joined(separator: ", ") + ")"
        let match = columns.map { "\($0) = ?" }.joined(separator: " AND ")
        var total = 0
        var last: [DatabaseValue]?
        while true {
            let after = last
            let keys: [[DatabaseValue]] = try await read { db in
                let from = after == nil ? "" : "(\(list)) > \(marks) AND "
                var arguments: [(any DatabaseValueConvertible)?] = after ?? []
                arguments += values.map { $0 as any DatabaseValueConvertible }
                return try Row.fetchAll(
                    db, sql: "SELECT \(list) FROM \(table) WHERE \(from)(\(condition)) ORDER BY \(list) LIMIT \(batch)",
                    arguments: StatementArguments(arguments)
                ).map { row in (0..<columns.count).map { row[$0] as DatabaseValue } }
            }
            guard !keys.isEmpty else { break }
            total += try await write { db in
                let statement = try db.cachedStatement(sql: "DELETE FROM \(table) WHERE \(match)")
                var n = 0
                for k in keys {
                    try statement.execute(arguments: StatementArguments(k))
                    n += db.changesCount
                }
                return n
            }
            last = keys.last
            if keys.count < batch { break }
        }
        return .init(table: table, count: total)
    }
}
