import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: SubjectStore {
    /// Lower-cased names and identifiers, the text a caseload search matches (as in the embedded store).
    static func searchText(_ s: Subject) -> String {
        [s.firstName, s.lastName, s.identifiers.crn, s.identifiers.pnc, s.identifiers.nomis]
            .compactMap { $0 }.joined(separator: " ").lowercased()
    }

    static func bodies<T: Decodable, S: AsyncSequence>(_ t: T.Type, _ rows: S) async throws -> [T] where S.Element == PostgresRow {
        var out: [T] = []
        for try await body in rows.decode(String.self) { out.append(try StoreJSON.decode(t, body)) }
        return out
    }

    /// The subject's addresses as PostGIS points, for analysts' tools.
    func writeAddresses(_ s: Subject, _ c: PostgresConnection) async throws {
        try await c.query("DELETE FROM subject_addresses WHERE subject_id = \(s.id)", logger: self.logger)
        for a in s.addresses {
            try await c.query(
                """
                INSERT INTO subject_addresses (subject_id, address_id, type, line1, postcode, geom)
                VALUES (\(s.id), \(a.id), \(a.type.rawValue), \(a.line1), \(a.postcode),
                        ST_SetSRID(ST_MakePoint(\(a.location.lon), \(a.location.lat)), 4326))
                """, logger: self.logger)
        }
    }

    public func insertSubject(_ s: Subject) async throws {
        let body = try StoreJSON.encode(s)
        try await transaction { c in
            try await c.query(
                """
                INSERT INTO subjects (id, search, force_area, probation_region, responsible_officer, body, created_at)
                VALUES (\(s.id), \(Self.searchText(s)), \(s.forceArea), \(s.probationRegion), \(s.responsibleOfficer), \(body)::jsonb,
                        \(msDate(s.createdAt)))
                """, logger: self.logger)
            try await self.writeAddresses(s, c)
        }
    }

    public func updateSubject(_ s: Subject) async throws {
        let body = try StoreJSON.encode(s)
        try await transaction { c in
            var found = false
            for try await _ in try await c.query(
                """
                UPDATE subjects SET search = \(Self.searchText(s)), force_area = \(s.forceArea), probation_region = \(s.probationRegion),
                  responsible_officer = \(s.responsibleOfficer), body = \(body)::jsonb WHERE id = \(s.id) RETURNING id
                """, logger: self.logger
            ).decode(String.self) { found = true }
            guard found else { throw StoreError.notFound("subject") }
            try await self.writeAddresses(s, c)
        }
    }

    public func subject(id: EntityID) async throws -> Subject? {
        try await Self.bodies(Subject.self, query("SELECT body::text FROM subjects WHERE id = \(id)")).first
    }

    public func subjects(ids: [EntityID]) async throws -> [EntityID: Subject] {
        guard !ids.isEmpty else { return [:] }
        let found = try await Self.bodies(Subject.self, query("SELECT body::text FROM subjects WHERE id = ANY(\(ids))"))
        return Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func subjects(_ q: SubjectQuery) async throws -> [Subject] {
        var sql = "SELECT body::text FROM subjects WHERE true"
        var binds = PostgresBindings()
        func bind(_ v: String) -> String {
            binds.append(v)
            return "$\(binds.count)"
        }
        if let t = q.text?.lowercased(), !t.isEmpty { sql += " AND strpos(search, \(bind(t))) > 0" }
        if let f = q.forceArea { sql += " AND force_area = \(bind(f))" }
        if let r = q.probationRegion { sql += " AND probation_region = \(bind(r))" }
        if let a = q.afterId { sql += " AND id > \(bind(a))" }
        // The newest version of an order decides its type, cohort and status.
        let activeOrder = """
            SELECT 1 FROM orders o WHERE o.subject_id = subjects.id AND o.status = 'ACTIVE'
            AND o.version = (SELECT max(version) FROM orders o2 WHERE o2.id = o.id)
            """
        if q.orderType != nil || q.cohort != nil || q.hasActiveOrder == true {
            var clause = activeOrder
            if let t = q.orderType { clause += " AND o.order_type = \(bind(t.rawValue))" }
            if let c = q.cohort { clause += " AND o.cohort = \(bind(c.rawValue))" }
            sql += " AND EXISTS (\(clause))"
        } else if q.hasActiveOrder == false {
            sql += " AND NOT EXISTS (\(activeOrder))"
        }
        if let open = q.hasOpenViolation {
            sql +=
                " AND \(open ? "" : "NOT ")EXISTS (SELECT 1 FROM violations v WHERE v.subject_id = subjects.id AND v.end_at IS NULL AND v.status "
                + "!= 'WITHDRAWN')"
        }
        binds.append(q.limit)
        sql += " ORDER BY id LIMIT $\(binds.count)"
        return try await Self.bodies(Subject.self, query(PostgresQuery(unsafeSQL: sql, binds: binds)))
    }

    public func insertAddressCheck(_ c: AddressCheck) async throws {
        let body = try StoreJSON.encode(c)
        try await query(
            """
            INSERT INTO address_checks (id, subject_id, address_id, body, checked_at)
            VALUES (\(c.id), \(c.subjectId), \(c.addressId), \(body)::jsonb, \(msDate(c.checkedAt)))
            """)
    }

    public func addressChecks(subjectId: EntityID) async throws -> [AddressCheck] {
        try await Self.bodies(
            AddressCheck.self,
            query(
                "SELECT body::text FROM address_checks WHERE subject_id = \(subjectId) ORDER BY checked_at, id"))
    }
}

extension PostgresStore: OrderStore {
    public func insertOrderVersion(_ o: Order) async throws {
        let body = try StoreJSON.encode(o)
        try await transaction { c in
            // Versions of one order are written one at a time, on whichever node.
            try await c.query("SELECT pg_advisory_xact_lock(hashtext(\(o.id)))", logger: self.logger)
            var newest = 0
            for try await v in try await c.query("SELECT coalesce(max(version), 0) FROM orders WHERE id = \(o.id)", logger: self.logger)
                .decode(Int.self)
            { newest = v }
            guard o.version == newest + 1 else {
                throw StoreError.conflict("order \(o.id) is at version \(newest); version \(o.version) is stale")
            }
            try await c.query(
                """
                INSERT INTO orders (id, version, subject_id, status, order_type, cohort, body, created_at)
                VALUES (\(o.id), \(o.version), \(o.subjectId), \(o.status.rawValue), \(o.orderType.rawValue), \(o.cohort.rawValue),
                        \(body)::jsonb, \(msDate(o.createdAt)))
                """, logger: self.logger)
        }
    }

    public func order(id: EntityID, version: Int?) async throws -> Order? {
        if let version {
            return try await Self.bodies(Order.self, query("SELECT body::text FROM orders WHERE id = \(id) AND version = \(version)")).first
        }
        return try await Self.bodies(Order.self, query("SELECT body::text FROM orders WHERE id = \(id) ORDER BY version DESC LIMIT 1")).first
    }

    public func orderVersions(id: EntityID) async throws -> [Order] {
        try await Self.bodies(Order.self, query("SELECT body::text FROM orders WHERE id = \(id) ORDER BY version"))
    }

    static let newestVersions = "SELECT DISTINCT ON (o.id) o.id, o.created_at, o.body::text AS body FROM orders o"

    public func orders(subjectId: EntityID) async throws -> [Order] {
        try await Self.bodies(
            Order.self,
            query(
                """
                SELECT body FROM (\(unescaped: Self.newestVersions) WHERE o.subject_id = \(subjectId) ORDER BY o.id, o.version DESC) n
                ORDER BY created_at, id
                """))
    }

    public func orders(subjectIds: [EntityID]) async throws -> [Order] {
        guard !subjectIds.isEmpty else { return [] }
        return try await Self.bodies(
            Order.self,
            query(
                """
                SELECT body FROM (\(unescaped: Self.newestVersions) WHERE o.subject_id = ANY(\(subjectIds)) ORDER BY o.id, o.version DESC) n
                ORDER BY created_at, id
                """))
    }

    public func allOrders() async throws -> [Order] {
        try await Self.bodies(
            Order.self, query("SELECT body FROM (\(unescaped: Self.newestVersions) ORDER BY o.id, o.version DESC) n ORDER BY id"))
    }

    public func activeOrders() async throws -> [Order] {
        try await Self.bodies(
            Order.self,
            query(
                """
                SELECT body FROM (SELECT DISTINCT ON (o.id) o.id, o.status, o.body::text AS body FROM orders o ORDER BY o.id, o.version DESC) n
                WHERE status = 'ACTIVE' ORDER BY id
                """))
    }
}

extension PostgresStore: DeviceStore {
    static func devices<S: AsyncSequence>(_ rows: S) async throws -> [Device] where S.Element == PostgresRow {
        var out: [Device] = []
        for try await (id, serial, type, hash, created) in rows.decode((String, String, String, String, Date).self) {
            out.append(
                Device(
                    id: id, serial: serial, type: try DeviceType(stored: type, column: "devices.type"), keyHash: hash,
                    createdAt: msDate(created)))
        }
        return out
    }

    public func insertDevice(_ d: Device) async throws {
        do {
            try await query(
                """
                INSERT INTO devices (id, serial, type, key_hash, created_at)
                VALUES (\(d.id), \(d.serial), \(d.type.rawValue), \(d.keyHash), \(msDate(d.createdAt)))
                """)
        } catch StoreError.conflict {
            throw StoreError.conflict("serial taken")
        }
    }

    public func device(id: EntityID) async throws -> Device? {
        try await Self.devices(query("SELECT id, serial, type, key_hash, created_at FROM devices WHERE id = \(id)")).first
    }

    public func device(keyHash: String) async throws -> Device? {
        try await Self.devices(query("SELECT id, serial, type, key_hash, created_at FROM devices WHERE key_hash = \(keyHash)")).first
    }

    public func devices(limit: Int, afterId: String?) async throws -> [Device] {
        try await Self.devices(
            query(
                """
                SELECT id, serial, type, key_hash, created_at FROM devices WHERE id > \(afterId ?? "") ORDER BY id LIMIT \(limit)
                """))
    }

    static let installationColumns = "id, device_id, order_id, subject_id, installed_at, removed_at"

    static func installations<S: AsyncSequence>(_ rows: S) async throws -> [Installation] where S.Element == PostgresRow {
        var out: [Installation] = []
        for try await (id, device, order, subject, installed, removed) in rows.decode((String, String, String, String, Date, Date?).self) {
            out.append(
                Installation(
                    id: id, deviceId: device, orderId: order, subjectId: subject, installedAt: msDate(installed),
                    removedAt: removed.map(msDate)))
        }
        return out
    }

    public func insertInstallation(_ i: Installation) async throws {
        do {
            try await query(
                """
                INSERT INTO installations (\(unescaped: Self.installationColumns))
                VALUES (\(i.id), \(i.deviceId), \(i.orderId), \(i.subjectId), \(msDate(i.installedAt)), \(i.removedAt.map(msDate)))
                """)
        } catch StoreError.conflict {
            throw StoreError.conflict("device already installed")
        }
    }

    public func removeInstallation(id: EntityID, at: Date) async throws -> Installation {
        try await transaction { c in
            let updated = try await Self.installations(
                c.query(
                    """
                    UPDATE installations SET removed_at = \(msDate(at)) WHERE id = \(id) AND removed_at IS NULL
                    RETURNING \(unescaped: Self.installationColumns)
                    """, logger: self.logger))
            if let i = updated.first { return i }
            var exists = false
            for try await _ in try await c.query("SELECT id FROM installations WHERE id = \(id)", logger: self.logger).decode(String.self) {
                exists = true
            }
            throw exists ? StoreError.conflict("already removed") : StoreError.notFound("installation")
        }
    }

    public func installation(id: EntityID) async throws -> Installation? {
        try await Self.installations(query("SELECT \(unescaped: Self.installationColumns) FROM installations WHERE id = \(id)")).first
    }

    public func installations(deviceId: EntityID) async throws -> [Installation] {
        try await Self.installations(
            query(
                """
                SELECT \(unescaped: Self.installationColumns) FROM installations WHERE device_id = \(deviceId) ORDER BY installed_at DESC, id
                """))
    }

    public func installations(orderId: EntityID) async throws -> [Installation] {
        try await Self.installations(
            query(
                """
                SELECT \(unescaped: Self.installationColumns) FROM installations WHERE order_id = \(orderId) ORDER BY installed_at DESC, id
                """))
    }

    public func installations(subjectId: EntityID) async throws -> [Installation] {
        try await Self.installations(
            query(
                """
                SELECT \(unescaped: Self.installationColumns) FROM installations WHERE subject_id = \(subjectId) ORDER BY installed_at DESC, id
                """))
    }

    public func allInstallations() async throws -> [Installation] {
        try await Self.installations(query("SELECT \(unescaped: Self.installationColumns) FROM installations ORDER BY id"))
    }

    public func activeInstallations() async throws -> [Installation] {
        try await Self.installations(
            query(
                "SELECT \(unescaped: Self.installationColumns) FROM installations WHERE removed_at IS NULL ORDER BY id"))
    }
}
