import Foundation
import OpenEMCore
import PostgresNIO
import Synchronization

extension PostgresStore: OutboxFeed {
    public func followOutbox(_ onAppend: @escaping @Sendable () -> Void) async throws {
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: try target.connection(), id: 2, logger: self.logger)
                defer { Task { try? await connection.close() } }
                try await connection.listen(on: "openem_outbox") { notifications in
                    // Whatever was appended while this node was not listening is found by the followers' own reads.
                    onAppend()
                    for try await _ in notifications { onAppend() }
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("outbox notifications interrupted; reconnecting")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}

extension PostgresStore: ExclusiveRunner {
    /// A session advisory lock on a connection of its own: PostgreSQL releases it the moment that connection ends,
    /// so when a node dies (even by SIGKILL) another node's next try, a few seconds later, gets it. The connection
    /// is watched (`watch`); if it is gone, so is the lease, and `body` is cancelled. (Without the watch a node whose
    /// connection dropped, say while the database restarted, would go on as if it held the lease.)
    public func runExclusively(_ name: String, _ body: @escaping @Sendable () async throws -> Void) async throws -> Bool {
        let key = Int64(bitPattern: name.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 })
        let connection: PostgresConnection
        do { connection = try await PostgresConnection.connect(configuration: try target.connection(), id: 1, logger: self.logger) } catch {
            throw Self.map(error)
        }
        var held = false
        do {
            for try await got in try await connection.query("SELECT pg_try_advisory_lock(\(key))", logger: self.logger).decode(Bool.self) {
                held = got
            }
        } catch {
            try? await connection.close()
            throw Self.map(error)
        }
        guard held else {
            try? await connection.close()
            return false
        }
        let logger = logger
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await body() }
                group.addTask { try await self.watch(connection) }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            try? await connection.close()
            throw Self.map(error)
        }
        try? await connection.close()
        return true
    }

    /// Returns only by throwing, when a connection held for its session locks is lost: it has closed, or a probe
    /// every two seconds has not answered within five (the connection is then closed). A probe is never waited on
    /// past its five seconds: a statement on a connection that closes under it can wait for ever (PostgresNIO 1.33).
    func watch(_ connection: PostgresConnection) async throws {
        let logger = logger
        while true {
            try await Task.sleep(for: .seconds(2))
            let answer = Mutex<Bool?>(nil)  // true: answered; false: failed
            let probe = Task {
                let ok = (try? await connection.query("SELECT 1", logger: logger)) != nil
                answer.withLock { $0 = ok }
            }
            let deadline = ContinuousClock.now + .seconds(5)
            while answer.withLock({ $0 }) != true {
                guard answer.withLock({ $0 }) == nil, !connection.isClosed, ContinuousClock.now < deadline else {
                    probe.cancel()
                    try? await connection.close()
                    throw StoreError.unavailable("PostgreSQL: a connection holding session locks was lost")
                }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Presence is a session advisory lock in a class of its own, on a random number per process, held on a
    /// connection of its own: `pg_locks` then shows every live node, and a node that dies leaves it at once.
    static let presenceClass: Int32 = 0x4F45_4D4E  // "OEMN"

    public func announcePresence() async throws {
        let me = Int32.random(in: 1...Int32.max)
        while !Task.isCancelled {
            do {
                let connection = try await PostgresConnection.connect(configuration: try target.connection(), id: 3, logger: logger)
                defer { Task { try? await connection.close() } }
                try await connection.query("SELECT pg_advisory_lock(\(Self.presenceClass), \(me))", logger: logger)
                try await watch(connection)
            } catch is CancellationError {
                return
            } catch {
                logger.warning("node presence interrupted; reconnecting")
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    public func liveNodes() async throws -> Int {
        for try await n in try await query(
            """
            SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = \(Int64(Self.presenceClass)) AND objsubid = 2
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """
        ).decode(Int.self) { return max(1, n) }
        return 1
    }

    public func sharedSetting(_ key: String, proposed: Int) async throws -> Int {
        try await query("INSERT INTO shared_settings (key, value) VALUES (\(key), \(proposed)) ON CONFLICT (key) DO NOTHING")
        for try await v in try await query("SELECT value FROM shared_settings WHERE key = \(key)").decode(Int.self) { return v }
        return proposed
    }
}
