import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: TelemetryStore {
    public func appendTelemetry(_ messages: [TelemetryMessage], receivedAt: Date) async throws -> TelemetryAppendResult {
        try await write { db in
            var keys: [EntityID: Int64] = [:]
            for id in Set(messages.map(\.deviceId)) {
                guard let k = try Int64.fetchOne(db, sql: "SELECT dkey FROM devices WHERE id = ?", arguments: [id]) else {
                    throw StoreError.notFound("device \(id)")
                }
                keys[id] = k
            }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO telemetry (dkey, seq, time, received, kind, lat, lon, acc, src, v1, v2, v3, flag)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(dkey, seq) DO NOTHING
                    """)
            let received = ms(receivedAt)
            var accepted = 0
            // The space-time index: which cells each device had fixes in per 10-minute slot, and the fixes themselves
            // packed per device and slot. Only new fixes go in, so a resend adds nothing twice.
            var cells = Set<SlotKey>()
            var chunks: [DeviceSlot: Data] = [:]
            var fresh: [Int64: [TelemetryMessage]] = [:]
            for m in messages {
                let dkey = keys[m.deviceId]!
                var args: [(any DatabaseValueConvertible)?] = [dkey, m.seq, ms(m.time), received]
                args += TelemetryRow.columns(m.payload)
                try insert.execute(arguments: StatementArguments(args))
                guard db.changesCount > 0 else { continue }
                accepted += 1
                fresh[dkey, default: []].append(m)
                if case .position(let f) = m.payload, PackedFixes.isSearchable(f) {
                    let slot = SpaceTimeCell.slot(m.time)
                    cells.insert(SlotKey(cell: SpaceTimeCell.cell(lat: f.coordinate.lat, lon: f.coordinate.lon), slot: slot, dkey: dkey))
                    PackedFixes.append(m.time, f, to: &chunks[DeviceSlot(dkey: dkey, slot: slot), default: Data()])
                }
            }
            let index = try db.cachedStatement(sql: "INSERT OR IGNORE INTO position_slots (cell, slot, dkey) VALUES (?, ?, ?)")
            for c in cells { try index.execute(arguments: [c.cell, c.slot, c.dkey]) }
            for (k, data) in chunks { try TrailChunk.write(db, dkey: k.dkey, slot: k.slot, fixes: data) }
            try Self.recordActivity(db, fresh, receivedAt: receivedAt)
            return TelemetryAppendResult(accepted: accepted, duplicates: messages.count - accepted)
        }
    }

    struct SlotKey: Hashable { var cell, slot, dkey: Int64 }
    struct DeviceSlot: Hashable { var dkey, slot: Int64 }

    static let select = "SELECT t.*, d.id AS device_id FROM telemetry t JOIN devices d ON d.dkey = t.dkey"

    public func telemetry(afterOffset: Int64, limit: Int) async throws -> [LoggedTelemetry] {
        try await read { db in
            try Row.fetchAll(
                db.cachedStatement(sql: Self.select + " WHERE t.offset > ? ORDER BY t.offset LIMIT ?"),
                arguments: [afterOffset, limit]
            ).map(TelemetryRow.logged)
        }
    }

    public func telemetry(deviceIds: [EntityID], from: Date, to: Date, limit: Int) async throws -> [LoggedTelemetry] {
        guard !deviceIds.isEmpty else { return [] }
        return try await read { db in
            let marks = Array(repeating: "?", count: deviceIds.count).joined(separator: ",")
            var args: [any DatabaseValueConvertible] = deviceIds
            args += [ms(from), ms(to), limit]
            return try Row.fetchAll(
                db,
                sql: Self.select + """
                     WHERE d.id IN (\(marks)) AND t.time >= ? AND t.time < ? ORDER BY t.time, t.seq LIMIT ?
                    """, arguments: StatementArguments(args)
            ).map(TelemetryRow.logged)
        }
    }

    public func latestTelemetryOffset() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT max(offset) FROM telemetry") ?? 0 }
    }
}
