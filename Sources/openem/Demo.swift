import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OpenEMCore
import OpenEMServer
import OpenEMSQLite

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a demo: fresh embedded database, a user for each role, a simulated caseload, the server.")

    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "Demo database file (replaced on every start).") var database: String = "./openem-demo.sqlite"

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
            try await store.insertUser(User(username: name, passwordHash: try await hasher.hash(password), roles: roles,
                                            forceArea: force, probationRegion: region, createdAt: Date()))
            print("  \(name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(password.padding(toLength: 26, withPad: " ", startingAt: 0)) \(roles.map(\.rawValue).joined(separator: ","))\(force.map { " (\($0))" } ?? "")\(region.map { " (\($0))" } ?? "")")
        }
        print("Server: http://\(host == "0.0.0.0" ? "localhost" : host):\(port)")
        let app = buildApplication(AppServices(store: store, configuration: ServerConfiguration(host: host, port: port), logger: logger))
        try await app.runService()
    }
}
