import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/extract-projects`: an administrator makes a project and is shown its linkage key once; administrators
/// and analysts list projects, never with their keys.
struct ExtractProjectController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("extract-projects", use: create)
        group.get("extract-projects", use: list)
    }

    struct Draft: Decodable {
        var name: String?
        var purpose: String?
        var k: Int?
    }

    struct ProjectView: ResponseCodable {
        var id: String
        var name: String
        var purpose: String
        var k: Int
        /// Only in the answer to the project's creation.
        var linkageKey: String?
        var createdAt: Date

        init(_ p: ExtractProject, showingKey: Bool) {
            id = p.id
            name = p.name
            purpose = p.purpose
            k = p.k
            linkageKey = showingKey ? p.linkageKey : nil
            createdAt = p.createdAt
        }
    }

    struct ProjectList: ResponseCodable {
        var items: [ProjectView]
    }

    static let kRange = 2...100

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<ProjectView> {
        let actor = try context.requireUser()
        try Access(actor).require(.manageExtractProjects)
        try request.rejectUnknownQueryParameters(allowed: [])
        let d = try await request.decodeJSON(as: Draft.self, context: context)
        guard let name = d.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
            throw APIError.badRequest("NAME_REQUIRED", "give the project a name")
        }
        guard let purpose = d.purpose?.trimmingCharacters(in: .whitespaces), purpose.count >= 3 else {
            throw APIError.badRequest("PURPOSE_REQUIRED", "state the project's purpose")
        }
        try APIError.requireShort([("name", name), ("purpose", purpose)])
        let k = d.k ?? ExtractProject.defaultK
        guard Self.kRange.contains(k) else {
            throw APIError.badRequest("K_OUT_OF_RANGE", "k must be from \(Self.kRange.lowerBound) to \(Self.kRange.upperBound)")
        }
        let project = ExtractProject(
            name: name, purpose: purpose, k: k, linkageKey: ExtractProject.newLinkageKey(), createdAt: clock(), createdBy: actor.id)
        try await store.insertExtractProject(project)
        try await auditor.record(actor, "create", "extract_project", project.id, purpose: purpose, detail: "k=\(k)")
        return EditedResponse(status: .created, response: ProjectView(project, showingKey: true))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> ProjectList {
        let actor = try context.requireUser()
        try Access(actor).require(.readExtractProjects)
        try request.rejectUnknownQueryParameters(allowed: [])
        return ProjectList(items: try await store.extractProjects().map { ProjectView($0, showingKey: false) })
    }
}
