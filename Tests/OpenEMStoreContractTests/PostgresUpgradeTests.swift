import Foundation
import Geo
import OpenEMCore
import Testing

@testable import OpenEMPostgres

@Suite struct PostgresUpgradeTests {
    /// A database from before fixes were packed per slot (migration v7): its fixes are packed when it is opened by
    /// this version, and a search finds exactly what it found before.
    @Test func fixesStoredBeforeTheyWerePackedAreFoundAfterTheUpgrade() async throws {
        guard let server = StoreKind.postgresURL else { return }
        let name = "openem_test_upgrade_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try await PostgresStore.createDatabase(name, on: server)
        defer { Task { try? await PostgresStore.dropDatabase(name, on: server) } }
        var store = try await PostgresStore.open(url: url)
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let (_, device) = try await CrimeContractTests.wearer(store, "OLD", from: t0.addingTimeInterval(-86_400))
        let trail = (0..<120).map { i in
            CrimeContractTests.fix(device, Int64(i), t0.addingTimeInterval(Double(i) * 60), lat: 51.40 + Double(i) * 0.001, lon: -0.1)
        }
        _ = try await store.appendTelemetry(trail, receivedAt: t0)
        let box = BoundingBox(minLat: 51.44, minLon: -0.11, maxLat: 51.46, maxLon: -0.09)
        func search(_ s: PostgresStore) async throws -> [Date] {
            try await s.deviceTrails(near: box, from: t0.addingTimeInterval(30 * 60), to: t0.addingTimeInterval(70 * 60), edge: 600, horizon: 3600)
                .flatMap { $0.points.map(\.time) }
        }
        let found = try await search(store)
        #expect(found == (30..<70).map { t0.addingTimeInterval(Double($0) * 60) })
        store.close()
        // Back to the schema before v7.
        try await PostgresStore.onServer(url, "DROP TABLE trail_chunks")
        try await PostgresStore.onServer(url, "DELETE FROM schema_migrations WHERE name = 'v7-trail-chunks'")
        store = try await PostgresStore.open(url: url)
        #expect(try await search(store) == found)
        store.close()
    }
}
