import Foundation
import OpenEMCore
import OpenEMPostgres
import Synchronization
import Testing

@Suite struct PostgresConnectionTests {
    @Test func aWrongConnectionStringIsAClearError() async throws {
        for url in ["mysql://u@h/db", "postgres://", "postgres://u@localhost"] {
            await #expect { _ = try await PostgresStore.open(url: url) } throws: { e in
                guard case StoreError.unavailable(let why) = e else { return false }
                return why.contains("URL")
            }
        }
    }

    @Test func aServerThatIsNotThereIsAClearErrorWithinSeconds() async throws {
        let began = Date()
        await #expect { _ = try await PostgresStore.open(url: "postgres://postgres@127.0.0.1:1/openem") } throws: { e in
            guard case StoreError.unavailable(let why) = e else { return false }
            return why.contains("not reachable")
        }
        #expect(Date().timeIntervalSince(began) < 30)
    }
}

@Suite struct PostgresOutboxFeedTests {
    @Test func anotherNodesOutboxAppendWakesThisOne() async throws {
        guard StoreKind.available.contains(.postgres) else { return }
        let (store, done) = try await StoreKind.postgres.make()
        let pg = try #require(store as? PostgresStore)
        let woke = Mutex(0)
        let follower = Task { try await pg.followOutbox { woke.withLock { $0 += 1 } } }
        try await Task.sleep(for: .milliseconds(500))
        let before = woke.withLock { $0 }
        var commit = EvaluationCommit(partition: 0, cursor: 1, outbox: [(topic: "alert", payload: Data("x".utf8))], createdAt: Date())
        commit.expectedCursor = 0
        try await store.commitEvaluation(commit)
        let deadline = Date().addingTimeInterval(5)
        while woke.withLock({ $0 }) == before && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(woke.withLock { $0 } > before, "the append's NOTIFY reached the follower")
        follower.cancel()
        await done()
    }
}
