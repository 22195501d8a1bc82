import Logging
import OpenEMCore
import OpenEMPostgres
import PostgresNIO

/// The benchmarks' own business with PostgreSQL databases: the sizes they report, and databases kept between runs.
enum BenchDatabase {
    static let quiet = Logger(label: "openem-bench", factory: { _ in SwiftLogNoOpLogHandler() })

    /// The size on disk (tables and indexes) of the database `client` is connected to.
    static func size(_ client: PostgresClient) async throws -> Int64 {
        for try await n in try await client.query("SELECT pg_database_size(current_database())", logger: quiet).decode(Int64.self) {
            return n
        }
        return 0
    }

    /// The URL of database `name` on the server `serverURL` points at: created if missing, reused as it is otherwise.
    static func kept(_ name: String, on serverURL: String) async throws -> String {
        do {
            return try await PostgresStore.createDatabase(name, on: serverURL)
        } catch StoreError.unavailable(let why) where why.contains("already exists") {
            return PostgresStore.databaseURL(name, on: serverURL)
        }
    }
}
