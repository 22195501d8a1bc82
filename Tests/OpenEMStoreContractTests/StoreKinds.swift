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
            let (store, drop) = try await PostgresStore.openScratch(on: admin, prefix: "openem_test")
            return (store, drop)
        }
    }
}
