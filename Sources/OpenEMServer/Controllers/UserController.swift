import Foundation
import Hummingbird
import OpenEMCore

struct UserController {
    let store: any OpenEMStore
    let hasher: PasswordHasher
    let auditor: Auditor
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("users", use: create)
        group.get("users", use: list)
        group.get("users/me", use: me)
    }

    struct NewUser: Decodable {
        var username: String
        var password: String
        var roles: [Role]
        var forceArea: String?
        var probationRegion: String?
    }

    /// A user as the API shows it: never the password hash.
    struct UserView: ResponseCodable {
        var id: String
        var username: String
        var roles: [Role]
        var forceArea: String?
        var probationRegion: String?
        var createdAt: Date

        init(_ u: User) {
            id = u.id
            username = u.username
            roles = u.roles
            forceArea = u.forceArea
            probationRegion = u.probationRegion
            createdAt = u.createdAt
        }
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<UserView> {
        let actor = try context.requireUser()
        try Access(actor).require(.manageUsers)
        let n = try await request.decodeJSON(as: NewUser.self, context: context)
        let problems = UserRules.problems(
            username: n.username, password: n.password, roles: n.roles,
            forceArea: n.forceArea, probationRegion: n.probationRegion)
        if !problems.isEmpty { throw APIError.validation(problems.map(ErrorDetail.init)) }
        let user = User(
            username: n.username, passwordHash: try await hasher.hash(n.password), roles: n.roles,
            forceArea: n.forceArea, probationRegion: n.probationRegion, createdAt: clock())
        do {
            try await store.insertUser(user)
        } catch StoreError.conflict {
            throw APIError.conflict("USERNAME_TAKEN", "username '\(n.username)' is already taken")
        }
        try await auditor.record(actor, "create", "user", user.id)
        return EditedResponse(status: .created, response: UserView(user))
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<UserView> {
        let actor = try context.requireUser()
        try Access(actor).require(.manageUsers)
        let users = try await store.allUsers().map(UserView.init)
        try await auditor.record(actor, "list", "user")
        return Page(items: users, nextCursor: nil)
    }

    @Sendable func me(request: Request, context: AppRequestContext) async throws -> UserView {
        UserView(try context.requireUser())
    }
}

extension ErrorDetail {
    init(_ p: ValidationProblem) { self.init(field: p.field, code: p.code, message: p.message) }
}

/// Rules for accounts, shared by the API and `openem users add`.
public enum UserRules {
    public static func problems(
        username: String, password: String, roles: [Role], forceArea: String?,
        probationRegion: String?
    ) -> [ValidationProblem] {
        var p: [ValidationProblem] = []
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-@"))
        if username.count < 2 || username.count > 64 || username.unicodeScalars.contains(where: { !allowed.contains($0) }) {
            p.append(.init("username", "INVALID_USERNAME", "username must be 2-64 letters, digits or . _ - @"))
        }
        if password.count < 8 { p.append(.init("password", "WEAK_PASSWORD", "password must have at least 8 characters")) }
        if roles.isEmpty { p.append(.init("roles", "REQUIRED", "at least one role is required")) }
        if let f = forceArea, PoliceForce.byCode[f] == nil {
            p.append(.init("forceArea", "UNKNOWN_FORCE_AREA", "forceArea '\(f)' is not a police force code such as MPS"))
        }
        if (roles.contains(.police) || roles.contains(.crimeAnalyst)) && forceArea == nil {
            p.append(.init("forceArea", "REQUIRED", "police and crime_analyst users need a forceArea"))
        }
        if roles.contains(.probation) && (probationRegion ?? "").isEmpty {
            p.append(.init("probationRegion", "REQUIRED", "probation users need a probationRegion"))
        }
        return p
    }
}
