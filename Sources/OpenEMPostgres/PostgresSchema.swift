import Foundation
import Geo
import Logging
import OpenEMCore
import PostgresNIO

/// Named migrations, each a list of single statements, applied in one transaction under an advisory lock so
/// that nodes starting together take turns. A shipped migration is never edited: changes come as new ones.
enum PostgresSchema {
    static let lockKey: Int64 = 0x4F70_656E_454D  // "OpenEM"

    static let migrations: [(name: String, statements: [String])] = [
        (
            "v1-registry",
            [
                // Places are PostGIS geometry in EPSG:4326 so that an analyst can open the tables in QGIS.
                "CREATE EXTENSION IF NOT EXISTS postgis",
                """
                CREATE TABLE users (
                  id text PRIMARY KEY, username text NOT NULL UNIQUE, password_hash text NOT NULL, roles jsonb NOT NULL,
                  force_area text, probation_region text, created_at timestamptz NOT NULL, disabled boolean NOT NULL DEFAULT false)
                """,
                """
                CREATE TABLE tokens (
                  token_hash text PRIMARY KEY, user_id text NOT NULL REFERENCES users(id), issued_at timestamptz NOT NULL,
                  expires_at timestamptz NOT NULL, revoked boolean NOT NULL DEFAULT false)
                """,
                """
                CREATE TABLE audit (
                  seq bigint PRIMARY KEY, at timestamptz NOT NULL, actor_id text NOT NULL, actor_role text NOT NULL,
                  action text NOT NULL, resource_type text NOT NULL, resource_id text, purpose text, reference text,
                  outcome text NOT NULL, detail text, prev_hash text NOT NULL, hash text NOT NULL)
                """,
                "CREATE INDEX audit_at ON audit (at)",
                "CREATE INDEX audit_actor ON audit (actor_id, seq)",
                "CREATE TABLE audit_head (id int PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL)",
                """
                CREATE TABLE subjects (
                  id text PRIMARY KEY, search text NOT NULL, force_area text NOT NULL, probation_region text,
                  responsible_officer text, body jsonb NOT NULL, created_at timestamptz NOT NULL)
                """,
                "CREATE INDEX subjects_force ON subjects (force_area, id)",
                "CREATE INDEX subjects_region ON subjects (probation_region, id)",
                """
                CREATE TABLE subject_addresses (
                  subject_id text NOT NULL REFERENCES subjects(id) ON DELETE CASCADE, address_id text NOT NULL, type text NOT NULL,
                  line1 text NOT NULL, postcode text, geom geometry(Point, 4326) NOT NULL, PRIMARY KEY (subject_id, address_id))
                """,
                "CREATE INDEX subject_addresses_geom ON subject_addresses USING gist (geom)",
                """
                CREATE TABLE address_checks (
                  id text PRIMARY KEY, subject_id text NOT NULL REFERENCES subjects(id), address_id text NOT NULL,
                  body jsonb NOT NULL, checked_at timestamptz NOT NULL)
                """,
                "CREATE INDEX address_checks_subject ON address_checks (subject_id, checked_at)",
                """
                CREATE TABLE orders (
                  id text NOT NULL, version int NOT NULL, subject_id text NOT NULL REFERENCES subjects(id), status text NOT NULL,
                  order_type text NOT NULL, cohort text NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL,
                  PRIMARY KEY (id, version))
                """,
                "CREATE INDEX orders_subject ON orders (subject_id)",
                """
                CREATE TABLE devices (
                  dkey bigserial PRIMARY KEY, id text NOT NULL UNIQUE, serial text NOT NULL UNIQUE, type text NOT NULL,
                  key_hash text NOT NULL, created_at timestamptz NOT NULL)
                """,
                "CREATE INDEX devices_key ON devices (key_hash)",
                """
                CREATE TABLE installations (
                  id text PRIMARY KEY, device_id text NOT NULL REFERENCES devices(id), order_id text NOT NULL,
                  subject_id text NOT NULL REFERENCES subjects(id), installed_at timestamptz NOT NULL, removed_at timestamptz)
                """,
                "CREATE UNIQUE INDEX installations_one_active ON installations (device_id) WHERE removed_at IS NULL",
                "CREATE INDEX installations_device ON installations (device_id, installed_at)",
                "CREATE INDEX installations_order ON installations (order_id)",
                "CREATE INDEX installations_subject ON installations (subject_id)",
                // The caseload filter on open violations reads this; the evaluation stores fill it (next step).
                """
                CREATE TABLE violations (
                  id text PRIMARY KEY, subject_id text NOT NULL, order_id text, condition_id text, device_id text,
                  type text NOT NULL, status text NOT NULL, start_at timestamptz NOT NULL, end_at timestamptz, late boolean NOT NULL,
                  evidence jsonb NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)
                """,
                "CREATE INDEX violations_subject ON violations (subject_id, start_at)",
            ]
        ),
        (
            "v2-telemetry",
            [
                // The log: partitioned by event time (a partition a week, created as data for it arrives; the default
                // partition stays empty), a PostGIS point for every fix. `log_offset` is the arrival order the evaluator
                // follows; appends take it from the locked `log_head` row, so offsets are handed out in commit order on
                // every node and a reader's cursor never skips a row that commits later with a smaller offset.
                """
                CREATE TABLE telemetry (
                  log_offset bigint NOT NULL, dkey bigint NOT NULL, seq bigint NOT NULL, time timestamptz NOT NULL,
                  received timestamptz NOT NULL, kind smallint NOT NULL, lat double precision, lon double precision,
                  acc double precision, src smallint, v1 double precision, v2 double precision, v3 double precision, flag smallint,
                  geom geometry(Point, 4326)) PARTITION BY RANGE (time)
                """,
                "CREATE TABLE telemetry_default PARTITION OF telemetry DEFAULT",
                "CREATE INDEX telemetry_offset ON telemetry (log_offset)",
                "CREATE INDEX telemetry_device_time ON telemetry (dkey, time)",
                "CREATE INDEX telemetry_geom ON telemetry USING gist (geom)",
                // (device, seq) once across all partitions: what makes a resend a duplicate.
                "CREATE TABLE telemetry_seq (dkey bigint NOT NULL, seq bigint NOT NULL, PRIMARY KEY (dkey, seq))",
                "CREATE TABLE log_head (id int PRIMARY KEY CHECK (id = 1), log_offset bigint NOT NULL)",
                "INSERT INTO log_head (id, log_offset) VALUES (1, 0)",
            ]
        ),
        (
            "v3-evaluation-alerts",
            [
                "CREATE TABLE evaluator_cursor (partition int PRIMARY KEY, log_offset bigint NOT NULL)",
                """
                CREATE TABLE wearer_state (
                  subject_id text PRIMARY KEY, event_time timestamptz NOT NULL, log_offset bigint NOT NULL, state bytea NOT NULL)
                """,
                """
                CREATE TABLE checkpoints (
                  subject_id text NOT NULL, event_time timestamptz NOT NULL, log_offset bigint NOT NULL, state bytea NOT NULL,
                  PRIMARY KEY (subject_id, event_time))
                """,
                "CREATE INDEX violations_start ON violations (start_at)",
                """
                CREATE TABLE alerts (
                  id text PRIMARY KEY, violation_id text NOT NULL UNIQUE, subject_id text NOT NULL, severity text NOT NULL,
                  status text NOT NULL, force_area text NOT NULL, probation_region text, raised_at timestamptz NOT NULL,
                  ack_due_at timestamptz NOT NULL, revision int NOT NULL, body jsonb NOT NULL)
                """,
                "CREATE INDEX alerts_raised ON alerts (raised_at, id)",
                "CREATE INDEX alerts_status ON alerts (status, ack_due_at)",
                "CREATE INDEX alerts_force ON alerts (force_area, raised_at)",
                // Like the log, outbox ids are handed out under a locked head row, so streams and webhooks following the
                // outbox on any node never skip an event that commits later with a smaller id.
                "CREATE TABLE outbox (id bigint PRIMARY KEY, topic text NOT NULL, payload bytea NOT NULL, created_at timestamptz NOT NULL)",
                "CREATE TABLE outbox_head (id int PRIMARY KEY CHECK (id = 1), last_id bigint NOT NULL)",
                "INSERT INTO outbox_head (id, last_id) VALUES (1, 0)",
                "CREATE TABLE webhooks (id text PRIMARY KEY, body jsonb NOT NULL, cursor bigint NOT NULL, active boolean NOT NULL)",
            ]
        ),
        (
            "v4-crime",
            [
                "CREATE TABLE crime_batches (id text PRIMARY KEY, body jsonb NOT NULL, submitted_at timestamptz NOT NULL)",
                """
                CREATE TABLE crimes (
                  id text PRIMARY KEY, force_area text NOT NULL, reference text NOT NULL, version int NOT NULL, batch_id text NOT NULL,
                  seq bigserial, body jsonb NOT NULL, geom geometry(Point, 4326) NOT NULL, UNIQUE (force_area, reference, version))
                """,
                "CREATE INDEX crimes_batch ON crimes (batch_id, seq)",
                "CREATE INDEX crimes_geom ON crimes USING gist (geom)",
                """
                CREATE TABLE crime_matches (crime_id text NOT NULL, subject_id text NOT NULL, body jsonb NOT NULL,
                  PRIMARY KEY (crime_id, subject_id))
                """,
                "CREATE TABLE area_searches (id text PRIMARY KEY, body jsonb NOT NULL, created_at timestamptz NOT NULL)",
                // The space-time index of the embedded store, the same cells and slots (`SpaceTimeCell`), so both stores find
                // the same candidates; a search then reads their fixes by (device, time).
                """
                CREATE TABLE position_slots (cell bigint NOT NULL, slot bigint NOT NULL, dkey bigint NOT NULL,
                  PRIMARY KEY (cell, slot, dkey))
                """,
                """
                INSERT INTO position_slots (cell, slot, dkey)
                SELECT DISTINCT floor((lat + 90) / \(SpaceTimeCell.latStep))::bigint * 100000 + floor((lon + 180) /
                \(SpaceTimeCell.lonStep))::bigint,
                       floor(extract(epoch FROM time) / \(Int(SpaceTimeCell.slotSeconds)))::bigint, dkey
                FROM telemetry WHERE kind = 0
                """,
            ]
        ),
        (
            "v5-configuration-version",
            [
                // Bumped by every change the evaluator compiles wearers from, on whichever node it was made.
                "CREATE TABLE config_version (id int PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)",
                "INSERT INTO config_version (id, version) VALUES (1, 0)",
                """
                CREATE FUNCTION bump_config_version() RETURNS trigger AS $$
                BEGIN UPDATE config_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$ LANGUAGE plpgsql
                """,
                "CREATE TRIGGER orders_bump AFTER INSERT ON orders FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version()",
                "CREATE TRIGGER installations_bump AFTER INSERT OR UPDATE ON installations FOR EACH STATEMENT EXECUTE FUNCTION "
                    + "bump_config_version()",
                "CREATE TRIGGER subjects_bump AFTER UPDATE ON subjects FOR EACH STATEMENT EXECUTE FUNCTION bump_config_version()",
            ]
        ),
        (
            "v6-shared-settings",
            [
                "CREATE TABLE shared_settings (key text PRIMARY KEY, value bigint NOT NULL)"
            ]
        ),
        (
            "v7-trail-chunks",
            [
                // A device's fixes packed per 10-minute slot (`PackedFixes`, as in the embedded store), a row per append and
                // slot, never updated: a search reads a candidate's hour as a few rows instead of sixty, and decodes them
                // without a row per fix. Filled from the fixes already stored by `backfillTrailChunks`.
                "CREATE TABLE trail_chunks (dkey bigint NOT NULL, slot bigint NOT NULL, fixes bytea NOT NULL)",
                "CREATE INDEX trail_chunks_device_slot ON trail_chunks (dkey, slot)",
            ]
        ),
        (
            "v8-search-locality",
            [
                // A search reads its candidates' rows by device and slot. In the heap they lie where each append put them, a
                // page each; kept beside the key in the index they are read a device at a time (index-only, once vacuumed).
                "CREATE INDEX trail_chunks_covering ON trail_chunks (dkey, slot) INCLUDE (fixes)",
                "DROP INDEX trail_chunks_device_slot",
            ]
        ),
        (
            "v9-login-throttle",
            [
                // Failed sign-ins per key (`LoginThrottleRule`), shared by every node so a lock holds on all of them.
                """
                CREATE TABLE login_throttle (
                  key text PRIMARY KEY, scope text NOT NULL, username text, client text, failures int NOT NULL,
                  window_start timestamptz NOT NULL, lockouts int NOT NULL, locked_until timestamptz, last_failure timestamptz NOT NULL)
                """,
                "CREATE INDEX login_throttle_locked ON login_throttle (locked_until)",
            ]
        ),
        (
            "v10-data-quality",
            [
                // Each device's traffic, kept up on every append (`DeviceActivity`), so the data-quality rules read a row
                // per device instead of scanning the log; readings already stored are judged by `backfillDeviceActivity`.
                """
                CREATE TABLE device_activity (
                  dkey bigint PRIMARY KEY, last_event timestamptz NOT NULL, last_received timestamptz NOT NULL,
                  odd_readings int NOT NULL, last_odd timestamptz)
                """,
                """
                INSERT INTO device_activity (dkey, last_event, last_received, odd_readings)
                SELECT dkey, max(time), max(received), 0 FROM telemetry GROUP BY dkey
                """,
                // Each day's data-quality figures.
                """
                CREATE TABLE quality_history (
                  day text NOT NULL, rule text NOT NULL, checked int NOT NULL, failing int NOT NULL, taken_at timestamptz NOT NULL,
                  PRIMARY KEY (day, rule))
                """,
            ]
        ),
        (
            "v11-enforcement",
            [
                // What officers decided after a breach: each violation's outcomes (every one kept, the last recorded, by
                // `seq`, is current) and enforcement cases with their steps (one document, written over its revision).
                """
                CREATE TABLE violation_outcomes (
                  seq bigserial NOT NULL, id text PRIMARY KEY, violation_id text NOT NULL, subject_id text NOT NULL,
                  recorded_at timestamptz NOT NULL, body jsonb NOT NULL)
                """,
                "CREATE INDEX violation_outcomes_subject ON violation_outcomes (subject_id, recorded_at)",
                """
                CREATE TABLE enforcement_cases (
                  id text PRIMARY KEY, subject_id text NOT NULL, status text NOT NULL, opened_at timestamptz NOT NULL,
                  revision int NOT NULL, body jsonb NOT NULL)
                """,
                "CREATE INDEX enforcement_cases_subject ON enforcement_cases (subject_id, opened_at)",
                "CREATE INDEX enforcement_cases_status ON enforcement_cases (status, opened_at)",
            ]
        ),
        (
            "v11-extracts",
            [
                // Extract projects with their linkage keys, and the extracts made for them (each one's CSV, kept while it
                // can be downloaded), as JSON bodies like the other records.
                "CREATE TABLE extract_projects (id text PRIMARY KEY, body text NOT NULL, created_at timestamptz NOT NULL)",
                """
                CREATE TABLE extracts (
                  id text PRIMARY KEY, project_id text NOT NULL REFERENCES extract_projects(id), body text NOT NULL,
                  created_at timestamptz NOT NULL)
                """,
                "CREATE INDEX extracts_project ON extracts (project_id)",
            ]
        ),
        (
            "v12-retention",
            [
                // The retention schedule saved by PUT /api/v1/retention (no rows: the defaults), and legal holds (what they
                // hold in columns for the run's checks, the whole hold with its release as a JSON body).
                "CREATE TABLE retention_rules (retention_class text PRIMARY KEY, keep text NOT NULL, after text NOT NULL)",
                """
                CREATE TABLE legal_holds (
                  id text PRIMARY KEY, kind text NOT NULL, value text NOT NULL, placed_at timestamptz NOT NULL, body jsonb NOT NULL)
                """,
                "CREATE INDEX legal_holds_target ON legal_holds (kind, value)",
            ]
        ),
    ]

    /// PostGIS must be installed on the server and enabled in the database. Enabling it takes a superuser (PostGIS is
    /// not a trusted extension): where OpenEM's user is not one, an administrator enables it once, and the error
    /// says exactly that rather than failing later on the first geometry column.
    static func enablePostGIS(_ store: PostgresStore) async throws {
        for try await n in try await store.query("SELECT count(*) FROM pg_extension WHERE extname = 'postgis'").decode(Int.self) where n > 0 {
            return
        }
        for try await n in try await store.query("SELECT count(*) FROM pg_available_extensions WHERE name = 'postgis'").decode(Int.self) where n == 0
        {
            throw StoreError.unavailable("PostGIS is not installed on this PostgreSQL server (Debian: apt-get install postgresql-15-postgis-3)")
        }
        do {
            try await store.transaction { c in
                try await c.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: store.logger)
                try await c.query("CREATE EXTENSION IF NOT EXISTS postgis", logger: store.logger)
            }
        } catch {
            let database = store.target.database, user = store.target.username
            let reason: String
            if case .unavailable(let m)? = error as? StoreError { reason = m } else { reason = "\(error)" }
            throw StoreError.unavailable(
                """
                PostGIS is installed on this server but not enabled in database "\(database)", and user "\(user)" may not \
                enable it (\(reason)). Ask an administrator to run, in that database: CREATE EXTENSION postgis;
                """)
        }
    }

    static func migrate(_ store: PostgresStore) async throws {
        try await enablePostGIS(store)
        try await store.transaction { c in
            try await c.query("SELECT pg_advisory_xact_lock(\(lockKey))", logger: store.logger)
            try await c.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL)",
                logger: store.logger)
            var applied = Set<String>()
            for try await name in try await c.query("SELECT name FROM schema_migrations", logger: store.logger).decode(String.self) {
                applied.insert(name)
            }
            for m in migrations where !applied.contains(m.name) {
                for sql in m.statements { try await c.query(PostgresQuery(unsafeSQL: sql), logger: store.logger) }
                if m.name == "v7-trail-chunks" { try await backfillTrailChunks(c, store.logger) }
                if m.name == "v10-data-quality" { try await backfillDeviceActivity(c, store.logger) }
                try await c.query("INSERT INTO schema_migrations (name, applied_at) VALUES (\(m.name), now())", logger: store.logger)
            }
        }
    }

    /// Counts the readings stored before `device_activity` existed that are out of physical range, by the same rule
    /// as new ones (`PhysicalRange`).
    static func backfillDeviceActivity(_ c: PostgresConnection, _ logger: Logger) async throws {
        let alcohol = Int16(TelemetryFields.Kind.alcohol.rawValue), battery = Int16(TelemetryFields.Kind.battery.rawValue)
        var odd: [Int64: (count: Int, last: Date)] = [:]
        for try await (dkey, time, kind, v1, v2, v3, flag) in try await c.query(
            "SELECT dkey, time, kind, v1, v2, v3, flag FROM telemetry WHERE kind IN (\(alcohol), \(battery))", logger: logger
        ).decode((Int64, Date, Int16, Double?, Double?, Double?, Int16?).self) {
            let payload = try TelemetryFields(kind: Int(kind), v1: v1, v2: v2, v3: v3, flag: flag.map(Int.init)).payload
            guard !PhysicalRange.isPlausible(payload) else { continue }
            let old = odd[dkey]
            odd[dkey] = ((old?.count ?? 0) + 1, max(old?.last ?? time, time))
        }
        for (dkey, o) in odd {
            try await c.query(
                "UPDATE device_activity SET odd_readings = \(o.count), last_odd = \(o.last) WHERE dkey = \(dkey)", logger: logger)
        }
    }

    /// Packs the fixes stored before `trail_chunks` existed, a device's slot to a row.
    static func backfillTrailChunks(_ c: PostgresConnection, _ logger: Logger) async throws {
        var chunks: [[Int64]: Data] = [:]
        func flush() async throws {
            guard !chunks.isEmpty else { return }
            let rows = TrailChunkColumns(chunks)
            chunks = [:]
            try await c.query(
                """
                INSERT INTO trail_chunks (dkey, slot, fixes) SELECT * FROM unnest(\(rows.dkeys)::bigint[], \(rows.slots)::bigint[],
                \(rows.fixes)::bytea[])
                """, logger: logger)
        }
        var devices: [Int64] = []
        for try await dkey in try await c.query("SELECT dkey FROM devices ORDER BY dkey", logger: logger).decode(Int64.self) { devices.append(dkey) }
        // A device at a time, so memory holds one device's fixes, not the table.
        for dkey in devices {
            for try await (time, lat, lon, acc) in try await c.query(
                """
                SELECT time, lat, lon, acc FROM telemetry WHERE dkey = \(dkey) AND kind = 0 AND acc IS NOT NULL ORDER BY time
                """, logger: logger
            ).decode((Date, Double, Double, Double).self) {
                PackedFixes.append(
                    msDate(time), PositionFix(coordinate: Coordinate(lat: lat, lon: lon), accuracyMetres: acc),
                    to: &chunks[[dkey, SpaceTimeCell.slot(time)], default: Data()])
            }
            if chunks.count >= 1_000 { try await flush() }
        }
        try await flush()
    }
}
