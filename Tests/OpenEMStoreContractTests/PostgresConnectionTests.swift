import Foundation
import OpenEMCore
import OpenEMPostgres
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
