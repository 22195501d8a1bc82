import Foundation
import GRDB
import OpenEMCore

/// The embedded default store: one SQLite file in WAL mode. Every write is one transaction; `synchronous=FULL`
/// makes a commit durable before it returns, which is what "acked means durable" needs.
public final class SQLiteStore: Sendable {
    let db: any DatabaseWriter

    init(db: any DatabaseWriter) throws {
        self.db = db
        try Schema.migrator.migrate(db)
    }

    static func configuration() -> Configuration {
        var c = Configuration()
        c.busyMode = .timeout(5)
        c.foreignKeysEnabled = true
        c.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA mmap_size = 17179869184")
            try db.execute(sql: "PRAGMA cache_size = -65536")
        }
        return c
    }

    /// Opens (creating if needed) a file-backed store.
    public static func open(path: String) throws -> SQLiteStore {
        do {
            return try SQLiteStore(db: try DatabasePool(path: path, configuration: configuration()))
        } catch let e as DatabaseError {
            throw StoreError.unavailable("cannot open SQLite database at \(path): \(e.message ?? e.description)")
        }
    }

    /// A private in-memory store for tests.
    public static func inMemory() throws -> SQLiteStore {
        try SQLiteStore(db: try DatabaseQueue(configuration: configuration()))
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await db.write(body) } catch let e as DatabaseError { throw Self.map(e) }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do { return try await db.read(body) } catch let e as DatabaseError { throw Self.map(e) }
    }

    static func map(_ e: DatabaseError) -> any Error {
        if e.resultCode == .SQLITE_CONSTRAINT { return StoreError.conflict(e.message ?? "constraint violated") }
        if e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED { return StoreError.unavailable("database busy") }
        return e
    }
}

/// Times are stored as integer milliseconds since 1970: exact round trips, cheap comparisons.
@inline(__always) func ms(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded()) }
@inline(__always) func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }
