import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: DataQualityStore {
    public func dataQualitySnapshot() async throws -> DataQualitySnapshot {
        // One transaction at REPEATABLE READ: every part of the snapshot is of the same moment.
        try await transaction { c in
            try await c.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let subjects = try await Self.bodies(Subject.self, c.query("SELECT body::text FROM subjects", logger: self.logger))
            let orders = try await Self.bodies(
                Order.self,
                c.query("SELECT body FROM (\(unescaped: Self.newestVersions) ORDER BY o.id, o.version DESC) n", logger: self.logger))
            let installations = try await Self.installations(
                c.query("SELECT \(unescaped: Self.installationColumns) FROM installations", logger: self.logger))
            var types: [EntityID: DeviceType] = [:]
            for try await (id, type) in try await c.query("SELECT id, type FROM devices", logger: self.logger).decode((String, String).self) {
                types[id] = try DeviceType(stored: type, column: "devices.type")
            }
            var activity: [EntityID: DeviceActivity] = [:]
            for try await (id, event, received, odd, lastOdd) in try await c.query(
                """
                SELECT d.id, a.last_event, a.last_received, a.odd_readings, a.last_odd FROM device_activity a JOIN devices d ON d.dkey = a.dkey
                """, logger: self.logger
            ).decode((String, Date, Date, Int, Date?).self) {
                activity[id] = DeviceActivity(
                    lastEventAt: msDate(event), lastReceivedAt: msDate(received), readingsOutOfRange: odd, lastOutOfRangeAt: lastOdd.map(msDate))
            }
            var alerts: [UnclosedAlert] = []
            for try await (id, subject, status, due, order) in try await c.query(
                """
                SELECT a.id, a.subject_id, a.status, a.ack_due_at, v.order_id FROM alerts a
                LEFT JOIN violations v ON v.id = a.violation_id WHERE a.status <> 'CLOSED'
                """, logger: self.logger
            ).decode((String, String, String, Date, String?).self) {
                alerts.append(
                    UnclosedAlert(
                        id: id, subjectId: subject, orderId: order, status: try AlertStatus(stored: status, column: "alerts.status"),
                        ackDueAt: msDate(due)))
            }
            return DataQualitySnapshot(
                subjects: subjects, orders: orders, installations: installations,
                deviceTypes: types, deviceActivity: activity, unclosedAlerts: alerts)
        }
    }

    /// Folds a group's accepted messages into each device's activity row, inside the append's transaction: the same
    /// fold as `DeviceActivity.folding`, done by the database so no row is read first. Devices in key order, so two
    /// appenders never wait on each other's rows in a cycle.
    static func recordActivity(
        _ accepted: [(dkey: Int64, message: TelemetryMessage, receivedAt: Date)], _ c: PostgresConnection, _ logger: Logger
    ) async throws {
        let byDevice = Dictionary(grouping: accepted, by: \.dkey).sorted { $0.key < $1.key }
        var dkeys: [Int64] = [], events: [Date] = [], received: [Date] = [], odd: [Int] = [], lastOdd: [Date] = []
        for (dkey, items) in byDevice {
            guard let a = DeviceActivity.folding(items.map(\.message), receivedAt: items.map(\.receivedAt).max()!, into: nil) else { continue }
            dkeys.append(dkey)
            events.append(msDate(a.lastEventAt))
            received.append(msDate(a.lastReceivedAt))
            odd.append(a.readingsOutOfRange)
            lastOdd.append(a.lastOutOfRangeAt.map(msDate) ?? Date(timeIntervalSince1970: 0))  // the epoch: none
        }
        try await c.query(
            """
            INSERT INTO device_activity (dkey, last_event, last_received, odd_readings, last_odd)
            SELECT d, e, r, n, nullif(l, 'epoch')
            FROM unnest(\(dkeys)::bigint[], \(events)::timestamptz[], \(received)::timestamptz[], \(odd)::int[], \(lastOdd)::timestamptz[])
              AS u(d, e, r, n, l)
            ON CONFLICT (dkey) DO UPDATE SET
              last_event = GREATEST(device_activity.last_event, excluded.last_event),
              last_received = GREATEST(device_activity.last_received, excluded.last_received),
              odd_readings = device_activity.odd_readings + excluded.odd_readings,
              last_odd = GREATEST(device_activity.last_odd, excluded.last_odd)
            """, logger: logger)
    }

    public func recordQualityFigures(_ figures: [QualityFigures]) async throws {
        guard !figures.isEmpty else { return }
        try await query(
            """
            INSERT INTO quality_history (day, rule, checked, failing, taken_at)
            SELECT * FROM unnest(\(figures.map(\.day))::text[], \(figures.map(\.rule))::text[], \(figures.map(\.checked))::int[],
              \(figures.map(\.failing))::int[], \(figures.map { msDate($0.takenAt) })::timestamptz[])
            ON CONFLICT (day, rule) DO UPDATE SET checked = excluded.checked, failing = excluded.failing, taken_at = excluded.taken_at
            """)
    }

    public func qualityHistory(rule: String?, fromDay: String, toDay: String) async throws -> [QualityFigures] {
        var out: [QualityFigures] = []
        for try await (day, r, checked, failing, taken) in try await query(
            """
            SELECT day, rule, checked, failing, taken_at FROM quality_history
            WHERE day >= \(fromDay) AND day <= \(toDay) AND (\(rule)::text IS NULL OR rule = \(rule)) ORDER BY day, rule
            """
        ).decode((String, String, Int, Int, Date).self) {
            out.append(QualityFigures(day: day, rule: r, checked: checked, failing: failing, takenAt: msDate(taken)))
        }
        return out
    }
}
