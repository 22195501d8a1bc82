import ArgumentParser
import Crypto
import Foundation
import Hummingbird
import Logging
import OpenEMCore
import OpenEMServer
import OpenEMPostgres
import OpenEMSQLite

struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Durable HTTP telemetry ingest in batches against a server on this machine (embedded store, or PostgreSQL).")

    @Option(help: "Devices sending.") var devices: Int = 200
    @Option(help: "Fixes in all.") var fixes: Int = 400_000
    @Option(help: "Messages per request.") var batch: Int = 100
    @Option(help: "Concurrent connections.") var connections: Int = 8
    @Option(help: "Port for the in-process server.") var port: Int = 18_080
    @Flag(help: "Run without the evaluator consuming the log (measures ingest alone).") var noEvaluator = false
    @Option(help: "A PostgreSQL server (postgres:// URL of a database to connect to): run on a fresh database there instead.")
    var postgres: String?

    func run() async throws {
        let scratch = try BenchScratch()
        defer { scratch.remove() }
        let logger = scratch.logger
        let pgName = "openem_bench_\(UUID().uuidString.prefix(8).lowercased())"
        let store: any OpenEMStore = if let postgres {
            try await PostgresStore.open(url: try await PostgresStore.createDatabase(pgName, on: postgres))
        } else {
            scratch.store
        }

        // Devices registered directly in the store; keys known to the client.
        var keys: [(id: String, key: String)] = []
        for i in 0..<devices {
            let key = "bench-key-\(i)-\(UUID().uuidString)"
            let d = Device(serial: "BENCH-\(i)", type: .gpsTag, keyHash: sha256Hex(key), createdAt: Date())
            try await store.insertDevice(d)
            keys.append((d.id, key))
        }
        // Bodies built before timing, so the client's JSON work is not measured.
        let perDevice = fixes / devices / batch
        let start = Date().addingTimeInterval(-Double(perDevice * batch) - 600)
        var bodies: [[(String, [UInt8])]] = Array(repeating: [], count: connections)
        var n = 0
        for (i, d) in keys.enumerated() {
            for b in 0..<perDevice {
                var json = "{\"deviceId\":\"\(d.id)\",\"messages\":["
                for k in 0..<batch {
                    let seq = b * batch + k
                    let t = ISOTime.format(start.addingTimeInterval(Double(seq)))
                    let lat = 51.5 + Double(i % 100) * 0.001 + Double(k) * 0.00001
                    json += (k > 0 ? "," : "") + "{\"seq\":\(seq),\"type\":\"position\",\"time\":\"\(t)\",\"lat\":\(lat),\"lon\":-0.12,\"accuracyMetres\":8}"
                }
                json += "]}"
                bodies[n % connections].append((d.key, Array(json.utf8)))
                n += 1
            }
        }
        let total = n * batch

        let services = AppServices(store: store, configuration: ServerConfiguration(port: port, bcryptCost: 4), logger: logger)
        let app = noEvaluator ? nil : services
        let server = Task {
            if let app {
                try await buildApplication(app).runService(gracefulShutdownSignals: [])
            } else {
                let router = buildRouter(services)
                try await Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                                      logger: logger).runService(gracefulShutdownSignals: [])
            }
        }
        try await Task.sleep(for: .milliseconds(500))

        let began = Date()
        // Blocking clients run on their own threads: on Swift's cooperative pool (2 threads here) they would
        // starve the server's own request handling.
        let results = try await LoopbackHTTP.runOnThreads(bodies.map { work in
            { () throws -> Int in
                let client = LoopbackHTTP(port: port)
                var accepted = 0
                for (key, body) in work {
                    let (status, reply) = try client.request("POST", "/api/v1/telemetry",
                        headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/json"], body: body)
                    guard status == 200 else { throw BenchError("HTTP \(status): \(String(decoding: reply, as: UTF8.self))") }
                    if let r = try? JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any],
                       let a = r["accepted"] as? Int { accepted += a }
                }
                return accepted
            }
        }).reduce(0, +)
        let seconds = Date().timeIntervalSince(began)
        let stored = try await store.latestTelemetryOffset()
        server.cancel()
        if let postgres, let pg = store as? PostgresStore {
            pg.close()
            try? await PostgresStore.dropDatabase(pgName, on: postgres)
        }
        print("bench ingest (\(postgres == nil ? "embedded SQLite" : "PostgreSQL")): \(total) fixes in \(n) requests of \(batch), \(connections) connections, \(devices) devices")
        print(String(format: "  durable ingest: %.0f fixes/s (%.2f s; accepted %d; stored %d)", Double(total) / seconds, seconds, results, stored))
        print("  evaluator: \(noEvaluator ? "off" : "on, consuming the log concurrently")")
    }
}

func sha256Hex(_ s: String) -> String { SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }
