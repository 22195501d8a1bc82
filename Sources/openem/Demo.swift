import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OpenEMCore
import OpenEMSQLite
import OpenEMServer

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a demo: fresh embedded database, a user for each role, a simulated caseload, the server.")

    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Demo database file (replaced on every start).") var database: String = "./openem-demo.sqlite"
    @Option(help: "Simulated wearers streaming live.") var wearers: Int = 200
    @Option(help: "Seed of the simulated caseload.") var seed: UInt64 = 2026
    @Option(help: "Hours of history replayed at start (trails, alerts and curfew nights to look back on), then live.")
    var historyHours: Double = 36

    static let demoUsers: [(String, [Role], String?, String?)] = [
        ("admin", [.admin], nil, nil),
        ("order.manager", [.orderManager], nil, nil),
        ("monitoring", [.monitoringOfficer], nil, nil),
        ("probation.london", [.probation], nil, "London"),
        ("police.met", [.police], "MPS", nil),
        ("analyst.met", [.crimeAnalyst], "MPS", nil),
        ("mi.analyst", [.analyst], nil, nil),
    ]

    func run() async throws {
        let logger = Logging.makeLogger(level: "info")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let store = try SQLiteStore.open(path: database)
        let hasher = PasswordHasher(cost: 10)
        print("OpenEM demo — users (username / password / role):")
        for (name, roles, force, region) in Self.demoUsers {
            let password = "demo-" + name.replacingOccurrences(of: ".", with: "-")
            try await store.insertUser(
                User(
                    username: name, passwordHash: try await hasher.hash(password), roles: roles,
                    forceArea: force, probationRegion: region, createdAt: Date()))
            print(
                "  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(password.padding(toLength: 26, withPad: " ", startingAt: 0)) "
                    + "\(roles.map(\.rawValue).joined(separator: ","))\(force.map { " (\($0))" } ?? "")\(region.map { " (\($0))" } ?? "")"
            )
        }
        let base = "http://\(host == "0.0.0.0" ? "localhost" : host):\(port)"
        print("Server: \(base)")
        print(
            "Simulating \(wearers) wearers (seed \(seed)): the last \(Int(historyHours)) hours replayed quickly, then live; the first alerts "
                + "arrive within a minute."
        )
        let app = try buildApplication(AppServices(store: store, configuration: ServerConfiguration(host: host, port: port), logger: logger))
        let driver = SimulationDriver(
            .init(
                target: "http://127.0.0.1:\(port)", username: "admin", password: "demo-admin",
                wearers: wearers, days: 30, speed: historyHours > 0 ? 2_000 : 1, seed: seed,
                start: Date().addingTimeInterval(-historyHours * 3600), truthPath: nil,
                quiet: true, incidents: 6, liveFrom: Date(), historyMonths: 18))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            group.addTask {
                // Wait for the server, then create the caseload and stream it; a failure here must not stop the server.
                for _ in 0..<100 {
                    if (try? await driver.login()) != nil { break }
                    try await Task.sleep(for: .milliseconds(200))
                }
                do {
                    try await driver.run()
                } catch {
                    print("demo simulation stopped: \(error)")
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
