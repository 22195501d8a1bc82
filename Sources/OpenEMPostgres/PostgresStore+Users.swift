import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: UserStore {
    static let userColumns = "id, username, password_hash, roles::text, force_area, probation_region, created_at, disabled"

    static func users<S: AsyncSequence>(_ rows: S) async throws -> [User] where S.Element == PostgresRow {
        var out: [User] = []
        for try await (id, username, hash, roles, force, region, created, disabled)
            in rows.decode((String, String, String, String, String?, String?, Date, Bool).self)
        {
            out.append(
                User(
                    id: id, username: username, passwordHash: hash, roles: try StoreJSON.decode([Role].self, roles),
                    forceArea: force, probationRegion: region, createdAt: msDate(created), disabled: disabled))
        }
        return out
    }

    public func insertUser(_ u: User) async throws {
        let roles = try StoreJSON.encode(u.roles)
        do {
            try await query(
                """
                INSERT INTO users (id, username, password_hash, roles, force_area, probation_region, created_at, disabled)
                VALUES (\(u.id), \(u.username), \(u.passwordHash), \(roles)::jsonb, \(u.forceArea), \(u.probationRegion),
                        \(msDate(u.createdAt)), \(u.disabled))
                """)
        } catch StoreError.conflict {
            throw StoreError.conflict("username taken")
        }
    }

    public func user(id: EntityID) async throws -> User? {
        try await Self.users(query("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)")).first
    }

    public func user(username: String) async throws -> User? {
        try await Self.users(query("SELECT \(unescaped: Self.userColumns) FROM users WHERE username = \(username)")).first
    }

    public func allUsers() async throws -> [User] {
        try await Self.users(query("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY username"))
    }

    public func insertToken(_ t: AccessToken) async throws {
        try await query(
            """
            INSERT INTO tokens (token_hash, user_id, issued_at, expires_at, revoked)
            VALUES (\(t.tokenHash), \(t.userId), \(msDate(t.issuedAt)), \(msDate(t.expiresAt)), \(t.revoked))
            """)
    }

    public func token(hash: String) async throws -> AccessToken? {
        let rows = try await query("SELECT token_hash, user_id, issued_at, expires_at, revoked FROM tokens WHERE token_hash = \(hash)")
        for try await (h, user, issued, expires, revoked) in rows.decode((String, String, Date, Date, Bool).self) {
            return AccessToken(tokenHash: h, userId: user, issuedAt: msDate(issued), expiresAt: msDate(expires), revoked: revoked)
        }
        return nil
    }

    public func revokeToken(hash: String) async throws {
        try await query("UPDATE tokens SET revoked = true WHERE token_hash = \(hash)")
    }
}

extension PostgresStore: AuditStore {
    static let auditColumns = """
        seq, at, actor_id, actor_role, action, resource_type, resource_id, purpose, reference, outcome, detail, prev_hash, hash
        """

    static func auditEntries<S: AsyncSequence>(_ rows: S) async throws -> [AuditEntry] where S.Element == PostgresRow {
        var out: [AuditEntry] = []
        for try await row in rows {
            let r = row.makeRandomAccess()
            out.append(
                AuditEntry(
                    seq: try r[0].decode(Int64.self),
                    record: AuditRecord(
                        at: msDate(try r[1].decode(Date.self)), actorId: try r[2].decode(String.self), actorRole: try r[3].decode(String.self),
                        action: try r[4].decode(String.self), resourceType: try r[5].decode(String.self),
                        resourceId: try r[6].decode(String?.self), purpose: try r[7].decode(String?.self),
                        reference: try r[8].decode(String?.self),
                        outcome: try AuditOutcome(stored: try r[9].decode(String.self), column: "audit.outcome"),
                        detail: try r[10].decode(String?.self)),
                    prevHash: try r[11].decode(String.self), hash: try r[12].decode(String.self)))
        }
        return out
    }

    @discardableResult
    public func appendAudit(_ records: [AuditRecord]) async throws -> [AuditEntry] {
        try await transaction { c in
            // The head row is locked for the transaction: appends from every node chain one after another.
            try await c.query(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, \(AuditChain.genesisHash)) ON CONFLICT (id) DO NOTHING",
                logger: self.logger)
            var seq: Int64 = 0
            var prev = AuditChain.genesisHash
            for try await (s, h) in try await c.query("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE", logger: self.logger)
                .decode((Int64, String).self)
            {
                seq = s
                prev = h
            }
            var out: [AuditEntry] = []
            for var r in records {
                // The hash covers millisecond time, so store exactly what was hashed.
                r.at = msDate(r.at)
                seq += 1
                let e = AuditChain.seal(seq: seq, record: r, prevHash: prev)
                try await c.query(
                    """
                    INSERT INTO audit (\(unescaped: Self.auditColumns)) VALUES (\(e.seq), \(r.at), \(r.actorId), \(r.actorRole),
                      \(r.action), \(r.resourceType), \(r.resourceId), \(r.purpose), \(r.reference), \(r.outcome.rawValue), \(r.detail),
                      \(e.prevHash), \(e.hash))
                    """, logger: self.logger)
                prev = e.hash
                out.append(e)
            }
            try await c.query("UPDATE audit_head SET seq = \(seq), hash = \(prev) WHERE id = 1", logger: self.logger)
            return out
        }
    }

    public func auditEntries(from: Date?, to: Date?, actorId: String?, afterSeq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await Self.auditEntries(
            query(
                """
                SELECT \(unescaped: Self.auditColumns) FROM audit WHERE seq > \(afterSeq)
                  AND (\(from)::timestamptz IS NULL OR at >= \(from)) AND (\(to)::timestamptz IS NULL OR at < \(to))
                  AND (\(actorId)::text IS NULL OR actor_id = \(actorId))
                ORDER BY seq LIMIT \(limit)
                """))
    }

    public func verifyAudit() async throws -> AuditVerification {
        var count = 0
        var last: AuditEntry?
        // In pages, so a long chain is never held in memory at once.
        while true {
            let page = try await Self.auditEntries(
                query(
                    "SELECT \(unescaped: Self.auditColumns) FROM audit WHERE seq > \(last?.seq ?? 0) ORDER BY seq LIMIT 5000"))
            for e in page {
                if let b = AuditChain.verify([e], previous: last) {
                    return AuditVerification(valid: false, entries: count, firstBadSeq: b.seq, problem: b.description)
                }
                last = e
                count += 1
            }
            if page.count < 5000 { break }
        }
        var headSeq: Int64 = 0
        var headHash = AuditChain.genesisHash
        for try await (s, h) in try await query("SELECT seq, hash FROM audit_head WHERE id = 1").decode((Int64, String).self) {
            headSeq = s
            headHash = h
        }
        if headSeq != (last?.seq ?? 0) || headHash != (last?.hash ?? AuditChain.genesisHash) {
            let missing = (last?.seq ?? 0) + 1
            return AuditVerification(
                valid: false, entries: count, firstBadSeq: missing,
                problem: "entries \(missing)...\(headSeq) are missing: the newest entries were deleted")
        }
        return AuditVerification(valid: true, entries: count)
    }
}
