import Foundation
import Geo
import OpenEMCore
import PostgresNIO

extension PostgresStore: CrimeStore {
    public func insertCrimeBatch(_ batch: CrimeBatch, crimes: [Crime]) async throws -> [Crime] {
        let batchBody = try StoreJSON.encode(batch)
        return try await transaction { c in
            try await c.query(
                "INSERT INTO crime_batches (id, body, submitted_at) VALUES (\(batch.id), \(batchBody)::jsonb, \(msDate(batch.submittedAt)))",
                logger: self.logger)
            var stored: [Crime] = []
            for var crime in crimes {
                // One version at a time per crime, whichever node the batch arrives on.
                try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(crime.forceArea + "/" + crime.reference)))", logger: self.logger)
                var latest = 0
                for try await v in try await c.query(
                    """
                    SELECT coalesce(max(version), 0) FROM crimes WHERE force_area = \(crime.forceArea) AND reference = \(crime.reference)
                    """, logger: self.logger
                ).decode(Int.self) { latest = v }
                crime.version = latest + 1
                try await c.query(
                    """
                    INSERT INTO crimes (id, force_area, reference, version, batch_id, body, geom)
                    VALUES (\(crime.id), \(crime.forceArea), \(crime.reference), \(crime.version), \(crime.batchId),
                    \(try StoreJSON.encode(crime))::jsonb,
                            ST_SetSRID(ST_MakePoint(\(crime.location.lon), \(crime.location.lat)), 4326))
                    """, logger: self.logger)
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
        try await Self.bodies(
            Crime.self,
            query(
                "SELECT body::text FROM crimes WHERE force_area = \(forceArea) AND reference = \(reference) ORDER BY version"))
    }

    public func saveMatches(crimeId: EntityID, _ matches: [CrimeMatchRecord]) async throws {
        let bodies = try matches.map { ($0.subjectId, try StoreJSON.encode($0)) }
        try await transaction { c in
            try await c.query("DELETE FROM crime_matches WHERE crime_id = \(crimeId)", logger: self.logger)
            for (subject, body) in bodies {
                try await c.query(
                    "INSERT INTO crime_matches (crime_id, subject_id, body) VALUES (\(crimeId), \(subject), \(body)::jsonb)",
                    logger: self.logger)
            }
        }
    }

    public func matches(crimeId: EntityID) async throws -> [CrimeMatchRecord] {
        try await Self.bodies(
            CrimeMatchRecord.self,
            query(
                "SELECT body::text FROM crime_matches WHERE crime_id = \(crimeId) ORDER BY subject_id"))
    }

    public func matches(subjectId: EntityID) async throws -> [CrimeMatchRecord] {
        try await Self.bodies(
            CrimeMatchRecord.self,
            query("SELECT body::text FROM crime_matches WHERE subject_id = \(subjectId) ORDER BY crime_id"))
    }

    public func insertAreaSearch(_ s: AreaSearchRecord) async throws {
        try await query(
            """
            INSERT INTO area_searches (id, body, created_at) VALUES (\(s.id), \(try StoreJSON.encode(s))::jsonb, \(msDate(s.createdAt)))
            """)
    }

    public func deviceTrails(
        near box: BoundingBox, from: Date, to: Date, edge: TimeInterval,
        horizon: TimeInterval
    ) async throws -> [DeviceTrail] {
        let search = TrailSearchSlots(box: box, from: from, to: to, horizon: horizon)
        let (cells, window, before, after) = (search.cells, search.window, search.before, search.after)
        let (lo, hi) = (msDate(from), msDate(to))
        let (fromMs, toMs) = (search.fromMs, search.toMs)
        // Candidates: devices in the box in the window; and, for gaps across it, those seen in the box within the
        // horizon around it (the embedded store's rules, on the same cells and slots).
        // The cells over the horizon's whole span (it runs from `before`'s start to `after`'s end through the window),
        // telling for each device whether it was there in the window.
        let (inWindow, around) = try await devicesSeen(in: cells, span: (before.lowerBound, after.upperBound), window: window)
        guard !inWindow.isEmpty || !around.isEmpty else { return [] }
        // Three reads at once, each on its own connection: which of the devices seen around the window were silent
        // through it (one seen around it with fixes in it elsewhere was elsewhere), who wore the candidates, and the
        // window's packed fixes of those in the box.
        let seenIn = Array(inWindow), seenAround = Array(around), all = Array(inWindow.union(around))
        async let fixesInWindow = devicesWithFixes(seenAround, slots: window)
        async let worn = installations(of: all, from: lo, to: hi)
        async let windowPoints = packedPoints(seenIn, slots: window, from: fromMs, to: toMs)
        let silent = around.subtracting(try await fixesInWindow)
        let inBox = inWindow
        var trails = try await worn.filter { inBox.contains($0.key) || silent.contains($0.key) }
        guard !trails.isEmpty else { return [] }
        var points = try await windowPoints.filter { trails[$0.key] != nil }
        for dkey in points.keys { points[dkey] = PackedFixes.inTimeOrder(points[dkey] ?? []) }
        // The fixes either side of a gap that runs across the window's start or end: the latest before it within the
        // horizon, the earliest after it.
        let needBefore = trails.keys.filter { DeviceTrail.needsFixBefore(points[$0] ?? [], from: lo, edge: edge) }
        let needAfter = trails.keys.filter { DeviceTrail.needsFixAfter(points[$0] ?? [], to: hi, edge: edge) }
        // Both at once.
        async let lastBefore = edgeFixes(needBefore, slots: before, from: .min, to: fromMs) { $0.time > $1.time }
        async let firstAfterEnd = edgeFixes(needAfter, slots: after, from: toMs, to: .max) { $0.time < $1.time }
        let (firstBefore, firstAfter) = (try await lastBefore, try await firstAfterEnd)
        for dkey in trails.keys {
            trails[dkey]?.points = (firstBefore[dkey].map { [$0] } ?? []) + (points[dkey] ?? []) + (firstAfter[dkey].map { [$0] } ?? [])
        }
        return trails.values.filter { !$0.points.isEmpty }
    }

    /// The devices with a fix in the cells in slots `span.from` to `span.to`: those with one in the window's slots, and
    /// the others.
    func devicesSeen(in cells: [Int64], span: (from: Int64, to: Int64), window: ClosedRange<Int64>) async throws
        -> (inWindow: Set<Int64>, around: Set<Int64>)
    {
        // Half the cells on each of two connections at once (the search waits on this read alone).
        let half = (cells.count + 1) / 2
        func seen(_ part: ArraySlice<Int64>) async throws -> [(Int64, Bool)] {
            guard !part.isEmpty else { return [] }
            return try await execute(
                TrailSearchStatements.Seen(
                    cells: Array(part), from: span.from, to: span.to,
                    windowFrom: window.lowerBound, windowTo: window.upperBound))
        }
        async let first = seen(cells.prefix(half))
        let second = try await seen(cells.dropFirst(half))
        var inWindow = Set<Int64>(), seenAt = Set<Int64>()
        for (k, within) in try await first + second {
            seenAt.insert(k)
            if within { inWindow.insert(k) }
        }
        return (inWindow, seenAt.subtracting(inWindow))
    }

    /// Per device, the fix in the slots and in [from, to) that comes first by `precedes` (the latest before a window,
    /// the earliest after it).
    func edgeFixes(
        _ dkeys: [Int64], slots: ClosedRange<Int64>, from: Int64, to: Int64,
        by precedes: @escaping @Sendable (TrailPoint, TrailPoint) -> Bool
    ) async throws -> [Int64: TrailPoint] {
        guard !dkeys.isEmpty else { return [:] }
        var best: [Int64: TrailPoint] = [:]
        try await packed(dkeys, slots: slots) { dkey, raw in
            var found: [TrailPoint] = []
            PackedFixes.decode(raw, from: from, to: to, into: &found)
            for p in found where best[dkey].map({ precedes(p, $0) }) ?? true { best[dkey] = p }
        }
        return best
    }

    /// Those of the devices with a fix in the slots.
    func devicesWithFixes(_ dkeys: [Int64], slots: ClosedRange<Int64>) async throws -> Set<Int64> {
        guard !dkeys.isEmpty else { return [] }
        return Set(try await execute(TrailSearchStatements.WithFixes(dkeys: dkeys, from: slots.lowerBound, to: slots.upperBound)))
    }

    /// Who wore each device during [from, to), by device key.
    func installations(of dkeys: [Int64], from lo: Date, to hi: Date) async throws -> [Int64: DeviceTrail] {
        guard !dkeys.isEmpty else { return [:] }
        var trails: [Int64: DeviceTrail] = [:]
        for (dkey, id, device, order, subject, installed, removed) in try await execute(TrailSearchStatements.Worn(dkeys: dkeys, from: lo, to: hi)) {
            let inst = Installation(
                id: id, deviceId: device, orderId: order, subjectId: subject, installedAt: msDate(installed),
                removedAt: removed.map(msDate))
            trails[dkey, default: DeviceTrail(deviceId: device, installations: [], points: [])].installations.append(inst)
        }
        return trails
    }

    /// The packed fixes in [from, to) of the devices in the slots, by device key (in stored order).
    func packedPoints(_ dkeys: [Int64], slots: ClosedRange<Int64>, from: Int64, to: Int64) async throws -> [Int64: [TrailPoint]] {
        guard !dkeys.isEmpty else { return [:] }
        var points: [Int64: [TrailPoint]] = [:]
        try await packed(dkeys, slots: slots) { dkey, raw in PackedFixes.decode(raw, from: from, to: to, into: &points[dkey, default: []]) }
        return points
    }

    /// Calls `each` with each device's packed fixes in the slots (read whole, then decoded without a copy). A device's
    /// rows are joined in the database (packed fixes concatenate): one row a device crosses the wire instead of one
    /// per append and slot, which is what reading them cost.
    func packed(_ dkeys: [Int64], slots: ClosedRange<Int64>, _ each: (Int64, UnsafeRawBufferPointer) -> Void) async throws {
        for (dkey, fixes) in try await execute(TrailSearchStatements.Packed(dkeys: dkeys, from: slots.lowerBound, to: slots.upperBound)) {
            fixes.withUnsafeReadableBytes { each(dkey, $0) }
        }
    }
}
