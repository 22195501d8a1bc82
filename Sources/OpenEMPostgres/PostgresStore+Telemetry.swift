import Foundation
import Geo
import OpenEMCore
import PostgresNIO

extension PostgresStore: TelemetryStore {
    public func appendTelemetry(_ messages: [TelemetryMessage], receivedAt: Date) async throws -> TelemetryAppendResult {
        guard !messages.isEmpty else { return TelemetryAppendResult(accepted: 0, duplicates: 0) }
        return try await appender.append(messages, receivedAt: msDate(receivedAt))
    }

    /// Appends several requests' batches in one transaction (group commit: one WAL flush and one turn at the log
    /// head for all of them). Returns each request's result, in order. Throws if any batch names an unknown device
    /// (the appender then retries the requests one by one, so only that one fails).
    func appendGroup(_ requests: [(messages: [TelemetryMessage], receivedAt: Date)]) async throws -> [TelemetryAppendResult] {
        let group = try await transaction { c -> (results: [TelemetryAppendResult], logged: [LoggedTelemetry]) in
            let messages = requests.flatMap(\.messages)
            let receivedTimes = requests.flatMap { r in r.messages.map { _ in r.receivedAt } }
            // Device keys never change once given: looked up once per device and remembered.
            let ids = Array(Set(messages.map(\.deviceId)))
            var keys = self.deviceKeys.withLock { known in Dictionary(uniqueKeysWithValues: ids.compactMap { id in known[id].map { (id, $0) } }) }
            let unknown = ids.filter { keys[$0] == nil }
            if !unknown.isEmpty {
                for try await (id, dkey) in try await c.query("SELECT id, dkey FROM devices WHERE id = ANY(\(unknown))", logger: self.logger)
                    .decode((String, Int64).self)
                { keys[id] = dkey }
                let found = keys
                self.deviceKeys.withLock { known in for id in unknown { if let k = found[id] { known[id] = k } } }
            }
            if let missing = ids.first(where: { keys[$0] == nil }) { throw StoreError.notFound("device \(missing)") }
            // New (device, seq) pairs only; a pair repeated within the group counts once, the first time. Keys go in
            // in one order everywhere, so two appenders inserting the same keys wait for each other, never deadlock.
            var seen = Set<[Int64]>()
            var fresh = Set<[Int64]>()
            let pairs = Set(messages.map { [keys[$0.deviceId]!, $0.seq] }).sorted { $0.lexicographicallyPrecedes($1) }
            let dkeys = pairs.map { $0[0] }, seqs = pairs.map { $0[1] }
            for try await (dkey, seq) in try await c.query(
                """
                INSERT INTO telemetry_seq (dkey, seq) SELECT * FROM unnest(\(dkeys)::bigint[], \(seqs)::bigint[])
                ON CONFLICT DO NOTHING RETURNING dkey, seq
                """, logger: self.logger
            ).decode((Int64, Int64).self) { fresh.insert([dkey, seq]) }
            var results: [TelemetryAppendResult] = []
            var acceptedIndexes: [Int] = []
            var index = 0
            for r in requests {
                var accepted = 0
                for m in r.messages {
                    let k = [keys[m.deviceId]!, m.seq]
                    if fresh.contains(k) && seen.insert(k).inserted {
                        accepted += 1
                        acceptedIndexes.append(index)
                    }
                    index += 1
                }
                results.append(TelemetryAppendResult(accepted: accepted, duplicates: r.messages.count - accepted))
            }
            let accepted = acceptedIndexes.map { messages[$0] }
            guard !accepted.isEmpty else { return (results, []) }
            // The space-time index: the cells each device had fixes in per 10-minute slot, and its fixes packed per slot.
            var slots = Set<[Int64]>()
            var chunks: [[Int64]: Data] = [:]
            for m in accepted {
                if case .position(let f) = m.payload, PackedFixes.isSearchable(f) {
                    let dkey = keys[m.deviceId]!, slot = SpaceTimeCell.slot(m.time)
                    slots.insert([SpaceTimeCell.cell(lat: f.coordinate.lat, lon: f.coordinate.lon), slot, dkey])
                    PackedFixes.append(msDate(m.time), f, to: &chunks[[dkey, slot], default: Data()])
                }
            }
            let slotRows = Array(slots), packed = TrailChunkColumns(chunks)
            try await Self.recordActivity(
                accepted.enumerated().map { i, m in (keys[m.deviceId]!, m, receivedTimes[acceptedIndexes[i]]) }, c, self.logger)
            // Offsets in commit order: the head row stays locked until this transaction commits (and new partitions
            // are created by one appender at a time).
            var head: Int64 = 0
            for try await h in try await c.query(
                """
                UPDATE log_head SET log_offset = log_offset + \(Int64(accepted.count)) WHERE id = 1 RETURNING log_offset
                """, logger: self.logger
            ).decode(Int64.self) { head = h - Int64(accepted.count) }
            try await self.ensurePartitions(for: accepted.map(\.time), c)
            var cols = TelemetryColumns()
            for (i, m) in accepted.enumerated() {
                cols.append(offset: head + Int64(i) + 1, dkey: keys[m.deviceId]!, received: receivedTimes[acceptedIndexes[i]], m)
            }
            // The fixes, their space-time cells and packed slots in one statement (one round trip while the head is held; holding it,
            // this appender is the only one writing cells, so their order cannot deadlock).
            try await c.query(
                """
                WITH cells AS (
                  INSERT INTO position_slots (cell, slot, dkey)
                  SELECT * FROM unnest(\(slotRows.map { $0[0] })::bigint[], \(slotRows.map { $0[1] })::bigint[], \(slotRows.map { $0[2] })::bigint[])
                  ON CONFLICT DO NOTHING),
                packed AS (
                  INSERT INTO trail_chunks (dkey, slot, fixes)
                  SELECT * FROM unnest(\(packed.dkeys)::bigint[], \(packed.slots)::bigint[], \(packed.fixes)::bytea[]))
                INSERT INTO telemetry (log_offset, dkey, seq, time, received, kind, lat, lon, acc, src, v1, v2, v3, flag, geom)
                SELECT o, d, s, t, rc, k, nullif(la, 'NaN'), nullif(lo, 'NaN'), nullif(a, 'NaN'), nullif(sr, -1),
                       nullif(x1, 'NaN'), nullif(x2, 'NaN'), nullif(x3, 'NaN'), nullif(f, -1),
                       CASE WHEN k = \(Int16(TelemetryFields.Kind.position.rawValue)) THEN ST_SetSRID(ST_MakePoint(lo, la), 4326) END
                FROM unnest(\(cols.offsets)::bigint[], \(cols.dkeys)::bigint[], \(cols.seqs)::bigint[], \(cols.times)::timestamptz[],
                \(cols.received)::timestamptz[],
                            \(cols.kinds)::smallint[], \(cols.lats)::float8[], \(cols.lons)::float8[], \(cols.accs)::float8[],
                            \(cols.srcs)::smallint[], \(cols.v1s)::float8[], \(cols.v2s)::float8[], \(cols.v3s)::float8[],
                            \(cols.flags)::smallint[]) AS u(o, d, s, t, rc, k, la, lo, a, sr, x1, x2, x3, f)
                """, logger: self.logger)
            return (results, try cols.logged(deviceIds: accepted.map(\.deviceId)))
        }
        // Committed: this node's evaluators read these from memory.
        recentLog.add(group.logged)
        return group.results
    }

    /// Creates the week partitions the times fall in (Monday 00:00 UTC to the next), if missing.
    func ensurePartitions(for times: [Date], _ c: PostgresConnection) async throws {
        let week = 7 * 86_400.0, monday = 4 * 86_400.0  // 1970-01-01 was a Thursday
        let starts = Set(times.map { (($0.timeIntervalSince1970 - monday) / week).rounded(.down) * week + monday })
        for start in starts.sorted() {
            let from = Date(timeIntervalSince1970: start), to = Date(timeIntervalSince1970: start + week)
            let name = "telemetry_w\(ISOTime.format(from).prefix(10).replacingOccurrences(of: "-", with: ""))"
            if knownPartitions.withLock({ $0.contains(name) }) { continue }
            var exists = false
            for try await _ in try await c.query("SELECT to_regclass(\(name))::text", logger: self.logger).decode(String?.self).compactMap({ $0 }) {
                exists = true
            }
            // Remembered once this transaction has it (a rolled-back creation is simply checked again next time).
            if exists {
                knownPartitions.withLock { _ = $0.insert(name) }
            } else {
                try await c.query(
                    PostgresQuery(
                        unsafeSQL: """
                            CREATE TABLE IF NOT EXISTS \(name) PARTITION OF telemetry FOR VALUES FROM ('\(ISOTime.format(from))') TO
                            ('\(ISOTime.format(to))')
                            """), logger: self.logger)
            }
        }
    }

    static let select = """
        SELECT t.log_offset, t.received, d.id, t.seq, t.time, t.kind, t.lat, t.lon, t.acc, t.src, t.v1, t.v2, t.v3, t.flag
        FROM telemetry t JOIN devices d ON d.dkey = t.dkey
        """

    static func logged<S: AsyncSequence>(_ rows: S) async throws -> [LoggedTelemetry] where S.Element == PostgresRow {
        var out: [LoggedTelemetry] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            func d(_ i: Int) throws -> Double? { try r[i].decode(Double?.self) }
            func small(_ i: Int) throws -> Int? { try r[i].decode(Int16?.self).map(Int.init) }
            let payload = try TelemetryFields(
                kind: Int(try r[5].decode(Int16.self)), lat: try d(6), lon: try d(7), acc: try d(8),
                src: try small(9), v1: try d(10), v2: try d(11), v3: try d(12), flag: try small(13)
            ).payload
            out.append(
                LoggedTelemetry(
                    offset: try r[0].decode(Int64.self), receivedAt: msDate(try r[1].decode(Date.self)),
                    message: TelemetryMessage(
                        deviceId: try r[2].decode(String.self), seq: try r[3].decode(Int64.self),
                        time: msDate(try r[4].decode(Date.self)), payload: payload)))
        }
        return out
    }

    public func telemetry(afterOffset: Int64, limit: Int) async throws -> [LoggedTelemetry] {
        if let recent = recentLog.read(after: afterOffset, limit: limit) { return recent }
        if recentLog.tailIsFresh(after: afterOffset) { return [] }
        let read = try await Self.logged(query("\(unescaped: Self.select) WHERE t.log_offset > \(afterOffset) ORDER BY t.log_offset LIMIT \(limit)"))
        if read.isEmpty { recentLog.notedEmptyTail() } else { recentLog.add(read) }
        return read
    }

    public func telemetry(deviceIds: [EntityID], from: Date, to: Date, limit: Int) async throws -> [LoggedTelemetry] {
        guard !deviceIds.isEmpty else { return [] }
        return try await Self.logged(
            query(
                """
                \(unescaped: Self.select) WHERE d.id = ANY(\(deviceIds)) AND t.time >= \(msDate(from)) AND t.time < \(msDate(to))
                ORDER BY t.time, t.seq LIMIT \(limit)
                """))
    }

    public func latestTelemetryOffset() async throws -> Int64 {
        for try await h in try await query("SELECT log_offset FROM log_head WHERE id = 1").decode(Int64.self) { return h }
        return 0
    }
}

/// A batch of messages as column arrays for one `unnest` insert. NULLs travel as NaN (numbers) and -1 (codes).
struct TelemetryColumns {
    var offsets: [Int64] = [], dkeys: [Int64] = [], seqs: [Int64] = [], times: [Date] = [], received: [Date] = [], kinds: [Int16] = []
    var lats: [Double] = [], lons: [Double] = [], accs: [Double] = [], srcs: [Int16] = []
    var v1s: [Double] = [], v2s: [Double] = [], v3s: [Double] = [], flags: [Int16] = []

    mutating func append(offset: Int64, dkey: Int64, received at: Date, _ m: TelemetryMessage) {
        offsets.append(offset)
        received.append(at)
        dkeys.append(dkey)
        seqs.append(m.seq)
        times.append(msDate(m.time))
        let f = TelemetryFields(m.payload)
        kinds.append(Int16(f.kind))
        lats.append(f.lat ?? .nan)
        lons.append(f.lon ?? .nan)
        accs.append(f.acc ?? .nan)
        srcs.append(Int16(f.src ?? -1))
        v1s.append(f.v1 ?? .nan)
        v2s.append(f.v2 ?? .nan)
        v3s.append(f.v3 ?? .nan)
        flags.append(Int16(f.flag ?? -1))
    }

    /// The rows as a reader of the log gets them back (times to the millisecond, the payload through its columns).
    func logged(deviceIds: [EntityID]) throws -> [LoggedTelemetry] {
        try offsets.indices.map { i in
            func n(_ x: Double) -> Double? { x.isNaN ? nil : x }
            func code(_ x: Int16) -> Int? { x < 0 ? nil : Int(x) }
            let payload = try TelemetryFields(
                kind: Int(kinds[i]), lat: n(lats[i]), lon: n(lons[i]), acc: n(accs[i]), src: code(srcs[i]),
                v1: n(v1s[i]), v2: n(v2s[i]), v3: n(v3s[i]), flag: code(flags[i])
            ).payload
            return LoggedTelemetry(
                offset: offsets[i], receivedAt: received[i],
                message: TelemetryMessage(deviceId: deviceIds[i], seq: seqs[i], time: times[i], payload: payload))
        }
    }
}

/// Packed fixes by (device key, slot) as column arrays for one `unnest` insert into `trail_chunks`, cut into rows of
/// at most `PackedFixes.maxFixesPerRow`.
struct TrailChunkColumns {
    var dkeys: [Int64] = [], slots: [Int64] = [], fixes: [ByteBuffer] = []

    init(_ chunks: [[Int64]: Data]) {
        for (key, data) in chunks {
            for row in PackedFixes.rows(data) {
                dkeys.append(key[0])
                slots.append(key[1])
                fixes.append(ByteBuffer(data: row))
            }
        }
    }
}
