import Foundation
import GRDB
import Geo
import OpenEMCore

/// Named migrations. A shipped migration is never edited: changes come as new ones.
enum Schema {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-foundation") { db in
            try db.execute(
                sql: """
                    CREATE TABLE users (
                      id TEXT PRIMARY KEY NOT NULL, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
                      roles TEXT NOT NULL, force_area TEXT, probation_region TEXT, created_at INTEGER NOT NULL,
                      disabled INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE tokens (
                      token_hash TEXT PRIMARY KEY NOT NULL, user_id TEXT NOT NULL REFERENCES users(id),
                      issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE audit (
                      seq INTEGER PRIMARY KEY NOT NULL, at INTEGER NOT NULL, actor_id TEXT NOT NULL, actor_role TEXT NOT NULL,
                      action TEXT NOT NULL, resource_type TEXT NOT NULL, resource_id TEXT, purpose TEXT, reference TEXT,
                      outcome TEXT NOT NULL, detail TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                    CREATE INDEX audit_at ON audit(at);
                    CREATE INDEX audit_actor ON audit(actor_id, seq);
                    CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL);
                    CREATE TABLE subjects (
                      id TEXT PRIMARY KEY NOT NULL, search TEXT NOT NULL, force_area TEXT NOT NULL, probation_region TEXT,
                      responsible_officer TEXT, body TEXT NOT NULL, created_at INTEGER NOT NULL);
                    CREATE INDEX subjects_force ON subjects(force_area, id);
                    CREATE INDEX subjects_region ON subjects(probation_region, id);
                    CREATE TABLE address_checks (
                      id TEXT PRIMARY KEY NOT NULL, subject_id TEXT NOT NULL REFERENCES subjects(id), address_id TEXT NOT NULL,
                      body TEXT NOT NULL, checked_at INTEGER NOT NULL);
                    CREATE INDEX address_checks_subject ON address_checks(subject_id, checked_at);
                    CREATE TABLE orders (
                      id TEXT NOT NULL, version INTEGER NOT NULL, subject_id TEXT NOT NULL REFERENCES subjects(id),
                      status TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (id, version));
                    CREATE INDEX orders_subject ON orders(subject_id);
                    CREATE TABLE devices (
                      dkey INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, serial TEXT NOT NULL UNIQUE, type TEXT NOT NULL,
                      key_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
                    CREATE INDEX devices_key ON devices(key_hash);
                    CREATE TABLE installations (
                      id TEXT PRIMARY KEY NOT NULL, device_id TEXT NOT NULL REFERENCES devices(id), order_id TEXT NOT NULL,
                      subject_id TEXT NOT NULL REFERENCES subjects(id), installed_at INTEGER NOT NULL, removed_at INTEGER);
                    CREATE UNIQUE INDEX installations_one_active ON installations(device_id) WHERE removed_at IS NULL;
                    CREATE INDEX installations_order ON installations(order_id);
                    CREATE INDEX installations_subject ON installations(subject_id);
                    """)
        }
        m.registerMigration("v1-telemetry-evaluation-alerts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE telemetry (
                      offset INTEGER PRIMARY KEY, dkey INTEGER NOT NULL, seq INTEGER NOT NULL, time INTEGER NOT NULL,
                      received INTEGER NOT NULL, kind INTEGER NOT NULL, lat REAL, lon REAL, acc REAL, src INTEGER,
                      v1 REAL, v2 REAL, v3 REAL, flag INTEGER);
                    CREATE UNIQUE INDEX telemetry_device_seq ON telemetry(dkey, seq);
                    CREATE INDEX telemetry_device_time ON telemetry(dkey, time);
                    CREATE TABLE evaluator_cursor (partition INTEGER PRIMARY KEY NOT NULL, offset INTEGER NOT NULL);
                    CREATE TABLE wearer_state (
                      subject_id TEXT PRIMARY KEY NOT NULL, event_time INTEGER NOT NULL, offset INTEGER NOT NULL, state BLOB NOT NULL);
                    CREATE TABLE checkpoints (
                      subject_id TEXT NOT NULL, event_time INTEGER NOT NULL, offset INTEGER NOT NULL, state BLOB NOT NULL,
                      PRIMARY KEY (subject_id, event_time));
                    CREATE TABLE violations (
                      id TEXT PRIMARY KEY NOT NULL, subject_id TEXT NOT NULL, order_id TEXT, condition_id TEXT, device_id TEXT,
                      type TEXT NOT NULL, status TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER, late INTEGER NOT NULL,
                      evidence TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                    CREATE INDEX violations_subject ON violations(subject_id, start);
                    CREATE INDEX violations_start ON violations(start);
                    CREATE TABLE alerts (
                      id TEXT PRIMARY KEY NOT NULL, violation_id TEXT NOT NULL UNIQUE, subject_id TEXT NOT NULL,
                      severity TEXT NOT NULL, status TEXT NOT NULL, force_area TEXT NOT NULL, probation_region TEXT,
                      raised_at INTEGER NOT NULL, ack_due_at INTEGER NOT NULL, revision INTEGER NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX alerts_raised ON alerts(raised_at, id);
                    CREATE INDEX alerts_status ON alerts(status, ack_due_at);
                    CREATE INDEX alerts_force ON alerts(force_area, raised_at);
                    CREATE TABLE outbox (
                      id INTEGER PRIMARY KEY AUTOINCREMENT, topic TEXT NOT NULL, payload BLOB NOT NULL, created_at INTEGER NOT NULL);
                    CREATE TABLE webhooks (
                      id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, cursor INTEGER NOT NULL, active INTEGER NOT NULL);
                    """)
        }
        m.registerMigration("v2-crime-search") { db in
            try db.execute(
                sql: """
                    CREATE TABLE position_cells (
                      cell INTEGER NOT NULL, hour INTEGER NOT NULL, dkey INTEGER NOT NULL, PRIMARY KEY (cell, hour, dkey)) WITHOUT ROWID;
                    CREATE TABLE crime_batches (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, submitted_at INTEGER NOT NULL);
                    CREATE TABLE crimes (
                      id TEXT PRIMARY KEY NOT NULL, force_area TEXT NOT NULL, reference TEXT NOT NULL, version INTEGER NOT NULL,
                      batch_id TEXT NOT NULL, body TEXT NOT NULL, UNIQUE (force_area, reference, version));
                    CREATE INDEX crimes_batch ON crimes(batch_id);
                    CREATE TABLE crime_matches (crime_id TEXT NOT NULL, subject_id TEXT NOT NULL, body TEXT NOT NULL,
                      PRIMARY KEY (crime_id, subject_id));
                    CREATE TABLE area_searches (id TEXT PRIMARY KEY NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL);
                    """)
            // Index the fixes already stored.
            let rows = try Row.fetchAll(db, sql: "SELECT DISTINCT dkey, lat, lon, time FROM telemetry WHERE kind = 0")
            var seen = Set<[Int64]>()
            for r in rows {
                let (lat, lon): (Double, Double) = (r["lat"], r["lon"])  // this migration's own cells, 1.1 km by an hour
                let key: [Int64] = [Int64((lat + 90) * 100) * 100_000 + Int64((lon + 180) * 60), Int64(r["time"] as Int64) / 3_600_000, r["dkey"]]
                if seen.insert(key).inserted {
                    try db.execute(
                        sql: "INSERT OR IGNORE INTO position_cells (cell, hour, dkey) VALUES (?, ?, ?)", arguments: [key[0], key[1], key[2]])
                }
            }
        }
        m.registerMigration("v3-covering-position-index") { db in
            // Search and trails read a device's positions over a window: with the position columns in the index,
            // that is one contiguous index range per device instead of a table row lookup per fix (fixes are
            // stored in arrival order, so one device's rows are scattered over the table).
            try db.execute(
                sql: """
                    DROP INDEX telemetry_device_time;
                    CREATE INDEX telemetry_device_time ON telemetry(dkey, time, kind, lat, lon, acc);
                    """)
        }
        m.registerMigration("v4-fine-space-time-index") { db in
            // Cells of about 500 m by 10-minute slots instead of 1.1 km by an hour, so a search's candidates are about
            // the devices really in its box in its window; and each device's fixes packed per slot (`TrailChunk`), so a
            // search reads a wearer's hour as six rows. The packed fixes replace the covering position index of v3.
            try db.execute(
                sql: """
                    CREATE TABLE position_slots (
                      cell INTEGER NOT NULL, slot INTEGER NOT NULL, dkey INTEGER NOT NULL, PRIMARY KEY (cell, slot, dkey)) WITHOUT ROWID;
                    CREATE TABLE trail_chunks (
                      dkey INTEGER NOT NULL, slot INTEGER NOT NULL, part INTEGER NOT NULL, fixes BLOB NOT NULL,
                      PRIMARY KEY (dkey, slot, part)) WITHOUT ROWID;
                    DROP TABLE position_cells;
                    DROP INDEX telemetry_device_time;
                    CREATE INDEX telemetry_device_time ON telemetry(dkey, time);
                    CREATE INDEX installations_device ON installations(device_id, installed_at);
                    """)
            // Index the fixes already stored, a device at a time.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT dkey, time, lat, lon, acc FROM telemetry WHERE kind = 0 AND acc IS NOT NULL ORDER BY dkey, time")
            var cells = Set<[Int64]>()
            var chunks: [[Int64]: Data] = [:]
            func flush() throws {
                for c in cells { try db.execute(sql: "INSERT OR IGNORE INTO position_slots VALUES (?, ?, ?)", arguments: [c[0], c[1], c[2]]) }
                for (k, d) in chunks { try TrailChunk.write(db, dkey: k[0], slot: k[1], fixes: d) }
                cells = []
                chunks = [:]
            }
            var device: Int64 = -1
            while let r = try rows.next() {
                let dkey: Int64 = r[0], t = date(r[1])
                if dkey != device {
                    try flush()
                    device = dkey
                }
                let fix = PositionFix(coordinate: Coordinate(lat: r[2], lon: r[3]), accuracyMetres: r[4])
                cells.insert([SpaceTimeCell.cell(lat: fix.coordinate.lat, lon: fix.coordinate.lon), SpaceTimeCell.slot(t), dkey])
                PackedFixes.append(t, fix, to: &chunks[[dkey, SpaceTimeCell.slot(t)], default: Data()])
            }
            try flush()
        }
        m.registerMigration("v5-configuration-version") { db in
            // Bumped by every change the evaluator compiles wearers from, whichever process made it.
            try db.execute(
                sql: """
                    CREATE TABLE config_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL);
                    INSERT INTO config_version (id, version) VALUES (1, 0);
                    CREATE TRIGGER orders_bump AFTER INSERT ON orders BEGIN UPDATE config_version SET version = version + 1; END;
                    CREATE TRIGGER installations_bump_insert AFTER INSERT ON installations BEGIN UPDATE config_version SET version = version + 1;
                    END;
                    CREATE TRIGGER installations_bump_update AFTER UPDATE ON installations BEGIN UPDATE config_version SET version = version + 1;
                    END;
                    CREATE TRIGGER subjects_bump AFTER UPDATE ON subjects BEGIN UPDATE config_version SET version = version + 1; END;
                    """)
        }
        m.registerMigration("v6-login-throttle") { db in
            // Failed sign-ins per key (`LoginThrottleRule`): kept in the store so a lock survives a restart.
            try db.execute(
                sql: """
                    CREATE TABLE login_throttle (
                      key TEXT PRIMARY KEY, scope TEXT NOT NULL, username TEXT, client TEXT, failures INTEGER NOT NULL,
                      window_start INTEGER NOT NULL, lockouts INTEGER NOT NULL, locked_until INTEGER, last_failure INTEGER NOT NULL);
                    CREATE INDEX login_throttle_locked ON login_throttle (locked_until);
                    """)
        }
        m.registerMigration("v7-data-quality") { db in
            // Each device's traffic, kept up on every append (`DeviceActivity`), so the data-quality rules read one
            // row per device instead of scanning the log; and each day's data-quality figures.
            try db.execute(
                sql: """
                    CREATE TABLE device_activity (
                      dkey INTEGER PRIMARY KEY, last_event INTEGER NOT NULL, last_received INTEGER NOT NULL,
                      odd_readings INTEGER NOT NULL, last_odd INTEGER);
                    CREATE TABLE quality_history (
                      day TEXT NOT NULL, rule TEXT NOT NULL, checked INTEGER NOT NULL, failing INTEGER NOT NULL,
                      taken_at INTEGER NOT NULL, PRIMARY KEY (day, rule));
                    INSERT INTO device_activity (dkey, last_event, last_received, odd_readings)
                      SELECT dkey, max(time), max(received), 0 FROM telemetry GROUP BY dkey;
                    """)
            // Readings already stored, judged by the same rule as new ones.
            let kinds = [TelemetryFields.Kind.alcohol.rawValue, TelemetryFields.Kind.battery.rawValue]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM telemetry WHERE kind IN (?, ?)", arguments: [kinds[0], kinds[1]])
            where !PhysicalRange.isPlausible(try TelemetryRow.payload(r)) {
                try db.execute(
                    sql: """
                        UPDATE device_activity SET odd_readings = odd_readings + 1, last_odd = max(coalesce(last_odd, 0), ?)
                        WHERE dkey = ?
                        """, arguments: [r["time"] as Int64, r["dkey"] as Int64])
            }
        }
        m.registerMigration("v8-enforcement") { db in
            // What officers decided after a breach: each violation's outcomes (every one kept, the last is current) and
            // enforcement cases with their steps (the case is one document, written over its revision).
            try db.execute(
                sql: """
                    CREATE TABLE violation_outcomes (
                      id TEXT PRIMARY KEY NOT NULL, violation_id TEXT NOT NULL, subject_id TEXT NOT NULL,
                      recorded_at INTEGER NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX violation_outcomes_subject ON violation_outcomes (subject_id, recorded_at);
                    CREATE TABLE enforcement_cases (
                      id TEXT PRIMARY KEY NOT NULL, subject_id TEXT NOT NULL, status TEXT NOT NULL, opened_at INTEGER NOT NULL,
                      revision INTEGER NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX enforcement_cases_subject ON enforcement_cases (subject_id, opened_at);
                    CREATE INDEX enforcement_cases_status ON enforcement_cases (status, opened_at);
                    """)
        }
        m.registerMigration("v8-extracts") { db in
            // Extract projects with their linkage keys, and the extracts made for them (each one's CSV, kept while it
            // can be downloaded), as JSON bodies like the other records.
            try db.execute(
                sql: """
                    CREATE TABLE extract_projects (id TEXT PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL);
                    CREATE TABLE extracts (
                      id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES extract_projects(id), body TEXT NOT NULL,
                      created_at INTEGER NOT NULL);
                    CREATE INDEX extracts_project ON extracts (project_id);
                    """)
        }
        m.registerMigration("v9-retention") { db in
            // The retention schedule saved by PUT /api/v1/retention (no rows: the defaults), and legal holds (what they
            // hold in columns for the run's checks, the whole hold with its release as a JSON body).
            try db.execute(
                sql: """
                    CREATE TABLE retention_rules (
                      retention_class TEXT PRIMARY KEY NOT NULL, keep TEXT NOT NULL, after TEXT NOT NULL);
                    CREATE TABLE legal_holds (
                      id TEXT PRIMARY KEY NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL, placed_at INTEGER NOT NULL,
                      body TEXT NOT NULL);
                    CREATE INDEX legal_holds_target ON legal_holds (kind, value);
                    """)
        }
        return m
    }
}
