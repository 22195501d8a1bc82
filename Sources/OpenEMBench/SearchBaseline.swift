import Foundation
import Logging
import OpenEMPostgres
import PostgresNIO

/// What a team would otherwise build for "who was here then", for `openem bench search --postgres`: plain PostGIS,
/// one row per fix with a GiST index on the point and a b-tree on the time, searched with one `ST_DWithin` query
/// (the index's box first, then the distance on the sphere, the fix's accuracy added to the radius). It finds
/// only fixes inside the circle: no paths between fixes, no gaps, no installations or wearers, which is less work
/// than OpenEM does, in the baseline's favour.
final class SearchBaseline: Sendable {
    let client: PostgresClient
    let runner: Task<Void, Never>
    let logger = Logger(label: "openem-baseline", factory: { _ in SwiftLogNoOpLogHandler() })
    let drop: @Sendable () async -> Void

    private init(url: String, drop: @escaping @Sendable () async -> Void) throws {
        client = PostgresClient(configuration: try PostgresStore.Target(url: url).pool, backgroundLogger: logger)
        let client = client
        runner = Task { await client.run() }
        self.drop = drop
    }

    /// A fresh database on the server `serverURL` points at, with the baseline's table and indexes; or, with `kept`,
    /// the database of that name, created if missing and kept when closed (for repeated benchmark runs).
    static func open(serverURL: String, kept: String? = nil) async throws -> SearchBaseline {
        let name = kept ?? "openem_search_baseline_\(UUID().uuidString.prefix(8).lowercased())"
        let url = kept == nil ? try await PostgresStore.createDatabase(name, on: serverURL) : try await BenchDatabase.kept(name, on: serverURL)
        let baseline = try SearchBaseline(url: url, drop: { if kept == nil { try? await PostgresStore.dropDatabase(name, on: serverURL) } })
        for sql in [
            "CREATE EXTENSION IF NOT EXISTS postgis",
            "CREATE TABLE IF NOT EXISTS fixes (device_id text NOT NULL, time timestamptz NOT NULL, accuracy float8 NOT NULL, geom geometry(Point, "
                + "4326) NOT NULL)",
            "CREATE INDEX IF NOT EXISTS fixes_geom ON fixes USING gist (geom)",
            "CREATE INDEX IF NOT EXISTS fixes_time ON fixes (time)",
        ] {
            try await baseline.client.query(PostgresQuery(unsafeSQL: sql), logger: baseline.logger)
        }
        return baseline
    }

    /// True when no fixes are stored yet.
    func isEmpty() async throws -> Bool {
        for try await n in try await client.query("SELECT count(*) FROM (SELECT 1 FROM fixes LIMIT 1) f", logger: logger).decode(Int.self) {
            return n == 0
        }
        return true
    }

    /// Stores fixes (one multi-row INSERT, as the trigger baseline is fed).
    func insert(_ fixes: [TriggerBaseline.Fix]) async throws {
        try await TriggerBaseline.insert(fixes, client, logger)
    }

    /// Brings the planner's statistics up to date after loading (as anyone would before timing queries).
    func analyze() async throws {
        try await client.query("VACUUM ANALYZE fixes", logger: logger)
    }

    /// The fixes within `radius` metres (plus each fix's accuracy) of a place in [from, to): how many, and of how
    /// many devices.
    func search(lat: Double, lon: Double, radiusMetres: Double, from: Date, to: Date) async throws -> (fixes: Int, devices: Int) {
        // The box the index is searched with: the radius plus a generous accuracy, in degrees (longitude widened by latitude).
        let reach = (radiusMetres + 200) / 111_320.0
        let widen = reach / max(0.1, cos(lat * .pi / 180))
        var devices = Set<String>(), fixes = 0
        for try await device in try await client.query(
            """
            SELECT device_id FROM fixes
            WHERE geom && ST_MakeEnvelope(\(lon - widen), \(lat - reach), \(lon + widen), \(lat + reach), 4326)
              AND time >= \(from) AND time < \(to)
              AND ST_DWithin(geom::geography, ST_SetSRID(ST_MakePoint(\(lon), \(lat)), 4326)::geography, \(radiusMetres) + accuracy)
            """, logger: logger
        ).decode(String.self) {
            devices.insert(device)
            fixes += 1
        }
        return (fixes, devices.count)
    }

    func databaseSize() async throws -> Int64 { try await BenchDatabase.size(client) }

    /// Closes the connections and drops the database.
    func close() async {
        runner.cancel()
        await drop()
    }
}
