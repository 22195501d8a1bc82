import Foundation

/// Extract projects (with their linkage keys) and the extracts made for them.
public protocol ExtractStore: Sendable {
    func insertExtractProject(_ project: ExtractProject) async throws
    func extractProject(id: EntityID) async throws -> ExtractProject?
    /// Oldest first.
    func extractProjects() async throws -> [ExtractProject]
    func insertExtract(_ extract: StoredExtract) async throws
    func extract(id: EntityID) async throws -> StoredExtract?
}
