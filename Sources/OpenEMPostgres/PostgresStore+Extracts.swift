import Foundation
import OpenEMCore
import PostgresNIO

extension PostgresStore: ExtractStore {
    public func insertExtractProject(_ project: ExtractProject) async throws {
        try await query(
            """
            INSERT INTO extract_projects (id, body, created_at) VALUES (\(project.id), \(try StoreJSON.encode(project)),
              \(msDate(project.createdAt)))
            """)
    }

    public func extractProject(id: EntityID) async throws -> ExtractProject? {
        try await Self.bodies(ExtractProject.self, query("SELECT body FROM extract_projects WHERE id = \(id)")).first
    }

    public func extractProjects() async throws -> [ExtractProject] {
        try await Self.bodies(ExtractProject.self, query("SELECT body FROM extract_projects ORDER BY created_at, id"))
    }

    public func insertExtract(_ extract: StoredExtract) async throws {
        try await query(
            """
            INSERT INTO extracts (id, project_id, body, created_at) VALUES (\(extract.id), \(extract.projectId),
              \(try StoreJSON.encode(extract)), \(msDate(extract.createdAt)))
            """)
    }

    public func extract(id: EntityID) async throws -> StoredExtract? {
        try await Self.bodies(StoredExtract.self, query("SELECT body FROM extracts WHERE id = \(id)")).first
    }
}
