import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: RetentionStore {
    public func savedRetentionRules() async throws -> [RetentionRule]? {
        var rules: [RetentionRule] = []
        for try await (name, keep, after) in try await query("SELECT retention_class, keep, after FROM retention_rules").decode(
            (String, String, String).self)
        {
            guard let c = RetentionClass(rawValue: name), let period = RetentionPeriod(iso8601: keep), let anchor = RetentionAnchor(rawValue: after)
            else { throw StoreError.unavailable("retention_rules holds a rule it cannot read: \(name) \(keep) \(after)") }
            rules.append(RetentionRule(retentionClass: c, keep: period, after: anchor))
        }
        return rules.isEmpty ? nil : rules
    }

    public func saveRetentionRules(_ rules: [RetentionRule]) async throws {
        let names = rules.map(\.retentionClass.rawValue), keeps = rules.map(\.keep.description), afters = rules.map(\.after.rawValue)
        try await transaction { c in
            try await c.query("DELETE FROM retention_rules", logger: self.logger)
            try await c.query(
                """
                INSERT INTO retention_rules (retention_class, keep, after)
                SELECT * FROM UNNEST(\(names)::text[], \(keeps)::text[], \(afters)::text[])
                """, logger: self.logger)
        }
    }

    public func insertLegalHold(_ hold: LegalHold) async throws {
        try await query(
            """
            INSERT INTO legal_holds (id, kind, value, placed_at, body) VALUES (\(hold.id), \(hold.target.kind), \(hold.target.value),
              \(msDate(hold.placedAt)), \(try StoreJSON.encode(hold))::jsonb)
            """)
    }

    public func legalHold(id: EntityID) async throws -> LegalHold? {
        try await Self.bodies(LegalHold.self, query("SELECT body::text FROM legal_holds WHERE id = \(id)")).first
    }

    public func legalHolds() async throws -> [LegalHold] {
        try await Self.bodies(LegalHold.self, query("SELECT body::text FROM legal_holds ORDER BY placed_at, id"))
    }

    public func updateLegalHold(_ hold: LegalHold) async throws -> LegalHold? {
        let updated = try await Self.bodies(
            LegalHold.self, query("UPDATE legal_holds SET body = \(try StoreJSON.encode(hold))::jsonb WHERE id = \(hold.id) RETURNING body::text"))
        return updated.first
    }

    public func retentionWearers(now: Date) async throws -> [RetentionWearer] {
        var ends: [EntityID: [Date?]] = [:]
        // The newest version of each order says whether and when it ended.
        for order in try await Self.bodies(
            Order.self, query("SELECT o.body::text FROM orders o WHERE o.version = (SELECT max(version) FROM orders o2 WHERE o2.id = o.id)"))
        {
            ends[order.subjectId, default: []].append(RetentionWearer.orderEnd(of: order, now: now))
        }
        var wearers: [RetentionWearer] = []
        for try await (id, created) in try await query("SELECT id, created_at FROM subjects ORDER BY id").decode((String, Date).self) {
            wearers.append(RetentionWearer(subjectId: id, createdAt: created, orderEnds: ends[id] ?? []))
        }
        return wearers
    }

    public func wearersMatched(crimeIds: Set<EntityID>, references: Set<String>) async throws -> Set<EntityID> {
        let ids = crimeIds.sorted(), refs = references.sorted()
        var found = Set<EntityID>()
        for try await id in try await query(
            """
            SELECT DISTINCT m.subject_id FROM crime_matches m JOIN crimes c ON c.id = m.crime_id
            WHERE c.id = ANY(\(ids)::text[]) OR c.reference = ANY(\(refs)::text[])
            """
        ).decode(String.self) {
            found.insert(id)
        }
        return found
    }

    public func applyRetention(_ plan: RetentionPlan, dryRun: Bool) async throws -> RetentionOutcome {
        let held = Array(plan.heldSubjects).sorted()
        var classes: [RetentionClassOutcome] = []

        // Fixes and readings, by age, except while a held wearer wore the device. LOCATION is cut at a 10-minute slot's
        // start so that the packed trail and the search index (kept per slot) go with exactly the fixes they index.
        // `telemetry_seq` is kept: it holds no reading, and keeps a late resend of a deleted reading a duplicate.
        let slotSeconds = Int64(SpaceTimeCell.slotSeconds)
        let cutSlot = SpaceTimeCell.slot(plan.cutoff(for: .location))
        let locationCut = Date(timeIntervalSince1970: Double(cutSlot * slotSeconds))
        let heldAtTime = """
            NOT EXISTS (SELECT 1 FROM installations i JOIN devices d ON d.id = i.device_id WHERE d.dkey = telemetry.dkey
              AND i.subject_id = ANY($2::text[]) AND i.installed_at <= telemetry.time
              AND (i.removed_at IS NULL OR i.removed_at > telemetry.time))
            """
        func heldInSlot(_ table: String) -> String {
            """
            NOT EXISTS (SELECT 1 FROM installations i JOIN devices d ON d.id = i.device_id WHERE d.dkey = \(table).dkey
              AND i.subject_id = ANY($2::text[]) AND i.installed_at < to_timestamp((\(table).slot + 1) * \(slotSeconds))
              AND (i.removed_at IS NULL OR i.removed_at > to_timestamp(\(table).slot * \(slotSeconds))))
            """
        }
        let located = "\(TelemetryFields.Kind.position.rawValue), \(TelemetryFields.Kind.unlocated.rawValue)"
        func binds(_ fill: (inout PostgresBindings) -> Void) -> PostgresBindings {
            var b = PostgresBindings()
            fill(&b)
            return b
        }
        let location = [
            try await delete(
                "telemetry", walk: "log_offset", where: "kind IN (\(located)) AND time < $1 AND \(heldAtTime)",
                binds {
                    $0.append(locationCut)
                    $0.append(held)
                }, dryRun),
            try await delete(
                "trail_chunks", where: "slot < $1 AND \(heldInSlot("trail_chunks"))",
                binds {
                    $0.append(cutSlot)
                    $0.append(held)
                }, dryRun),
            try await delete(
                "position_slots", where: "slot < $1 AND \(heldInSlot("position_slots"))",
                binds {
                    $0.append(cutSlot)
                    $0.append(held)
                }, dryRun),
        ]
        classes.append(RetentionClassOutcome(retentionClass: .location, rows: location))
        let readings = try await delete(
            "telemetry", walk: "log_offset", where: "kind NOT IN (\(located)) AND time < $1 AND \(heldAtTime)",
            binds {
                $0.append(msDate(plan.cutoff(for: .deviceReadings)))
                $0.append(held)
            }, dryRun)
        classes.append(RetentionClassOutcome(retentionClass: .deviceReadings, rows: [readings]))
        // This node's copy of the newest stretch of the log may hold rows just deleted (a backlog of old readings).
        // Other nodes' copies are bounded (RecentLog.capacity) and never corrupted: a read with rows missing is not kept.
        if !dryRun { recentLog.clear() }

        // Per wearer, the classes that count from the end of their last order; the person last, once nothing refers to them.
        let perWearer: [(RetentionClass, [String])] = [
            (.violationAlert, ["alerts", "violation_outcomes", "enforcement_cases", "violations"]),
            (.orderRecord, ["checkpoints", "wearer_state", "installations", "orders"]),
            (.subjectRecord, ["address_checks", "crime_matches", "subject_addresses", "subjects"]),
        ]
        for (c, tables) in perWearer {
            let due = plan.wearersDue(for: c)
            var rows: [RetentionClassOutcome.TableRows] = []
            for table in tables {
                let column = table == "subjects" ? "id" : "subject_id"
                rows.append(try await delete(table, where: "\(column) = ANY($1::text[])", binds { $0.append(due) }, dryRun))
            }
            classes.append(RetentionClassOutcome(retentionClass: c, rows: rows, subjectIds: due))
        }

        // Crimes by when their batch came, unless the crime or its reference is held; then the batches left empty, and
        // area searches by when they were made, unless their reference is held.
        let crimeCut = msDate(plan.cutoff(for: .crime))
        let heldCrimes = Array(plan.heldCrimes).sorted(), heldReferences = Array(plan.heldReferences).sorted()
        let crimeDue = """
            batch_id IN (SELECT id FROM crime_batches WHERE submitted_at < $1) AND NOT id = ANY($2::text[])
            AND NOT reference = ANY($3::text[])
            """
        func crimeBinds() -> PostgresBindings {
            binds {
                $0.append(crimeCut)
                $0.append(heldCrimes)
                $0.append(heldReferences)
            }
        }
        let crime = [
            try await delete("crime_matches", where: "crime_id IN (SELECT id FROM crimes WHERE \(crimeDue))", crimeBinds(), dryRun),
            try await delete("crimes", where: crimeDue, crimeBinds(), dryRun),
            try await delete(
                "crime_batches",
                where: dryRun
                    ? "submitted_at < $1 AND NOT EXISTS (SELECT 1 FROM crimes c WHERE c.batch_id = crime_batches.id AND NOT (\(crimeDue)))"
                    : "submitted_at < $1 AND NOT EXISTS (SELECT 1 FROM crimes c WHERE c.batch_id = crime_batches.id)",
                dryRun ? crimeBinds() : binds { $0.append(crimeCut) }, dryRun),
            try await delete(
                "area_searches", where: "created_at < $1 AND NOT (body->>'reference') = ANY($2::text[])",
                binds {
                    $0.append(crimeCut)
                    $0.append(heldReferences)
                }, dryRun),
        ]
        classes.append(RetentionClassOutcome(retentionClass: .crime, rows: crime))

        // The daily data-quality figures (device_activity is one aggregate row per device and is kept).
        let qualityCut = String(ISOTime.format(plan.cutoff(for: .operational)).prefix(10))
        classes.append(
            RetentionClassOutcome(
                retentionClass: .operational, rows: [try await delete("quality_history", where: "day < $1", binds { $0.append(qualityCut) }, dryRun)]
            ))
        return RetentionOutcome(now: plan.now, dryRun: dryRun, classes: classes)
    }

    /// Deletes the rows `condition` picks from `table` a batch per transaction (by `tableoid, ctid`, which names a row
    /// in a partitioned table too), so a run never holds locks for long and one that fails half-way has deleted whole
    /// batches only; dry, counts them. With `walk` (a unique, indexed column: the log's `log_offset`) each batch goes on
    /// from where the last one ended instead of scanning from the start again.
    private func delete(_ table: String, walk: String? = nil, where condition: String, _ binds: PostgresBindings, _ dryRun: Bool)
        async throws -> RetentionClassOutcome.TableRows
    {
        if dryRun {
            var n = 0
            for try await c in try await query(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table) WHERE \(condition)", binds: binds)).decode(
                Int.self)
            {
                n = c
            }
            return .init(table: table, count: n)
        }
        let batch = 5_000
        var total = 0
        var last = Int64.min
        while true {
            var n = 0
            var reached: Int64?
            var b = binds
            if walk != nil { b.append(last) }
            let picked =
                walk.map {
                    "SELECT tableoid, ctid, \($0) AS walked FROM \(table) WHERE \($0) > $\(b.count) AND \(condition) ORDER BY \($0) LIMIT \(batch)"
                }
                ?? "SELECT tableoid, ctid, 0::bigint AS walked FROM \(table) WHERE \(condition) LIMIT \(batch)"
            for try await (c, m) in try await query(
                PostgresQuery(
                    unsafeSQL: """
                        WITH picked AS (\(picked)),
                          gone AS (DELETE FROM \(table) WHERE (tableoid, ctid) IN (SELECT tableoid, ctid FROM picked) RETURNING 1)
                        SELECT (SELECT count(*) FROM gone), (SELECT max(walked) FROM picked)
                        """, binds: b)
            ).decode((Int, Int64?).self) {
                n = c
                reached = m
            }
            total += n
            if n < batch { return .init(table: table, count: total) }
            last = reached ?? last
        }
    }
}
