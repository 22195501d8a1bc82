import Foundation
import Geo
import OpenEMCore
import PostgresNIO

extension PostgresStore: CrimeStore {
    public func insertCrimeBatch(_ batch: CrimeBatch, crimes: [Crime]) async throws -> [Crime] {
        let batchBody = try StoreJSON.encode(batch)
        return try await transaction { c in
            try await c.query("INSERT INTO crime_batches (id, body, submitted_at) VALUES (\(batch.id), \(batchBody)::jsonb, \(msDate(batch.submittedAt)))",
                              logger: logger)
            var stored: [Crime] = []
            for var crime in crimes {
                // One version at a time per crime, whichever node the batch arrives on.
                try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(crime.forceArea + "/" + crime.reference)))", logger: logger)
                var latest = 0
                for try await v in try await c.query("""
                    SELECT coalesce(max(version), 0) FROM crimes WHERE force_area = \(crime.forceArea) AND reference = \(crime.reference)
                    """, logger: logger).decode(Int.self) { latest = v }
                crime.version = latest + 1
                try await c.query("""
                    INSERT INTO crimes (id, force_area, reference, version, batch_id, body, geom)
                    VALUES (\(crime.id), \(crime.forceArea), \(crime.reference), \(crime.version), \(crime.batchId), \(try StoreJSON.encode(crime))::jsonb,
                            ST_SetSRID(ST_MakePoint(\(crime.location.lon), \(crime.location.lat)), 4326))
                    """, logger: logger)
                stored.append(crime)
            }
            return stored
        }
    }

    public func crimeBatch(id: EntityID) async throws -> CrimeBatch? {
        try await Self.bodies(CrimeBatch.self, query("SELECT body::text FROM crime_batches WHERE id = \(id)")).first
    }

    public func crimes(batchId: EntityID) async throws -> [Crime] {
        try await Self.bodies(Crime.self, query("SELECT body::text FROM crimes WHERE batch_id = \(batchId) ORDER BY seq"))
    }

    public func crime(id: EntityID) async throws -> Crime? {
        try await Self.bodies(Crime.self, query("SELECT body::text FROM crimes WHERE id = \(id)")).first
    }

    public func crimeVersions(forceArea: String, reference: String) async throws -> [Crime] {
        try await Self.bodies(Crime.self, query(
            "SELECT body::text FROM crimes WHERE force_area = \(forceArea) AND reference = \(reference) ORDER BY version"))
    }

    public func saveMatches(crimeId: EntityID, _ matches: [CrimeMatchRecord]) async throws {
        let bodies = try matches.map { ($0.subjectId, try StoreJSON.encode($0)) }
        try await transaction { c in
            try await c.query("DELETE FROM crime_matches WHERE crime_id = \(crimeId)", logger: logger)
            for (subject, body) in bodies {
                try await c.query("INSERT INTO crime_matches (crime_id, subject_id, body) VALUES (\(crimeId), \(subject), \(body)::jsonb)",
                                  logger: logger)
            }
        }
    }

    public func matches(crimeId: EntityID) async throws -> [CrimeMatchRecord] {
        try await Self.bodies(CrimeMatchRecord.self, query(
            "SELECT body::text FROM crime_matches WHERE crime_id = \(crimeId) ORDER BY subject_id"))
    }

    public func insertAreaSearch(_ s: AreaSearchRecord) async throws {
        try await query("""
            INSERT INTO area_searches (id, body, created_at) VALUES (\(s.id), \(try StoreJSON.encode(s))::jsonb, \(msDate(s.createdAt)))
            """)
    }

    public func deviceTrails(near box: BoundingBox, from: Date, to: Date, edge: TimeInterval,
                             horizon: TimeInterval) async throws -> [DeviceTrail] {
        let cells = SpaceTimeCell.cells(covering: box)
        let window = SpaceTimeCell.slot(from)...SpaceTimeCell.slot(to)
        let before = SpaceTimeCell.slot(from.addingTimeInterval(-horizon))...(window.lowerBound - 1)
        let after = (window.upperBound + 1)...SpaceTimeCell.slot(to.addingTimeInterval(horizon))
        let (lo, hi) = (msDate(from), msDate(to))
        // Slot-aligned, as the embedded store reads its packed slots.
        func start(_ slot: Int64) -> Date { Date(timeIntervalSince1970: Double(slot) * SpaceTimeCell.slotSeconds) }
        let horizonFrom = start(before.lowerBound), horizonTo = start(after.upperBound + 1)
        func devices(_ slots: ClosedRange<Int64>) async throws -> Set<Int64> {
            var out = Set<Int64>()
            for try await k in try await query("""
                SELECT DISTINCT dkey FROM position_slots WHERE cell = ANY(\(cells)) AND slot BETWEEN \(slots.lowerBound) AND \(slots.upperBound)
                """).decode(Int64.self) { out.insert(k) }
            return out
        }
        // Candidates: devices in the box in the window; and, for gaps across it, those seen within the horizon
        // around it that have no fix anywhere during it (the embedded store's rules, on the same cells and slots).
        let inWindow = try await devices(window)
        var around = try await devices(before).union(try await devices(after))
        around.subtract(inWindow)
        var silent = around
        if !around.isEmpty {
            for try await k in try await query("""
                SELECT DISTINCT dkey FROM telemetry WHERE dkey = ANY(\(Array(around))) AND kind = 0
                  AND time >= \(start(window.lowerBound)) AND time < \(start(window.upperBound + 1))
                """).decode(Int64.self) { silent.remove(k) }
        }
        let keys = Array(inWindow.union(silent))
        guard !keys.isEmpty else { return [] }
        var trails: [Int64: DeviceTrail] = [:]
        for try await (dkey, id, device, order, subject, installed, removed) in try await query("""
            SELECT d.dkey, i.id, i.device_id, i.order_id, i.subject_id, i.installed_at, i.removed_at
            FROM devices d JOIN installations i ON i.device_id = d.id
            WHERE d.dkey = ANY(\(keys)) AND i.installed_at < \(hi) AND (i.removed_at IS NULL OR i.removed_at > \(lo))
            """).decode((Int64, String, String, String, String, Date, Date?).self) {
            let inst = Installation(id: id, deviceId: device, orderId: order, subjectId: subject, installedAt: msDate(installed),
                                    removedAt: removed.map(msDate))
            trails[dkey, default: DeviceTrail(deviceId: device, installations: [], points: [])].installations.append(inst)
        }
        guard !trails.isEmpty else { return [] }
        var points: [Int64: [TrailPoint]] = [:]
        let worn = trails.keys.filter { inWindow.contains($0) }
        if !worn.isEmpty {
            for (dkey, p) in try await Self.trailPoints(query("""
                SELECT dkey, time, lat, lon, acc FROM telemetry
                WHERE dkey = ANY(\(worn)) AND kind = 0 AND time >= \(lo) AND time < \(hi) ORDER BY dkey, time, seq
                """)) { points[dkey, default: []].append(p) }
        }
        // The fixes either side of a gap that runs across the window's start or end.
        let needBefore = trails.keys.filter { DeviceTrail.needsFixBefore(points[$0] ?? [], from: lo, edge: edge) }
        let needAfter = trails.keys.filter { DeviceTrail.needsFixAfter(points[$0] ?? [], to: hi, edge: edge) }
        var firstBefore: [Int64: TrailPoint] = [:], firstAfter: [Int64: TrailPoint] = [:]
        if !needBefore.isEmpty {
            for (dkey, p) in try await Self.trailPoints(query("""
                SELECT DISTINCT ON (dkey) dkey, time, lat, lon, acc FROM telemetry
                WHERE dkey = ANY(\(needBefore)) AND kind = 0 AND time < \(lo) AND time >= \(horizonFrom) ORDER BY dkey, time DESC, seq DESC
                """)) { firstBefore[dkey] = p }
        }
        if !needAfter.isEmpty {
            for (dkey, p) in try await Self.trailPoints(query("""
                SELECT DISTINCT ON (dkey) dkey, time, lat, lon, acc FROM telemetry
                WHERE dkey = ANY(\(needAfter)) AND kind = 0 AND time >= \(hi) AND time < \(horizonTo) ORDER BY dkey, time, seq
                """)) { firstAfter[dkey] = p }
        }
        for dkey in trails.keys {
            trails[dkey]?.points = (firstBefore[dkey].map { [$0] } ?? []) + (points[dkey] ?? []) + (firstAfter[dkey].map { [$0] } ?? [])
        }
        return trails.values.filter { !$0.points.isEmpty }
    }

    /// (device key, fix) from rows of (dkey, time, lat, lon, acc).
    static func trailPoints(_ rows: PostgresRowSequence) async throws -> [(Int64, TrailPoint)] {
        var out: [(Int64, TrailPoint)] = []
        for try await (dkey, t, lat, lon, acc) in rows.decode((Int64, Date, Double, Double, Double).self) {
            out.append((dkey, TrailPoint(time: msDate(t), coordinate: Coordinate(lat: lat, lon: lon), accuracyMetres: acc)))
        }
        return out
    }
}
