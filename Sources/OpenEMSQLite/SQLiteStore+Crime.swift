import Foundation
import GRDB
import Geo
import OpenEMCore

extension SQLiteStore: CrimeStore {
    public func insertCrimeBatch(_ batch: CrimeBatch, crimes: [Crime]) async throws -> [Crime] {
        let batchBody = try StoreJSON.encode(batch)
        return try await write { db in
            try db.execute(sql: "INSERT INTO crime_batches (id, body, submitted_at) VALUES (?, ?, ?)",
                           arguments: [batch.id, batchBody, ms(batch.submittedAt)])
            var stored: [Crime] = []
            for var c in crimes {
                let latest = try Int.fetchOne(db, sql: "SELECT max(version) FROM crimes WHERE force_area = ? AND reference = ?",
                                              arguments: [c.forceArea, c.reference]) ?? 0
                c.version = latest + 1
                try db.execute(sql: """
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
            try String.fetchAll(db, sql: "SELECT body FROM crimes WHERE force_area = ? AND reference = ? ORDER BY version",
                                arguments: [forceArea, reference]).map { try StoreJSON.decode(Crime.self, $0) }
        }
    }

    public func saveMatches(crimeId: EntityID, _ matches: [CrimeMatchRecord]) async throws {
        let bodies = try matches.map { ($0.subjectId, try StoreJSON.encode($0)) }
        try await write { db in
            try db.execute(sql: "DELETE FROM crime_matches WHERE crime_id = ?", arguments: [crimeId])
            for (subject, body) in bodies {
                try db.execute(sql: "INSERT INTO crime_matches (crime_id, subject_id, body) VALUES (?, ?, ?)",
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

    public func insertAreaSearch(_ s: AreaSearchRecord) async throws {
        let body = try StoreJSON.encode(s)
        try await write { db in
            try db.execute(sql: "INSERT INTO area_searches (id, body, created_at) VALUES (?, ?, ?)",
                           arguments: [s.id, body, ms(s.createdAt)])
        }
    }

    public func deviceTrails(near box: BoundingBox, from: Date, to: Date) async throws -> [DeviceTrail] {
        let cells = SpaceTimeCell.cells(covering: box)
        let slots = SpaceTimeCell.slot(from)...SpaceTimeCell.slot(to)
        return try await read { db in
            var keys = Set<Int64>()
            let near = try db.cachedStatement(sql: "SELECT dkey FROM position_slots WHERE cell = ? AND slot BETWEEN ? AND ?")
            for c in cells {
                let found = try Int64.fetchCursor(near, arguments: [c, slots.lowerBound, slots.upperBound])
                while let k = try found.next() { keys.insert(k) }
            }
            guard !keys.isEmpty else { return [] }
            let keyList = Array(keys)
            let marks = Array(repeating: "?", count: keyList.count).joined(separator: ",")
            // Who wore each device during the window.
            var trails: [Int64: DeviceTrail] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT d.dkey, i.* FROM devices d JOIN installations i ON i.device_id = d.id
                WHERE d.dkey IN (\(marks)) AND i.installed_at < ? AND (i.removed_at IS NULL OR i.removed_at > ?)
                """, arguments: StatementArguments(keyList + [ms(to), ms(from)])) {
                let inst = Self.installation(r)
                trails[r["dkey"], default: DeviceTrail(deviceId: inst.deviceId, installations: [], points: [])].installations.append(inst)
            }
            // Their fixes, from the packed slots: a few rows per device.
            let worn = Array(trails.keys)
            guard !worn.isEmpty else { return [] }
            let wornMarks = Array(repeating: "?", count: worn.count).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: """
                SELECT dkey, fixes FROM trail_chunks WHERE dkey IN (\(wornMarks)) AND slot BETWEEN ? AND ? ORDER BY dkey, slot
                """, arguments: StatementArguments(worn + [slots.lowerBound, slots.upperBound]))
            var current: Int64 = -1
            var points: [TrailPoint] = []
            func finish() {
                guard !points.isEmpty else { return }
                // A slot's fixes are in arrival order; late data can also reach an earlier slot's blob late.
                if zip(points, points.dropFirst()).contains(where: { $0.time > $1.time }) { points.sort { $0.time < $1.time } }
                trails[current]?.points = points
            }
            while let r = try rows.next() {
                let dkey: Int64 = r[0]
                if dkey != current {
                    finish()
                    current = dkey
                    points = []
                    points.reserveCapacity(128)
                }
                let data: Data = r[1]
                TrailChunk.decode(data, from: ms(from), to: ms(to), into: &points)
            }
            finish()
            return trails.values.filter { !$0.points.isEmpty }
        }
    }
}
