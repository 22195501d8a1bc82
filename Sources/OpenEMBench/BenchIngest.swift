import ArgumentParser
import Crypto
import Foundation
import Geo
import Hummingbird
import Logging
import OpenEMCore
import OpenEMPostgres
import OpenEMSQLite
import OpenEMServer

struct BenchIngest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract:
            "Durable HTTP telemetry ingest in batches against a server on this machine; with --postgres also on PostgreSQL and against a PostGIS "
            + "insert-trigger baseline."
    )

    @Option(help: "Devices sending.") var devices: Int = 200
    @Option(help: "Fixes in all.") var fixes: Int = 400_000
    @Option(help: "Messages per request.") var batch: Int = 100
    @Option(help: "Concurrent connections.") var connections: Int = 8
    @Option(help: "Port for the in-process server.") var port: Int = 18_080
    @Flag(help: "Run without the evaluator consuming the log (measures ingest alone).") var noEvaluator = false
    @Option(help: "Evaluator partitions on PostgreSQL (as `serve --partitions`).") var partitions: Int = 4
    @Option(help: "A PostgreSQL server (postgres:// URL of a database to connect to): also run on a fresh database there, and the trigger baseline.")
    var postgres: String?

    func run() async throws {
        let scratch = try BenchScratch()
        defer { scratch.remove() }
        let work = Workload(devices: devices, fixes: fixes, batch: batch)
        let sqlite = try await measure(store: scratch.store, work: work, label: "embedded SQLite", port: port, logger: scratch.logger)
        guard let postgres else { return }
        let (pg, drop) = try await PostgresStore.openScratch(on: postgres, prefix: "openem_bench")
        let onPostgres = try await measure(store: pg, work: work, label: "PostgreSQL", port: port + 1, logger: scratch.logger)
        await drop()
        let baseline = try await TriggerBaseline.run(serverURL: postgres, zones: work.zones, batches: work.baselineBatches, connections: connections)
        let baselineRate = Double(work.total) / baseline.seconds
        print(
            "bench ingest (PostGIS insert trigger, the baseline): \(work.total) fixes in batches of \(batch) over \(connections) connections, "
                + "each checked against its wearer's 5 zones")
        print(String(format: "  batched: %.0f fixes/s (%.2f s; %d zone alerts)", baselineRate, baseline.seconds, baseline.alerts))
        // A fix per INSERT and transaction, as tracking servers store positions: a tenth of the fixes is enough to time.
        let fewer = Array(work.baselineBatches.prefix(max(connections, work.baselineBatches.count / 10)))
        let rowByRow = try await TriggerBaseline.run(
            serverURL: postgres, zones: work.zones, batches: fewer, connections: connections, rowByRow: true)
        let rowRate = Double(fewer.reduce(0) { $0 + $1.count }) / rowByRow.seconds
        print(
            String(
                format: "  a fix per transaction: %.0f fixes/s (%d fixes in %.2f s)", rowRate, fewer.reduce(0) { $0 + $1.count }, rowByRow.seconds))
        print(
            String(
                format:
                    "  ratios: OpenEM on PostgreSQL %.2fx the batched baseline, %.1fx the fix-per-transaction one; OpenEM on SQLite %.2fx and %.1fx",
                onPostgres / baselineRate, onPostgres / rowRate, sqlite / baselineRate, sqlite / rowRate))
    }

    /// The devices, their wearers (a curfew and five zones each, as in `bench engine`) and the fixes, the same for
    /// every store and for the baseline.
    struct Workload {
        let devices: Int, batch: Int, perDevice: Int
        let start: Date
        /// Seconds between a device's fixes.
        let spacing: Double
        let wearers: [(Subject, Order)]
        var total: Int { devices * perDevice * batch }

        init(devices: Int, fixes: Int, batch: Int) {
            self.devices = devices
            self.batch = batch
            perDevice = fixes / devices / batch
            // Live data, as a tag uploading every few minutes sends it: each device's fixes end just before the run
            // and span at most 3 minutes, so none is older than the 5-minute late tolerance when it arrives. (Fixes
            // half an hour old, as this benchmark sent until 30 November, are a backlog: every batch was replayed.)
            spacing = min(1, 180 / Double(max(1, perDevice * batch)))
            start = Date().addingTimeInterval(-Double(perDevice * batch) * spacing - 5)
            let start = start
            wearers = (0..<devices).map { EngineBenchmark.wearer(index: $0, home: Self.home($0), start: start.addingTimeInterval(-86_400), seed: 7) }
        }

        static func home(_ i: Int) -> Coordinate { Coordinate(lat: 51.5 + Double(i % 100) * 0.001, lon: -0.12) }

        /// Fix `k` of batch `b` of device `i`: within 20 m of home (the wearer at home in curfew hours, as most fixes
        /// are compliant; fixes walking 110 m out, as until 30 November, broke the curfew once per upload).
        func fix(_ i: Int, _ b: Int, _ k: Int) -> (seq: Int, time: Date, lat: Double) {
            let seq = b * batch + k
            return (seq, start.addingTimeInterval(Double(seq) * spacing), Self.home(i).lat + Double(k % 20) * 0.00001)
        }

        var zones: [TriggerBaseline.Zone] {
            wearers.enumerated().flatMap { i, w in
                w.1.conditions.compactMap { c -> TriggerBaseline.Zone? in
                    guard case .zone(let z) = c.rule else { return nil }
                    return TriggerBaseline.Zone(deviceId: "device-\(i)", geometry: z.geometry, radiusMetres: z.radiusMetres)
                }
            }
        }

        var baselineBatches: [[TriggerBaseline.Fix]] {
            (0..<devices).flatMap { i in
                (0..<perDevice).map { b in
                    (0..<batch).map { k in
                        let f = fix(i, b, k)
                        return TriggerBaseline.Fix(deviceId: "device-\(i)", time: f.time, lat: f.lat, lon: -0.12, accuracy: 8)
                    }
                }
            }
        }
    }

    func measure(store: any OpenEMStore, work: Workload, label: String, port: Int, logger: Logger) async throws -> Double {
        // Devices fitted to the wearers directly in the store; keys known to the client.
        var keys: [(id: String, key: String)] = []
        for i in 0..<devices {
            let key = "bench-key-\(i)-\(UUID().uuidString)"
            let d = Device(serial: "BENCH-\(i)", type: .gpsTag, keyHash: sha256Hex(key), createdAt: Date())
            try await store.insertDevice(d)
            let (subject, order) = work.wearers[i]
            try await store.insertSubject(subject)
            try await store.insertOrderVersion(order)
            try await store.insertInstallation(
                Installation(
                    deviceId: d.id, orderId: order.id, subjectId: subject.id,
                    installedAt: work.start.addingTimeInterval(-3600)))
            keys.append((d.id, key))
        }
        // Bodies built before timing, so the client's JSON work is not measured. A device posts its batches one
        // after another, as a tag uploads (the next once the last is acknowledged): each device's batches go in
        // order on one connection, all devices' batches interleaved.
        var bodies: [[(String, [UInt8])]] = Array(repeating: [], count: connections)
        var n = 0
        for b in 0..<work.perDevice {
            for (i, d) in keys.enumerated() {
                var json = "{\"deviceId\":\"\(d.id)\",\"messages\":["
                for k in 0..<batch {
                    let f = work.fix(i, b, k)
                    json +=
                        (k > 0 ? "," : "")
                        + "{\"seq\":\(f.seq),\"type\":\"position\",\"time\":\"\(ISOTime.format(f.time))\",\"lat\":\(f.lat),\"lon\":-0.12,\"accurac"
                        + "yMetres\":8}"
                }
                json += "]}"
                bodies[i % connections].append((d.key, Array(json.utf8)))
                n += 1
            }
        }
        let total = n * batch

        var configuration = ServerConfiguration(port: port, bcryptCost: 4)
        configuration.evaluatorPartitions = partitions
        var services = AppServices(store: store, configuration: configuration, logger: logger)
        // As `openem serve` runs: on PostgreSQL, evaluator partitions under leases.
        try await services.agreePartitions()
        let app = noEvaluator ? nil : services
        let server = Task {
            if let app {
                try await buildApplication(app).runService(gracefulShutdownSignals: [])
            } else {
                let router = try buildRouter(services)
                try await Application(
                    router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                    logger: logger
                ).runService(gracefulShutdownSignals: [])
            }
        }
        try await Task.sleep(for: .milliseconds(500))

        let began = Date()
        // Blocking clients run on their own threads: on Swift's cooperative pool (2 threads here) they would
        // starve the server's own request handling.
        let results = try await LoopbackHTTP.runOnThreads(
            bodies.map { lane in
                { () throws -> Int in
                    let client = LoopbackHTTP(port: port)
                    var accepted = 0
                    for (key, body) in lane {
                        let (status, reply) = try client.request(
                            "POST", "/api/v1/telemetry",
                            headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/json"], body: body)
                        guard status == 200 else { throw BenchError("HTTP \(status): \(String(decoding: reply, as: UTF8.self))") }
                        if let r = try? JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any],
                            let a = r["accepted"] as? Int
                        {
                            accepted += a
                        }
                    }
                    return accepted
                }
            }
        ).reduce(0, +)
        let seconds = Date().timeIntervalSince(began)
        let stored = try await store.latestTelemetryOffset()
        server.cancel()
        print("bench ingest (\(label)): \(total) fixes in \(n) requests of \(batch), \(connections) connections, \(devices) devices")
        print(String(format: "  durable ingest: %.0f fixes/s (%.2f s; accepted %d; stored %d)", Double(total) / seconds, seconds, results, stored))
        print("  evaluator: \(noEvaluator ? "off" : "on, consuming the log concurrently")")
        return Double(total) / seconds
    }
}

func sha256Hex(_ s: String) -> String { Hex.string(SHA256.hash(data: Data(s.utf8))) }
