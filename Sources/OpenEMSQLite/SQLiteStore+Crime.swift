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

    public func positionFixes(deviceIds: [EntityID], from: Date, to: Date) async throws -> [EntityID: [TrailPoint]] {
        guard !deviceIds.isEmpty else { return [:] }
        return try await read { db in
            let marks = Array(repeating: "?", count: deviceIds.count).joined(separator: ",")
            var ids: [Int64: EntityID] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT dkey, id FROM devices WHERE id IN (\(marks))", arguments: StatementArguments(deviceIds)) {
                ids[r[0]] = r[1]
            }
            var out: [EntityID: [TrailPoint]] = [:]
            // One statement served from the covering index (dkey, time, kind, lat, lon, acc): no table lookups, each
            // device's fixes contiguous and in time order.
            let keys = Array(ids.keys)
            let keyMarks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            let rows = try Row.fetchCursor(db, sql: """
                SELECT dkey, time, lat, lon, acc FROM telemetry INDEXED BY telemetry_device_time
                WHERE dkey IN (\(keyMarks)) AND time >= ? AND time < ? AND kind = 0 ORDER BY dkey, time
                """, arguments: StatementArguments(keys + [ms(from), ms(to)]))
            var current: Int64 = -1
            var points: [TrailPoint] = []
            while let r = try rows.next() {
                let dkey: Int64 = r[0]
                if dkey != current {
                    if let id = ids[current], !points.isEmpty { out[id] = points }
                    current = dkey
                    points = []
                    points.reserveCapacity(128)
                }
                let t: Int64 = r[1]
                points.append(TrailPoint(time: Date(timeIntervalSince1970: Double(t) / 1000),
                                         coordinate: Coordinate(lat: r[2], lon: r[3]), accuracyMetres: r[4]))
            }
            if let id = ids[current], !points.isEmpty { out[id] = points }
            return out
        }
    }

    public func devicesNear(_ box: BoundingBox, from: Date, to: Date) async throws -> [EntityID] {
        let cells = SpaceTimeCell.cells(covering: box)
        let hours = SpaceTimeCell.hour(from)...SpaceTimeCell.hour(to)
        return try await read { db in
            var keys = Set<Int64>()
            let q = try db.cachedStatement(sql: "SELECT dkey FROM position_cells WHERE cell = ? AND hour BETWEEN ? AND ?")
            for c in cells {
                keys.formUnion(try Int64.fetchAll(q, arguments: [c, hours.lowerBound, hours.upperBound]))
            }
            guard !keys.isEmpty else { return [] }
            let marks = Array(repeating: "?", count: keys.count).joined(separator: ",")
            return try String.fetchAll(db, sql: "SELECT id FROM devices WHERE dkey IN (\(marks))",
                                       arguments: StatementArguments(Array(keys)))
        }
    }
}
