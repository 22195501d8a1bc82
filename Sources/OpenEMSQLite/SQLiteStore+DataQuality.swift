import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: DataQualityStore {
    public func dataQualitySnapshot() async throws -> DataQualitySnapshot {
        try await read { db in
            let subjects = try String.fetchAll(db, sql: "SELECT body FROM subjects").map { try StoreJSON.decode(Subject.self, $0) }
            let orders = try String.fetchAll(db, sql: Self.newestVersions).map { try StoreJSON.decode(Order.self, $0) }
            let installations = try Row.fetchAll(db, sql: "SELECT * FROM installations").map(Self.installation)
            var types: [EntityID: DeviceType] = [:]
            var ids: [Int64: EntityID] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT dkey, id, type FROM devices") {
                let id: EntityID = r["id"]
                ids[r["dkey"]] = id
                types[id] = try DeviceType(stored: r["type"], column: "devices.type")
            }
            var activity: [EntityID: DeviceActivity] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM device_activity") {
                guard let id = ids[r["dkey"]] else { continue }
                activity[id] = Self.activity(r)
            }
            let alerts = try Row.fetchAll(
                db,
                sql: """
                    SELECT a.id, a.subject_id, a.status, a.ack_due_at, v.order_id FROM alerts a
                    LEFT JOIN violations v ON v.id = a.violation_id WHERE a.status <> 'CLOSED'
                    """
            ).map { r in
                UnclosedAlert(
                    id: r["id"], subjectId: r["subject_id"], orderId: r["order_id"],
                    status: try AlertStatus(stored: r["status"], column: "alerts.status"),
                    ackDueAt: date(r["ack_due_at"]))
            }
            return DataQualitySnapshot(
                subjects: subjects, orders: orders, installations: installations,
                deviceTypes: types, deviceActivity: activity, unclosedAlerts: alerts)
        }
    }

    static func activity(_ r: Row) -> DeviceActivity {
        DeviceActivity(
            lastEventAt: date(r["last_event"]), lastReceivedAt: date(r["last_received"]),
            readingsOutOfRange: r["odd_readings"], lastOutOfRangeAt: (r["last_odd"] as Int64?).map(date))
    }

    /// Folds a batch's accepted messages into each device's activity row (inside the append's transaction).
    static func recordActivity(_ db: Database, _ accepted: [Int64: [TelemetryMessage]], receivedAt: Date) throws {
        for (dkey, messages) in accepted {
            let old = try Row.fetchOne(db, sql: "SELECT * FROM device_activity WHERE dkey = ?", arguments: [dkey]).map(activity)
            guard let new = DeviceActivity.folding(messages, receivedAt: receivedAt, into: old) else { continue }
            try db.execute(
                sql: """
                    INSERT INTO device_activity (dkey, last_event, last_received, odd_readings, last_odd) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(dkey) DO UPDATE SET last_event = excluded.last_event, last_received = excluded.last_received,
                      odd_readings = excluded.odd_readings, last_odd = excluded.last_odd
                    """,
                arguments: [dkey, ms(new.lastEventAt), ms(new.lastReceivedAt), new.readingsOutOfRange, new.lastOutOfRangeAt.map(ms)])
        }
    }

    public func recordQualityFigures(_ figures: [QualityFigures]) async throws {
        try await write { db in
            for f in figures {
                try db.execute(
                    sql: "INSERT OR REPLACE INTO quality_history (day, rule, checked, failing, taken_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [f.day, f.rule, f.checked, f.failing, ms(f.takenAt)])
            }
        }
    }

    public func qualityHistory(rule: String?, fromDay: String, toDay: String) async throws -> [QualityFigures] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM quality_history WHERE day >= ? AND day <= ? AND (? IS NULL OR rule = ?) ORDER BY day, rule
                    """, arguments: [fromDay, toDay, rule, rule]
            ).map { r in
                QualityFigures(day: r["day"], rule: r["rule"], checked: r["checked"], failing: r["failing"], takenAt: date(r["taken_at"]))
            }
        }
    }
}
