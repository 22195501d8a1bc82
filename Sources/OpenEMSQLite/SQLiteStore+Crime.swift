import Foundation
import GRDB
import Geo
import OpenEMCore

extension SQLiteStore: CrimeStore {
    public func insertCrimeBatch(_ batch: CrimeBatch, crimes: [Crime]) async throws -> [Crime] {
        let batchBody = try StoreJSON.encode(batch)
        return try await write { db in
            try db.execute(
                sql: "INSERT INTO crime_batches (id, body, submitted_at) VALUES (?, ?, ?)",
                arguments: [batch.id, batchBody, ms(batch.submittedAt)])
            var stored: [Crime] = []
            for var c in crimes {
                let latest =
                    try Int.fetchOne(
                        db, sql: "SELECT max(version) FROM crimes WHERE force_area = ? AND reference = ?",
                        arguments: [c.forceArea, c.reference]) ?? 0
                c.version = latest + 1
                try db.execute(
                    sql: """
                        INSERT INTO crimes (id, force_area, reference, version, batch_id, body) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [c.id, c.forceArea, c.reference, c.version, c.batchId, try StoreJSON.encode(c)])
                stored.append(c)
            }
            return stored
        }
    }

    public func crimeBatch(id: EntityID) async throws -> CrimeBatch? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM crime_batches WHERE id = ?", arguments: [id])
                .map { try StoreJSON.decode(CrimeBatch.self, $0) }
        }
    }

    public func crimes(batchId: EntityID) async throws -> [Crime] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM crimes WHERE batch_id = ? ORDER BY rowid", arguments: [batchId])
                .map { try StoreJSON.decode(Crime.self, $0) }
        }
    }

    public func crime(id: EntityID) async throws -> Crime? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM crimes WHERE id = ?", arguments: [id]).map { try StoreJSON.decode(Crime.self, $0) }
        }
    }

    public func crimeVersions(forceArea: String, reference: String) async throws -> [Crime] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM crimes WHERE force_area = ? AND reference = ? ORDER BY version",
                arguments: [forceArea, reference]
            ).map { try StoreJSON.decode(Crime.self, $0) }
        }
    }

    public func saveMatches(crimeId: EntityID, _ matches: [CrimeMatchRecord]) async throws {
        let bodies = try matches.map { ($0.subjectId, try StoreJSON.encode($0)) }
        try await write { db in
            try db.execute(sql: "DELETE FROM crime_matches WHERE crime_id = ?", arguments: [crimeId])
            for (subject, body) in bodies {
                try db.execute(
                    sql: "INSERT INTO crime_matches (crime_id, subject_id, body) VALUES (?, ?, ?)",
                    arguments: [crimeId, subject, body])
            }
        }
    }

    public func matches(crimeId: EntityID) async throws -> [CrimeMatchRecord] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM crime_matches WHERE crime_id = ? ORDER BY subject_id", arguments: [crimeId])
                .map { try StoreJSON.decode(CrimeMatchRecord.self, $0) }
        }
    }

    public func matches(subjectId: EntityID) async throws -> [CrimeMatchRecord] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM crime_matches WHERE subject_id = ? ORDER BY crime_id", arguments: [subjectId])
                .map { try StoreJSON.decode(CrimeMatchRecord.self, $0) }
        }
    }

    public func insertAreaSearch(_ s: AreaSearchRecord) async throws {
        let body = try StoreJSON.encode(s)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO area_searches (id, body, created_at) VALUES (?, ?, ?)",
                arguments: [s.id, body, ms(s.createdAt)])
        }
    }

    public func deviceTrails(
        near box: BoundingBox, from: Date, to: Date, edge: TimeInterval,
        horizon: TimeInterval
    ) async throws -> [DeviceTrail] {
        let search = TrailSearchSlots(box: box, from: from, to: to, horizon: horizon)
        let (cells, window, before, after) = (search.cells, search.window, search.before, search.after)
        let (fromMs, toMs) = (search.fromMs, search.toMs)
        return try await read { db in
            // Candidates: devices in the box in the window, and (for gaps across it) within the horizon around it.
            let cellMarks = Array(repeating: "?", count: cells.count).joined(separator: ",")
            func devices(_ spans: (from: Int64, to: Int64)...) throws -> Set<Int64> {
                var found = Set<Int64>()
                for span in spans where span.from <= span.to {
                    found.formUnion(
                        try Int64.fetchAll(
                            db, sql: "SELECT DISTINCT dkey FROM position_slots WHERE cell IN (\(cellMarks)) AND slot BETWEEN ? AND ?",
                            arguments: StatementArguments(cells + [span.from, span.to])))
                }
                return found
            }
            let inWindow = try devices((window.lowerBound, window.upperBound))
            var around = try devices(search.aroundBefore, search.aroundAfter)
            around.subtract(inWindow)
            // A device seen around the window with fixes in it elsewhere was elsewhere: only the silent ones stay.
            let any = try db.cachedStatement(sql: "SELECT 1 FROM trail_chunks WHERE dkey = ? AND slot BETWEEN ? AND ? LIMIT 1")
            let silent = try around.filter { try Int64.fetchOne(any, arguments: [$0, window.lowerBound, window.upperBound]) == nil }
            let keys = Array(inWindow.union(silent))
            guard !keys.isEmpty else { return [] }
            // Who wore each device during the window.
            var trails: [Int64: DeviceTrail] = [:]
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            for r in try Row.fetchAll(
                db,
                sql: """
                    SELECT d.dkey, i.* FROM devices d JOIN installations i ON i.device_id = d.id
                    WHERE d.dkey IN (\(marks)) AND i.installed_at < ? AND (i.removed_at IS NULL OR i.removed_at > ?)
                    """, arguments: StatementArguments(keys + [toMs, fromMs]))
            {
                let inst = Self.installation(r)
                trails[r["dkey"], default: DeviceTrail(deviceId: inst.deviceId, installations: [], points: [])].installations.append(inst)
            }
            // Their fixes in the window, from the packed slots: a few rows per device.
            let worn = trails.keys.filter { inWindow.contains($0) }
            var points: [Int64: [TrailPoint]] = [:]
            if !worn.isEmpty {
                let wornMarks = Array(repeating: "?", count: worn.count).joined(separator: ",")
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT dkey, fixes FROM trail_chunks WHERE dkey IN (\(wornMarks)) AND slot BETWEEN ? AND ? ORDER BY dkey, slot, part
                        """, arguments: StatementArguments(worn + [window.lowerBound, window.upperBound]))
                while let r = try rows.next() {
                    let dkey: Int64 = r[0]
                    try r.withUnsafeData(atIndex: 1) { data in
                        if let data { PackedFixes.decode(data, from: fromMs, to: toMs, into: &points[dkey, default: []]) }
                    }
                }
            }
            // The fixes either side of a gap that runs across the window's start or end.
            let earlier = try db.cachedStatement(
                sql: "SELECT slot, fixes FROM trail_chunks WHERE dkey = ? AND slot BETWEEN ? AND ? ORDER BY slot DESC, part DESC")
            let later = try db.cachedStatement(
                sql: "SELECT slot, fixes FROM trail_chunks WHERE dkey = ? AND slot BETWEEN ? AND ? ORDER BY slot, part")
            for dkey in trails.keys {
                var own = PackedFixes.inTimeOrder(points[dkey] ?? [])
                if DeviceTrail.needsFixBefore(own, from: from, edge: edge),
                    let p = try TrailChunk.nearest(
                        try Row.fetchCursor(earlier, arguments: [dkey, before.lowerBound, before.upperBound]),
                        before: fromMs)
                {
                    own.insert(p, at: 0)
                }
                if DeviceTrail.needsFixAfter(own, to: to, edge: edge),
                    let p = try TrailChunk.nearest(
                        try Row.fetchCursor(later, arguments: [dkey, after.lowerBound, after.upperBound]),
                        from: toMs)
                {
                    own.append(p)
                }
                trails[dkey]?.points = own
            }
            return trails.values.filter { !$0.points.isEmpty }
        }
    }
}
