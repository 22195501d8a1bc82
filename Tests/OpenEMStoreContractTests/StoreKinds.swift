import Foundation
import Logging
import OpenEMCore
import OpenEMPostgres
import OpenEMSQLite
import PostgresNIO
import Testing

/// Everything the server needs from a store.
typealias RegistryStore = OpenEMStore

/// The stores the contract tests run against: the embedded store always; PostgreSQL when
/// OPENEM_TEST_POSTGRES_URL names a server (scripts/test.sh starts one with scripts/postgres.sh).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, postgres

    var testDescription: String { rawValue }

    static var postgresURL: String? { ProcessInfo.processInfo.environment["OPENEM_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    static var available: [StoreKind] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh, empty store of this kind: for PostgreSQL, a new database on the test server, dropped by `done`.
    func make() async throws -> (store: any RegistryStore, done: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            return (try SQLiteStore.inMemory(), {})
        case .postgres:
            let admin = try #require(Self.postgresURL)
            let name = "openem_test_\(UUID().uuidString.prefix(8).lowercased())"
            try await Self.onServer(admin, "CREATE DATABASE \(name)")
            var url = URLComponents(string: admin)!
            url.path = "/" + name
            let store = try await PostgresStore.open(url: url.string!)
            return (store, {
                store.close()
                try? await Self.onServer(admin, "DROP DATABASE \(name) WITH (FORCE)")
            })
        }
    }

    static func onServer(_ url: String, _ sql: String) async throws {
        let u = URLComponents(string: url)!
        let client = PostgresClient(configuration: .init(host: u.host!, port: u.port ?? 5432, username: u.user ?? "postgres",
                                                         password: u.password, database: String(u.path.dropFirst()), tls: .disable),
                                    backgroundLogger: Logger(label: "test"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
            group.cancelAll()
        }
    }
}
