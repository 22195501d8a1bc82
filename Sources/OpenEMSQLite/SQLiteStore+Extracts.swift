import Foundation
import GRDB
import OpenEMCore

extension SQLiteStore: ExtractStore {
    public func insertExtractProject(_ project: ExtractProject) async throws {
        let body = try StoreJSON.encode(project)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO extract_projects (id, body, created_at) VALUES (?, ?, ?)",
                arguments: [project.id, body, ms(project.createdAt)])
        }
    }

    public func extractProject(id: EntityID) async throws -> ExtractProject? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM extract_projects WHERE id = ?", arguments: [id])
                .map { try StoreJSON.decode(ExtractProject.self, $0) }
        }
    }

    public func extractProjects() async throws -> [ExtractProject] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT body FROM extract_projects ORDER BY created_at, id")
                .map { try StoreJSON.decode(ExtractProject.self, $0) }
        }
    }

    public func insertExtract(_ extract: StoredExtract) async throws {
        let body = try StoreJSON.encode(extract)
        try await write { db in
            try db.execute(
                sql: "INSERT INTO extracts (id, project_id, body, created_at) VALUES (?, ?, ?, ?)",
                arguments: [extract.id, extract.projectId, body, ms(extract.createdAt)])
        }
    }

    public func extract(id: EntityID) async throws -> StoredExtract? {
        try await read { db in
            try String.fetchOne(db, sql: "SELECT body FROM extracts WHERE id = ?", arguments: [id])
                .map { try StoreJSON.decode(StoredExtract.self, $0) }
        }
    }
}
