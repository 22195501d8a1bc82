import Foundation
import Geo
import Logging
import OpenEMCore
import OpenEMPostgres
import PostgresNIO

/// What a team would otherwise build, for `openem bench ingest --postgres`: plain PostGIS, a fixes table whose
/// insert trigger checks each fix against its wearer's exclusion zones (`ST_Within` for polygons, `ST_DWithin` on
/// geography for circles) and writes an alert row, fed the same fixes in the same batches over the same number
/// of connections, each batch one multi-row INSERT committed synchronously. No late data, no curfews, no dwell,
/// no audit, no HTTP: the baseline does less than OpenEM, on purpose in its favour.
enum TriggerBaseline {
    struct Zone: Sendable {
        var deviceId: String
        var geometry: GeoJSONGeometry
        var radiusMetres: Double?
    }

    struct Fix: Sendable {
        var deviceId: String
        var time: Date
        var lat: Double, lon: Double, accuracy: Double
        init(deviceId: String, time: Date, lat: Double, lon: Double, accuracy: Double) {
            self.deviceId = deviceId
            self.time = time
            self.lat = lat
            self.lon = lon
            self.accuracy = accuracy
        }
    }

    static let schema = [
        "CREATE EXTENSION IF NOT EXISTS postgis",
        "CREATE TABLE zones (id serial PRIMARY KEY, device_id text NOT NULL, geom geometry(Geometry, 4326) NOT NULL, radius float8)",
        "CREATE INDEX zones_device ON zones (device_id)",
        "CREATE INDEX zones_geom ON zones USING gist (geom)",
        """
        CREATE TABLE fixes (id bigserial PRIMARY KEY, device_id text NOT NULL, time timestamptz NOT NULL, accuracy float8,
          geom geometry(Point, 4326) NOT NULL)
        """,
        "CREATE INDEX fixes_device_time ON fixes (device_id, time)",
        "CREATE TABLE zone_alerts (id bigserial PRIMARY KEY, device_id text NOT NULL, zone_id int NOT NULL, time timestamptz NOT NULL)",
        """
        CREATE FUNCTION check_zones() RETURNS trigger AS $$
        BEGIN
          INSERT INTO zone_alerts (device_id, zone_id, time)
          SELECT NEW.device_id, z.id, NEW.time FROM zones z
          WHERE z.device_id = NEW.device_id AND (
            (z.radius IS NULL AND ST_Within(NEW.geom, z.geom)) OR
            (z.radius IS NOT NULL AND ST_DWithin(NEW.geom::geography, z.geom::geography, z.radius)));
          RETURN NEW;
        END $$ LANGUAGE plpgsql
        """,
        "CREATE TRIGGER fixes_check_zones AFTER INSERT ON fixes FOR EACH ROW EXECUTE FUNCTION check_zones()",
    ]

    /// Loads the zones into a fresh database on `serverURL`, inserts the batches, and returns the seconds the
    /// inserts took and the alert rows the trigger wrote. The database is dropped afterwards. `rowByRow`: each fix
    /// in its own INSERT and transaction, as a tracking server stores each position it receives.
    static func run(
        serverURL: String, zones: [Zone], batches: [[Fix]], connections: Int,
        rowByRow: Bool = false
    ) async throws -> (seconds: Double, alerts: Int) {
        let name = "openem_baseline_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try await PostgresStore.createDatabase(name, on: serverURL)
        defer { Task { try? await PostgresStore.dropDatabase(name, on: serverURL) } }
        let logger = Logger(label: "openem-baseline", factory: { _ in SwiftLogNoOpLogHandler() })
        var config = try PostgresStore.Target(url: url).pool
        config.options.maximumConnections = connections
        let client = PostgresClient(configuration: config, backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: (Double, Int)?.self) { group in
            group.addTask {
                await client.run()
                return nil
            }
            for sql in schema { try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger) }
            for z in zones {
                let wkt = wkt(z.geometry)
                try await client.query(
                    "INSERT INTO zones (device_id, geom, radius) VALUES (\(z.deviceId), ST_GeomFromText(\(wkt), 4326), \(z.radiusMetres))",
                    logger: logger)
            }
            let began = Date()
            try await withThrowingTaskGroup(of: Void.self) { inserts in
                for lane in 0..<connections {
                    inserts.addTask {
                        for batch in stride(from: lane, to: batches.count, by: connections).map({ batches[$0] }) {
                            if rowByRow {
                                for f in batch {
                                    try await client.query(
                                        """
                                        INSERT INTO fixes (device_id, time, accuracy, geom)
                                        VALUES (\(f.deviceId), \(f.time), \(f.accuracy), ST_SetSRID(ST_MakePoint(\(f.lon), \(f.lat)), 4326))
                                        """, logger: logger)
                                }
                                continue
                            }
                            try await insert(batch, client, logger)
                        }
                    }
                }
                try await inserts.waitForAll()
            }
            let seconds = Date().timeIntervalSince(began)
            var alerts = 0
            for try await n in try await client.query("SELECT count(*) FROM zone_alerts", logger: logger).decode(Int.self) { alerts = n }
            group.cancelAll()
            return (seconds, alerts)
        }
    }

    /// Fixes into a baseline's `fixes` table (device_id, time, accuracy, geom), in one multi-row INSERT.
    static func insert(_ fixes: [Fix], _ client: PostgresClient, _ logger: Logger) async throws {
        guard !fixes.isEmpty else { return }
        try await client.query(
            """
            INSERT INTO fixes (device_id, time, accuracy, geom)
            SELECT d, t, a, ST_SetSRID(ST_MakePoint(lo, la), 4326)
            FROM unnest(\(fixes.map(\.deviceId)), \(fixes.map(\.time))::timestamptz[], \(fixes.map(\.accuracy))::float8[],
                        \(fixes.map(\.lon))::float8[], \(fixes.map(\.lat))::float8[]) AS u(d, t, a, lo, la)
            """, logger: logger)
    }

    static func wkt(_ g: GeoJSONGeometry) -> String {
        func ring(_ r: [Coordinate]) -> String { "(" + r.map { "\($0.lon) \($0.lat)" }.joined(separator: ", ") + ")" }
        switch g {
        case .point(let c): return "POINT(\(c.lon) \(c.lat))"
        case .lineString(let cs): return "LINESTRING" + ring(cs)
        case .polygon(let p): return "POLYGON(" + ([p.exterior] + p.holes).map(ring).joined(separator: ", ") + ")"
        case .multiPolygon(let m):
            return "MULTIPOLYGON("
                + m.polygons.map { "(" + ([$0.exterior] + $0.holes).map(ring).joined(separator: ", ") + ")" }
                .joined(separator: ", ") + ")"
        }
    }
}
