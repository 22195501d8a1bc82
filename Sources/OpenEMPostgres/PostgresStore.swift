import Foundation
import Logging
import NIOSSL
import Synchronization
import OpenEMCore
import PostgresNIO

/// The PostgreSQL + PostGIS store for large deployments: every store protocol, proven by the same contract tests
/// and server tests as the embedded store. Appends that others follow by position (the telemetry log, the
/// outbox, the audit chain) take their next number under a locked head row, so numbers follow commit order on
/// every node. Several nodes evaluating one database (partitions owned through advisory locks) is the next step.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Telemetry partitions known to exist (they are never dropped while the store is open).
    let knownPartitions = Mutex<Set<String>>([])
    /// Device id to the telemetry table's device key (never changes once given).
    let deviceKeys = Mutex<[EntityID: Int64]>([:])
    /// Group commit for telemetry appends.
    private(set) nonisolated(unsafe) var appender: TelemetryAppender!

    let target: Target

    private init(target: Target, logger: Logger) {
        self.target = target
        client = PostgresClient(configuration: target.pool, backgroundLogger: logger)
        self.logger = logger
        let client = self.client
        runner = Task { await client.run() }
        appender = TelemetryAppender(store: self)
    }

    /// Connects to `url` (`postgres://user:password@host:port/database`, `?sslmode=require` for TLS), checks that
    /// PostGIS can be used and brings the schema up to date (several nodes starting at once take turns through an
    /// advisory lock). A server that cannot be reached is an error at once, not a wait: the pool behind the store
    /// retries a lost server for as long as it is away, but opening is when an operator wants to hear about it.
    public static func open(url: String, logger: Logger? = nil) async throws -> PostgresStore {
        let target = try Target(url: url)
        var quiet = logger ?? Logger(label: "openem-postgres")
        if logger == nil { quiet.logLevel = .warning }
        do {
            let probe = try await PostgresConnection.connect(configuration: try target.connection(), id: 0, logger: quiet)
            try await probe.close()
        } catch {
            throw map(error)
        }
        let store = PostgresStore(target: target, logger: quiet)
        do {
            try await PostgresSchema.migrate(store)
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// Ends the connection pool.
    public func close() { runner.cancel() }

    /// The database's size on disk, tables and indexes.
    public func databaseSize() async throws -> Int64 {
        for try await n in try await query("SELECT pg_database_size(current_database())").decode(Int64.self) { return n }
        return 0
    }

    /// A store on a new, empty database on the server `serverURL` points at, and how to close and drop it (tests and
    /// benchmarks use a fresh one each).
    public static func openScratch(on serverURL: String, prefix: String) async throws -> (store: PostgresStore, drop: @Sendable () async -> Void) {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let store = try await open(url: try await createDatabase(name, on: serverURL))
        return (store, {
            store.close()
            try? await dropDatabase(name, on: serverURL)
        })
    }

    /// Creates an empty database on the server `serverURL` points at (benchmarks and tests use a fresh one each).
    public static func createDatabase(_ name: String, on serverURL: String) async throws -> String {
        try checkName(name)
        try await onServer(serverURL, "CREATE DATABASE \(name)")
        var u = URLComponents(string: serverURL)!
        u.path = "/" + name
        return u.string!
    }

    public static func dropDatabase(_ name: String, on serverURL: String) async throws {
        try checkName(name)
        try await onServer(serverURL, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func onServer(_ url: String, _ sql: String) async throws {
        do {
            let c = try await PostgresConnection.connect(configuration: try Target(url: url).connection(), id: 0,
                                                         logger: Logger(label: "openem-postgres", factory: { _ in SwiftLogNoOpLogHandler() }))
            defer { Task { try? await c.close() } }
            try await c.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "openem-postgres"))
        } catch {
            throw map(error)
        }
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "_" }) else {
            throw StoreError.unavailable("a database name is letters, digits and underscores")
        }
    }

    /// Where a URL points.
    struct Target {
        var host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool

        init(url: String) throws {
            guard let u = URLComponents(string: url), ["postgres", "postgresql"].contains(u.scheme ?? ""),
                  let host = u.host, !host.isEmpty else {
                throw StoreError.unavailable("not a PostgreSQL URL (expected postgres://user:password@host:port/database)")
            }
            let database = u.path.hasPrefix("/") ? String(u.path.dropFirst()) : u.path
            guard !database.isEmpty else { throw StoreError.unavailable("the PostgreSQL URL names no database") }
            self.host = host
            port = u.port ?? 5432
            username = u.user ?? "postgres"
            password = u.password
            self.database = database
            requireTLS = u.queryItems?.first { $0.name == "sslmode" }?.value == "require"
        }

        func connection() throws -> PostgresConnection.Configuration {
            var c = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
            c.options.connectTimeout = .seconds(5)
            return c
        }

        var pool: PostgresClient.Configuration {
            var c = PostgresClient.Configuration(host: host, port: port, username: username, password: password, database: database,
                                                 tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
            c.options.connectTimeout = .seconds(5)
            // Acknowledged means durable, whatever the server's default: every commit waits for its WAL flush.
            c.options.additionalStartupParameters = [("synchronous_commit", "on")]
            return c
        }
    }

    /// Runs `body` in one transaction, mapping PostgreSQL's errors to the store's.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { try await body($0) }
        } catch let e as PostgresTransactionError {
            throw Self.map(e.closureError ?? e.beginError ?? e.commitError ?? e)
        } catch {
            throw Self.map(error)
        }
    }

    /// One statement on a pooled connection.
    @discardableResult
    func query(_ q: PostgresQuery) async throws -> PostgresRowSequence {
        do { return try await client.query(q, logger: logger) } catch { throw Self.map(error) }
    }

    static func map(_ error: any Error) -> any Error {
        guard let e = error as? PSQLError else { return error }
        if let state = e.serverInfo?[.sqlState] {
            if state == PostgresError.Code.uniqueViolation.raw || state == PostgresError.Code.foreignKeyViolation.raw {
                return StoreError.conflict(e.serverInfo?[.message] ?? "constraint violated")
            }
            return StoreError.unavailable("PostgreSQL: \(e.serverInfo?[.message] ?? state)")
        }
        switch e.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed:
            return StoreError.unavailable("PostgreSQL is not reachable: \(e.underlying.map { "\($0)" } ?? "\(e.code)")")
        default:
            return StoreError.unavailable("PostgreSQL: \(e.code)")
        }
    }
}

/// Times are kept as `timestamptz` (readable in any SQL tool), rounded to the millisecond like the embedded store's,
/// both ways: microseconds since 2000 and back do not always give the same `Date` to the last bit.
@inline(__always) func msDate(_ d: Date) -> Date { Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded() / 1000) }
