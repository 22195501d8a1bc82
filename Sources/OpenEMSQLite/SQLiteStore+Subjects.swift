import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: SubjectStore {
    /// Lower-cased names and identifiers, the text a caseload search matches.
    static func searchText(_ s: Subject) -> String {
        [s.firstName, s.lastName, s.identifiers.crn, s.identifiers.pnc, s.identifiers.nomis]
            .compactMap { $0 }.joined(separator: " ").lowercased()
    }

    public func insertSubject(_ s: Subject) async throws {
        let body = try StoreJSON.encode(s)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO subjects (id, search, force_area, probation_region, responsible_officer, body, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    s.id, Self.searchText(s), s.forceArea, s.probationRegion, s.responsibleOfficer, body,
                    ms(s.createdAt),
                ])
        }
    }

    public func updateSubject(_ s: Subject) async throws {
        let body = try StoreJSON.encode(s)
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE subjects SET search = ?, force_area = ?, probation_region = ?, responsible_officer = ?, body = ?
                    WHERE id = ?
                    """, arguments: [Self.searchText(s), s.forceArea, s.probationRegion, s.responsibleOfficer, body, s.id])
            if db.changesCount == 0 { throw StoreError.notFound("subject") }
        }
    }

    public func subject(id: EntityID) async throws -> Subject? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM subjects WHERE id = ?", arguments: [id])
                .map { try StoreJSON.decode(Subject.self, $0) }
        }
    }

    public func subjects(ids: [EntityID]) async throws -> [EntityID: Subject] {
        guard !ids.isEmpty else { return [:] }
        return try await read { db in
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ",")
            var out: [EntityID: Subject] = [:]
            for body in try String.fetchAll(db, sql: "SELECT body FROM subjects WHERE id IN (\(marks))", arguments: StatementArguments(ids)) {
                let s = try StoreJSON.decode(Subject.self, body)
                out[s.id] = s
            }
            return out
        }
    }

    public func subjects(_ q: SubjectQuery) async throws -> [Subject] {
        try await read { db in
            var sql = "SELECT body FROM subjects WHERE 1 = 1"
            var args: [any DatabaseValueConvertible] = []
            if let t = q.text?.lowercased(), !t.isEmpty {
                sql += " AND instr(search, ?) > 0"
                args.append(t)
            }
            if let f = q.forceArea {
                sql += " AND force_area = ?"
                args.append(f)
            }
            if let r = q.probationRegion {
                sql += " AND probation_region = ?"
                args.append(r)
            }
            if let a = q.afterId {
                sql += " AND id > ?"
                args.append(a)
            }
            // The newest version of an order decides its type, cohort and status.
            let activeOrder = """
                SELECT 1 FROM orders o WHERE o.subject_id = subjects.id AND o.status = 'ACTIVE'
                AND o.version = (SELECT max(version) FROM orders o2 WHERE o2.id = o.id)
                """
            if q.orderType != nil || q.cohort != nil || q.hasActiveOrder == true {
                var clause = activeOrder
                if let t = q.orderType {
                    clause += " AND json_extract(o.body, '$.orderType') = ?"
                    args.append(t.rawValue)
                }
                if let c = q.cohort {
                    clause += " AND json_extract(o.body, '$.cohort') = ?"
                    args.append(c.rawValue)
                }
                sql += " AND EXISTS (\(clause))"
            } else if q.hasActiveOrder == false {
                sql += " AND NOT EXISTS (\(activeOrder))"
            }
            if let open = q.hasOpenViolation {
                sql +=
                    " AND \(open ? "" : "NOT ")EXISTS (SELECT 1 FROM violations v WHERE v.subject_id = subjects.id AND v.end IS NULL AND v.status "
                    + "!= 'WITHDRAWN')"
            }
            sql += " ORDER BY id LIMIT ?"
            args.append(q.limit)
            return try String.fetchAll(db, sql: sql, arguments: StatementArguments(args))
                .map { try StoreJSON.decode(Subject.self, $0) }
        }
    }

    public func insertAddressCheck(_ c: AddressCheck) async throws {
        let body = try StoreJSON.encode(c)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO address_checks (id, subject_id, address_id, body, checked_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [c.id, c.subjectId, c.addressId, body, ms(c.checkedAt)])
        }
    }

    public func addressChecks(subjectId: EntityID) async throws -> [AddressCheck] {
        try await read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM address_checks WHERE subject_id = ? ORDER BY checked_at",
                arguments: [subjectId]
            ).map { try StoreJSON.decode(AddressCheck.self, $0) }
        }
    }
}

extension SQLiteStore: OrderStore {
    public func insertOrderVersion(_ o: Order) async throws {
        let body = try StoreJSON.encode(o)
        try await write { db in
            let newest = try Int.fetchOne(db, sql: "SELECT max(version) FROM orders WHERE id = ?", arguments: [o.id]) ?? 0
            guard o.version == newest + 1 else {
                throw StoreError.conflict("order \(o.id) is at version \(newest); version \(o.version) is stale")
            }
            try db.execute(
                sql: "INSERT INTO orders (id, version, subject_id, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [o.id, o.version, o.subjectId, o.status.rawValue, body, ms(o.createdAt)])
        }
    }

    public func order(id: EntityID, version: Int?) async throws -> Order? {
        try await read { db in
            let body: String? =
                if let version {
                    try String.fetchOne(db, sql: "SELECT body FROM orders WHERE id = ? AND version = ?", arguments: [id, version])
                } else {
                    try String.fetchOne(db, sql: "SELECT body FROM orders WHERE id = ? ORDER BY version DESC LIMIT 1", arguments: [id])
                }
            return try body.map { try StoreJSON.decode(Order.self, $0) }
        }
    }

    public func orderVersions(id: EntityID) async throws -> [Order] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM orders WHERE id = ? ORDER BY version", arguments: [id])
                .map { try StoreJSON.decode(Order.self, $0) }
        }
    }

    static let newestVersions = """
        SELECT o.body FROM orders o
        JOIN (SELECT id, max(version) AS v FROM orders GROUP BY id) n ON n.id = o.id AND n.v = o.version
        """

    public func orders(subjectId: EntityID) async throws -> [Order] {
        try await read { db in
            try String.fetchAll(
                db, sql: Self.newestVersions + " WHERE o.subject_id = ? ORDER BY o.created_at",
                arguments: [subjectId]
            ).map { try StoreJSON.decode(Order.self, $0) }
        }
    }

    public func orders(subjectIds: [EntityID]) async throws -> [Order] {
        guard !subjectIds.isEmpty else { return [] }
        return try await read { db in
            let marks = Array(repeating: "?", count: subjectIds.count).joined(separator: ",")
            return try String.fetchAll(
                db, sql: Self.newestVersions + " WHERE o.subject_id IN (\(marks)) ORDER BY o.created_at",
                arguments: StatementArguments(subjectIds)
            ).map { try StoreJSON.decode(Order.self, $0) }
        }
    }

    public func allOrders() async throws -> [Order] {
        try await read { db in try String.fetchAll(db, sql: Self.newestVersions + " ORDER BY o.id").map { try StoreJSON.decode(Order.self, $0) } }
    }

    public func activeOrders() async throws -> [Order] {
        try await read { db in
            try String.fetchAll(db, sql: Self.newestVersions + " WHERE o.status = 'ACTIVE' ORDER BY o.id")
                .map { try StoreJSON.decode(Order.self, $0) }
        }
    }
}

extension SQLiteStore: DeviceStore {
    public func insertDevice(_ d: Device) async throws {
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM devices WHERE serial = ?", arguments: [d.serial]) == true {
                throw StoreError.conflict("serial taken")
            }
            try db.execute(
                sql: "INSERT INTO devices (id, serial, type, key_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [d.id, d.serial, d.type.rawValue, d.keyHash, ms(d.createdAt)])
        }
    }

    static func device(_ r: Row) throws -> Device {
        Device(
            id: r["id"], serial: r["serial"], type: try DeviceType(stored: r["type"], column: "devices.type"),
            keyHash: r["key_hash"], createdAt: date(r["created_at"]))
    }

    public func device(id: EntityID) async throws -> Device? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM devices WHERE id = ?", arguments: [id]).map(Self.device) }
    }

    public func device(keyHash: String) async throws -> Device? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM devices WHERE key_hash = ?", arguments: [keyHash]).map(Self.device)
        }
    }

    public func devices(limit: Int, afterId: String?) async throws -> [Device] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM devices WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [afterId ?? "", limit]
            ).map(Self.device)
        }
    }

    static func installation(_ r: Row) -> Installation {
        Installation(
            id: r["id"], deviceId: r["device_id"], orderId: r["order_id"], subjectId: r["subject_id"],
            installedAt: date(r["installed_at"]), removedAt: (r["removed_at"] as Int64?).map(date))
    }

    public func insertInstallation(_ i: Installation) async throws {
        try await write { db in
            if try Bool.fetchOne(
                db, sql: "SELECT 1 FROM installations WHERE device_id = ? AND removed_at IS NULL",
                arguments: [i.deviceId]) == true
            {
                throw StoreError.conflict("device already installed")
            }
            try db.execute(
                sql: """
                    INSERT INTO installations (id, device_id, order_id, subject_id, installed_at, removed_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [i.id, i.deviceId, i.orderId, i.subjectId, ms(i.installedAt), i.removedAt.map(ms)])
        }
    }

    public func removeInstallation(id: EntityID, at: Date) async throws -> Installation {
        try await write { db in
            try db.execute(
                sql: "UPDATE installations SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
                arguments: [ms(at), id])
            if db.changesCount == 0 {
                let exists = try Bool.fetchOne(db, sql: "SELECT 1 FROM installations WHERE id = ?", arguments: [id]) ?? false
                throw exists ? StoreError.conflict("already removed") : StoreError.notFound("installation")
            }
            return try Row.fetchOne(db, sql: "SELECT * FROM installations WHERE id = ?", arguments: [id]).map(Self.installation)!
        }
    }

    public func installation(id: EntityID) async throws -> Installation? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM installations WHERE id = ?", arguments: [id]).map(Self.installation)
        }
    }

    private func installations(where clause: String, _ arg: String) async throws -> [Installation] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM installations WHERE \(clause) = ? ORDER BY installed_at DESC, id",
                arguments: [arg]
            ).map(Self.installation)
        }
    }

    public func installations(deviceId: EntityID) async throws -> [Installation] { try await installations(where: "device_id", deviceId) }
    public func installations(orderId: EntityID) async throws -> [Installation] { try await installations(where: "order_id", orderId) }
    public func installations(subjectId: EntityID) async throws -> [Installation] { try await installations(where: "subject_id", subjectId) }

    public func allInstallations() async throws -> [Installation] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM installations ORDER BY id").map(Self.installation) }
    }

    public func activeInstallations() async throws -> [Installation] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM installations WHERE removed_at IS NULL ORDER BY id").map(Self.installation)
        }
    }
}
