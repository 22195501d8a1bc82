import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: UserStore {
    public func insertUser(_ u: User) async throws {
        let roles = try StoreJSON.encode(u.roles)
        try await write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM users WHERE username = ?", arguments: [u.username]) == true {
                throw StoreError.conflict("username taken")
            }
            try db.execute(
                sql: """
                    INSERT INTO users (id, username, password_hash, roles, force_area, probation_region, created_at, disabled)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    u.id, u.username, u.passwordHash, roles, u.forceArea, u.probationRegion,
                    ms(u.createdAt), u.disabled,
                ])
        }
    }

    static func user(_ r: Row) throws -> User {
        User(
            id: r["id"], username: r["username"], passwordHash: r["password_hash"],
            roles: try StoreJSON.decode([Role].self, r["roles"]), forceArea: r["force_area"],
            probationRegion: r["probation_region"], createdAt: date(r["created_at"]), disabled: r["disabled"])
    }

    public func user(id: EntityID) async throws -> User? {
        try await read { db in try Row.fetchOne(db, sql: "SELECT * FROM users WHERE id = ?", arguments: [id]).map(Self.user) }
    }

    public func user(username: String) async throws -> User? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE username = ?", arguments: [username]).map(Self.user)
        }
    }

    public func allUsers() async throws -> [User] {
        try await read { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY username").map(Self.user) }
    }

    public func insertToken(_ t: AccessToken) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO tokens (token_hash, user_id, issued_at, expires_at, revoked) VALUES (?, ?, ?, ?, ?)",
                arguments: [t.tokenHash, t.userId, ms(t.issuedAt), ms(t.expiresAt), t.revoked])
        }
    }

    public func token(hash: String) async throws -> AccessToken? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE token_hash = ?", arguments: [hash]).map { r in
                AccessToken(
                    tokenHash: r["token_hash"], userId: r["user_id"], issuedAt: date(r["issued_at"]),
                    expiresAt: date(r["expires_at"]), revoked: r["revoked"])
            }
        }
    }

    public func revokeToken(hash: String) async throws {
        try await write { db in try db.execute(sql: "UPDATE tokens SET revoked = 1 WHERE token_hash = ?", arguments: [hash]) }
    }
}

extension SQLiteStore: AuditStore {
    @discardableResult
    public func appendAudit(_ records: [AuditRecord]) async throws -> [AuditEntry] {
        try await write { db in
            let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1")
            var seq: Int64 = head?["seq"] ?? 0
            var prev: String = head?["hash"] ?? AuditChain.genesisHash
            var out: [AuditEntry] = []
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO audit (seq, at, actor_id, actor_role, action, resource_type, resource_id, purpose, reference,
                                       outcome, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for var r in records {
                // The hash covers millisecond time, so store exactly what was hashed.
                r.at = date(ms(r.at))
                seq += 1
                let e = AuditChain.seal(seq: seq, record: r, prevHash: prev)
                try insert.execute(arguments: [
                    e.seq, ms(r.at), r.actorId, r.actorRole, r.action, r.resourceType,
                    r.resourceId, r.purpose, r.reference, r.outcome.rawValue, r.detail,
                    e.prevHash, e.hash,
                ])
                prev = e.hash
                out.append(e)
            }
            try db.execute(
                sql:
                    "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                arguments: [seq, prev])
            return out
        }
    }

    static func auditEntry(_ r: Row) throws -> AuditEntry {
        AuditEntry(
            seq: r["seq"],
            record: AuditRecord(
                at: date(r["at"]), actorId: r["actor_id"], actorRole: r["actor_role"], action: r["action"],
                resourceType: r["resource_type"], resourceId: r["resource_id"], purpose: r["purpose"],
                reference: r["reference"], outcome: try AuditOutcome(stored: r["outcome"], column: "audit.outcome"), detail: r["detail"]),
            prevHash: r["prev_hash"], hash: r["hash"])
    }

    public func auditEntries(from: Date?, to: Date?, actorId: String?, afterSeq: Int64, limit: Int) async throws -> [AuditEntry] {
        try await read { db in
            var sql = "SELECT * FROM audit WHERE seq > ?"
            var args: [any DatabaseValueConvertible] = [afterSeq]
            if let from {
                sql += " AND at >= ?"
                args.append(ms(from))
            }
            if let to {
                sql += " AND at < ?"
                args.append(ms(to))
            }
            if let actorId {
                sql += " AND actor_id = ?"
                args.append(actorId)
            }
            sql += " ORDER BY seq LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.auditEntry)
        }
    }

    public func verifyAudit() async throws -> AuditVerification {
        try await read { db in
            let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit ORDER BY seq")
            var count = 0
            var last: AuditEntry?
            var broken: AuditChain.Break?
            while let row = try cursor.next() {
                let e = try Self.auditEntry(row)
                if let b = AuditChain.verify([e], previous: last) {
                    broken = b
                    break
                }
                last = e
                count += 1
            }
            if let b = broken {
                return AuditVerification(valid: false, entries: count, firstBadSeq: b.seq, problem: b.description)
            }
            let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1")
            let headSeq: Int64 = head?["seq"] ?? 0
            let headHash: String = head?["hash"] ?? AuditChain.genesisHash
            if headSeq != (last?.seq ?? 0) || headHash != (last?.hash ?? AuditChain.genesisHash) {
                let missing = (last?.seq ?? 0) + 1
                return AuditVerification(
                    valid: false, entries: count, firstBadSeq: missing,
                    problem: "entries \(missing)...\(headSeq) are missing: the newest entries were deleted")
            }
            return AuditVerification(valid: true, entries: count)
        }
    }
}
