import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: EnforcementStore {
    public func insertViolationOutcome(_ o: ViolationOutcome) async throws {
        let body = try StoreJSON.encode(o)
        try await query(
            """
            INSERT INTO violation_outcomes (id, violation_id, subject_id, recorded_at, body)
            VALUES (\(o.id), \(o.violationId), \(o.subjectId), \(msDate(o.recordedAt)), \(body)::jsonb)
            """)
    }

    public func violationOutcomes(subjectIds: [EntityID]?) async throws -> [ViolationOutcome] {
        let rows =
            if let subjectIds {
                try await query(
                    "SELECT body::text FROM violation_outcomes WHERE subject_id = ANY(\(subjectIds)) ORDER BY seq")
            } else {
                try await query("SELECT body::text FROM violation_outcomes ORDER BY seq")
            }
        return try await Self.bodies(ViolationOutcome.self, rows)
    }

    public func insertEnforcementCase(_ c: EnforcementCase) async throws {
        let body = try StoreJSON.encode(c)
        try await query(
            """
            INSERT INTO enforcement_cases (id, subject_id, status, opened_at, revision, body)
            VALUES (\(c.id), \(c.subjectId), \(c.status.rawValue), \(msDate(c.openedAt)), \(c.revision), \(body)::jsonb)
            """)
    }

    public func updateEnforcementCase(_ c: EnforcementCase) async throws {
        let body = try StoreJSON.encode(c)
        try await transaction { conn in
            var current: Int?
            for try await r in try await conn.query("SELECT revision FROM enforcement_cases WHERE id = \(c.id) FOR UPDATE", logger: self.logger)
                .decode(Int.self)
            { current = r }
            guard let current else { throw StoreError.notFound("enforcement case") }
            guard current == c.revision - 1 else { throw StoreError.conflict("the case changed meanwhile (revision \(current))") }
            try await conn.query(
                """
                UPDATE enforcement_cases SET status = \(c.status.rawValue), revision = \(c.revision), body = \(body)::jsonb
                WHERE id = \(c.id)
                """, logger: self.logger)
        }
    }

    public func enforcementCase(id: EntityID) async throws -> EnforcementCase? {
        try await Self.bodies(EnforcementCase.self, query("SELECT body::text FROM enforcement_cases WHERE id = \(id)")).first
    }

    public func enforcementCases(subjectIds: [EntityID]?, openOnly: Bool) async throws -> [EnforcementCase] {
        let statuses = openOnly ? ["OPEN"] : EnforcementCaseStatus.allCases.map(\.rawValue)
        let rows =
            if let subjectIds {
                try await query(
                    """
                    SELECT body::text FROM enforcement_cases WHERE subject_id = ANY(\(subjectIds)) AND status = ANY(\(statuses))
                    ORDER BY opened_at DESC, id DESC
                    """)
            } else {
                try await query(
                    "SELECT body::text FROM enforcement_cases WHERE status = ANY(\(statuses)) ORDER BY opened_at DESC, id DESC")
            }
        return try await Self.bodies(EnforcementCase.self, rows)
    }
}
