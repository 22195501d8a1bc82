import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: EnforcementStore {
    /// Wearers' ids a statement at a time, well under SQLite's bound-parameter limit.
    static let idChunk = 500

    public func insertViolationOutcome(_ o: ViolationOutcome) async throws {
        let body = try StoreJSON.encode(o)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO violation_outcomes (id, violation_id, subject_id, recorded_at, body) VALUES (?, ?, ?, ?, ?)",
                arguments: [o.id, o.violationId, o.subjectId, ms(o.recordedAt), body])
        }
    }

    public func violationOutcomes(subjectIds: [EntityID]?) async throws -> [ViolationOutcome] {
        try await read { db in
            // rowid is the order of insertion: two outcomes recorded in the same millisecond keep their order.
            var rows: [(Int64, String)] = []
            func fetch(_ sql: String, _ arguments: StatementArguments) throws {
                rows += try Row.fetchAll(db, sql: sql, arguments: arguments).map { ($0[0], $0[1]) }
            }
            if let subjectIds {
                for start in stride(from: 0, to: subjectIds.count, by: Self.idChunk) {
                    let chunk = Array(subjectIds[start..<min(start + Self.idChunk, subjectIds.count)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    try fetch("SELECT rowid, body FROM violation_outcomes WHERE subject_id IN (\(marks))", StatementArguments(chunk))
                }
            } else {
                try fetch("SELECT rowid, body FROM violation_outcomes", [])
            }
            return try rows.sorted { $0.0 < $1.0 }.map { try StoreJSON.decode(ViolationOutcome.self, $0.1) }
        }
    }

    public func insertEnforcementCase(_ c: EnforcementCase) async throws {
        let body = try StoreJSON.encode(c)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO enforcement_cases (id, subject_id, status, opened_at, revision, body) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [c.id, c.subjectId, c.status.rawValue, ms(c.openedAt), c.revision, body])
        }
    }

    public func updateEnforcementCase(_ c: EnforcementCase) async throws {
        let body = try StoreJSON.encode(c)
        try await write { db in
            guard let current = try Int.fetchOne(db, sql: "SELECT revision FROM enforcement_cases WHERE id = ?", arguments: [c.id]) else {
                throw StoreError.notFound("enforcement case")
            }
            guard current == c.revision - 1 else { throw StoreError.conflict("the case changed meanwhile (revision \(current))") }
            try db.execute(
                sql: "UPDATE enforcement_cases SET status = ?, revision = ?, body = ? WHERE id = ?",
                arguments: [c.status.rawValue, c.revision, body, c.id])
        }
    }

    public func enforcementCase(id: EntityID) async throws -> EnforcementCase? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM enforcement_cases WHERE id = ?", arguments: [id]).map {
                try StoreJSON.decode(EnforcementCase.self, $0)
            }
        }
    }

    public func enforcementCases(subjectIds: [EntityID]?, openOnly: Bool) async throws -> [EnforcementCase] {
        try await read { db in
            let status = openOnly ? " AND status = 'OPEN'" : ""
            let order = " ORDER BY opened_at DESC, id DESC"
            var bodies: [String] = []
            if let subjectIds {
                for start in stride(from: 0, to: subjectIds.count, by: Self.idChunk) {
                    let chunk = Array(subjectIds[start..<min(start + Self.idChunk, subjectIds.count)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    bodies += try String.fetchAll(
                        db, sql: "SELECT body FROM enforcement_cases WHERE subject_id IN (\(marks))" + status + order,
                        arguments: StatementArguments(chunk))
                }
            } else {
                bodies = try String.fetchAll(db, sql: "SELECT body FROM enforcement_cases WHERE 1 = 1" + status + order)
            }
            return try bodies.map { try StoreJSON.decode(EnforcementCase.self, $0) }.sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) }
        }
    }
}
