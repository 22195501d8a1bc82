import ArgumentParser
import Foundation
import OpenEMCore
import OpenEMSQLite
import OpenEMServer

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user; the password is read from standard input.")

        @Option(help: "SQLite file path or postgres:// URL.") var database: String = "./openem.sqlite"
        @Option(help: "Login name.") var username: String
        @Option(help: "A role (repeat for several): \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        var role: [String] = []
        @Option(help: "Police force code (police, crime_analyst), e.g. MPS.") var forceArea: String?
        @Option(help: "Probation region (probation).") var probationRegion: String?

        func run() async throws {
            var roles: [Role] = []
            for r in role {
                guard let parsed = Role(rawValue: r) else { throw ValidationError("unknown role '\(r)'") }
                roles.append(parsed)
            }
            let password = (readLine(strippingNewline: true) ?? "")
            let problems = UserRules.problems(
                username: username, password: password, roles: roles,
                forceArea: forceArea, probationRegion: probationRegion)
            if !problems.isEmpty { throw ValidationError(problems.map(\.message).joined(separator: "; ")) }
            let store = try await StoreOpener.open(database)
            let user = User(
                username: username, passwordHash: try await PasswordHasher().hash(password), roles: roles,
                forceArea: forceArea, probationRegion: probationRegion, createdAt: Date())
            do { try await store.insertUser(user) } catch StoreError.conflict {
                throw ValidationError("username '\(username)' is already taken")
            }
            try await store.appendAudit([
                AuditRecord(
                    at: Date(), actorId: "cli", actorRole: "operator", action: "create",
                    resourceType: "user", resourceId: user.id)
            ])
            print("created user \(username) (\(roles.map(\.rawValue).joined(separator: ", ")))")
        }
    }
}
