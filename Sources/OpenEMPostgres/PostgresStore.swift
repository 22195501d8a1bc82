import Foundation
import Logging
import NIOSSL
import OpenEMCore
import PostgresNIO
import Synchronization

/// The PostgreSQL + PostGIS store for large deployments: every store protocol, proven by the same contract tests
/// and server tests as the embedded store. Appends that others follow by position (the telemetry log, the
/// outbox, the audit chain) take their next number under a locked head row, so numbers follow commit order on
/// every node. Several nodes evaluating one database (partitions owned through advisory locks) is the next step.
public final class PostgresStore: Sendable {
    package let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>
    /// Telemetry partitions known to exist (they are never dropped while the store is open).
    let knownPartitions = Mutex<Set<String>>([])
    /// Device id to the telemetry table's device key (never changes once given).
    let deviceKeys = Mutex<[EntityID: Int64]>([:])
    /// Calls on the pool past their deadline, checked several times a second.
    let calls = CallWatch()
    private let callWatcher: Task<Void, Never>
    /// The newest stretch of the telemetry log, for this node's evaluators.
    let recentLog = RecentLog()
    /// Group commit for telemetry appends.
    private(set) nonisolated(unsafe) var appender: TelemetryAppender!

    let target: Target

    private init(target: Target, logger: Logger) {
        self.target = target
        client = PostgresClient(configuration: target.pool, backgroundLogger: logger)
        self.logger = logger
        let client = self.client
        runner = Task { await client.run() }
        let calls = calls
        callWatcher = Task { await calls.run() }
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
    public func close() {
        callWatcher.cancel()
        runner.cancel()
    }

    /// A store on a new, empty database on the server `serverURL` points at, and how to close and drop it (tests and
    /// benchmarks use a fresh one each).
    public static func openScratch(on serverURL: String, prefix: String) async throws -> (store: PostgresStore, drop: @Sendable () async -> Void) {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        let store = try await open(url: try await createDatabase(name, on: serverURL))
        return (
            store,
            {
                store.close()
                try? await dropDatabase(name, on: serverURL)
            }
        )
    }

    /// Creates an empty database on the server `serverURL` points at (benchmarks and tests use a fresh one each)
    /// and returns its URL.
    public static func createDatabase(_ name: String, on serverURL: String) async throws -> String {
        try checkName(name)
        try await onServer(serverURL, "CREATE DATABASE \(name)")
        return databaseURL(name, on: serverURL)
    }

    /// The URL of the database `name` on the server `serverURL` points at.
    package static func databaseURL(_ name: String, on serverURL: String) -> String {
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
            let c = try await PostgresConnection.connect(
                configuration: try Target(url: url).connection(), id: 0,
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

    /// Where a URL points. `?connect_timeout=S` (seconds, as libpq spells it) bounds how long a store call waits
    /// for a connection (10 s unless given); `?pool_size=N` sets the pool's connections (20).
    package struct Target: Sendable {
        var host: String, port: Int, username: String, password: String?, database: String, requireTLS: Bool
        var leaseTimeout: Duration = .seconds(10)
        var maximumConnections = 20

        package init(url: String) throws {
            guard let u = URLComponents(string: url), ["postgres", "postgresql"].contains(u.scheme ?? ""),
                let host = u.host, !host.isEmpty
            else {
                throw StoreError.unavailable("not a PostgreSQL URL (expected postgres://user:password@host:port/database)")
            }
            let database = u.path.hasPrefix("/") ? String(u.path.dropFirst()) : u.path
            guard !database.isEmpty else { throw StoreError.unavailable("the PostgreSQL URL names no database") }
            self.host = host
            port = u.port ?? 5432
            username = u.user ?? "postgres"
            password = u.password
            self.database = database
            func item(_ name: String) -> String? { u.queryItems?.first { $0.name == name }?.value }
            requireTLS = item("sslmode") == "require"
            if let t = item("connect_timeout") {
                guard let seconds = Double(t), seconds > 0, seconds <= 3600 else {
                    throw StoreError.unavailable("connect_timeout in the PostgreSQL URL must be a number of seconds between 0 and 3600")
                }
                leaseTimeout = .milliseconds(Int(seconds * 1000))
            }
            if let n = item("pool_size") {
                guard let size = Int(n), (1...500).contains(size) else {
                    throw StoreError.unavailable("pool_size in the PostgreSQL URL must be a whole number from 1 to 500")
                }
                maximumConnections = size
            }
        }

        func connection() throws -> PostgresConnection.Configuration {
            var c = PostgresConnection.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: requireTLS ? .require(try NIOSSLContext(configuration: .makeClientConfiguration())) : .disable)
            c.options.connectTimeout = .seconds(5)
            return c
        }

        package var pool: PostgresClient.Configuration {
            var c = PostgresClient.Configuration(
                host: host, port: port, username: username, password: password, database: database,
                tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
            c.options.connectTimeout = .seconds(5)
            c.options.maximumConnections = maximumConnections
            // Acknowledged means durable, whatever the server's default: every commit waits for its WAL flush.
            c.options.additionalStartupParameters = [("synchronous_commit", "on")]
            return c
        }
    }

    /// Runs `body` in one transaction, mapping PostgreSQL's errors to the store's.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await withConnection { c in try await c.withTransaction(logger: self.logger) { try await body($0) } }
        } catch let e as PostgresTransactionError {
            throw Self.map(e.closureError ?? e.beginError ?? e.commitError ?? e)
        } catch {
            throw Self.map(error)
        }
    }

    /// One statement on a pooled connection; its rows are read before the connection goes back to the pool.
    @discardableResult
    func query(_ q: PostgresQuery) async throws -> Rows {
        do {
            return try await withConnection { c in Rows(rows: try await c.query(q, logger: self.logger).collect()) }
        } catch {
            throw Self.map(error)
        }
    }

    /// Runs `body` on a pooled connection, waiting for one at most `target.leaseTimeout`. While the server is away
    /// the pool keeps trying to reconnect and a request for a connection would wait for as long as that takes: a
    /// caller (an HTTP request, say) is better told at once that the store is unavailable. Only the wait for a
    /// connection has a deadline: once `body` has a connection it runs to its end, so a deadline never leaves a
    /// commit's outcome unknown. The caller is answered at the deadline even if the pool is slow to give up the
    /// request (the request ends on its own). One exception, found by scripts/test-postgres-faults.py: a statement
    /// sent as its connection closes can wait for ever (PostgresNIO 1.33), and an evaluator stuck on one kept its
    /// partition from being taken back after the database returned; a call whose connection has closed under it is
    /// answered as failed (checked by `CallWatch` once the deadline has passed).
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let race = LeaseRace<T>()
        let client = client, timeout = target.leaseTimeout
        let work = Task<Void, Never> {
            do {
                race.finish(
                    .success(
                        try await client.withConnection { c in
                            guard race.start(c) else { throw CancellationError() }
                            return try await body(c)
                        }))
            } catch {
                race.finish(.failure(error))
            }
        }
        let watched = calls.watch(race, work: work, timeout: timeout)
        defer { calls.forget(watched) }
        return try await withTaskCancellationHandler {
            try await race.outcome()
        } onCancel: {
            if race.end(CancellationError()) { work.cancel() }
        }
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

/// A statement's rows, read in full.
struct Rows: AsyncSequence, Sendable {
    let rows: [PostgresRow]
    struct AsyncIterator: AsyncIteratorProtocol {
        var rows: IndexingIterator<[PostgresRow]>
        mutating func next() async throws -> PostgresRow? { rows.next() }
    }
    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(rows: rows.makeIterator()) }
}

/// Times are kept as `timestamptz` (readable in any SQL tool), rounded to the millisecond like the embedded store's,
/// both ways: microseconds since 2000 and back do not always give the same `Date` to the last bit.
@inline(__always) func msDate(_ d: Date) -> Date { Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded() / 1000) }
