import ArgumentParser
import Foundation
import OpenEMCore
import OpenEMSQLite
import OpenEMServer
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `openem bench soak`: the real server (`openem serve`, this binary, in its own process over a fresh embedded
/// store) under a sustained telemetry load over HTTP for `--minutes`, with the live alert stream (SSE) open. Now
/// and then a wearer walks into its exclusion zone, so alerts are raised all along. Prints the server's RSS (from
/// /proc) after the warm-up and at the end, fixes offered, accepted and stored, alerts raised and delivered, and
/// per minute the p99 latency from sending the fix that raises an alert to the alert's event on the stream.
/// Fails if the anonymous part of its RSS grew by 10% or more, an alert raised was not delivered on the stream or a request failed.
struct BenchSoak: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Sustained HTTP ingest against `openem serve` with alerts streaming: RSS growth, fixes stored, alerts delivered, p99 per minute.")

    @Option(help: "Minutes measured (after the warm-up).") var minutes: Int = 10
    @Option(help: "Fixes per second offered.") var rate: Int = 10_000
    @Option(help: "Devices (wearers) sending; each uploads a batch covering the time since its last one.") var devices: Int = 1000
    @Option(help: "Fixes per request.") var batch: Int = 100
    @Option(help: "Connections sending, each on its own thread.") var connections: Int = 4
    @Option(help: "One upload in this many walks its wearer into the exclusion zone (raising an alert).") var entryEvery: Int = 100
    @Option(help: "Seconds of load before the first RSS reading (SQLite's page caches took about 5 minutes to fill).")
    var warmup: Int = 300
    @Option(help: "Port for the server.") var port: Int = 18_090

    func validate() throws {
        guard minutes >= 1 else { throw ValidationError("--minutes is at least 1") }
        guard rate >= 1, batch >= 1, devices >= connections, connections >= 1, entryEvery >= 2, warmup >= 0 else {
            throw ValidationError("--rate, --batch, --connections are at least 1, --devices at least --connections, --entry-every at least 2")
        }
    }

    func run() async throws {
        let scratch = try BenchScratch()
        defer { scratch.remove() }
        let path = scratch.dir.appendingPathComponent("bench.sqlite").path
        let hash = try await PasswordHasher(cost: 4).hash("bench-password")
        try await scratch.store.insertUser(User(username: "bench", passwordHash: hash, roles: [.admin, .monitoringOfficer], createdAt: Date()))

        let server = try SoakServer.start(database: path, port: port)
        defer { server.stop() }
        try server.waitUntilListening()
        let port = port, batch = batch, rate = rate, entryEvery = entryEvery, connections = connections
        print("bench soak: `openem serve` as process \(server.pid) on a fresh embedded store; setting up \(devices) wearers...")
        let fitted = try await LoopbackHTTP.runOnThreads(
            (0..<connections).map { t in
                { @Sendable () throws -> ([Wearer], String) in
                    let api = BenchAlertLatency.API(port: port)
                    try api.login()
                    var mine: [Wearer] = []
                    for i in stride(from: t, to: devices, by: connections) {
                        let (subject, id, key) = try api.fit(name: "soak\(i)", zone: BenchAlertLatency.zone)
                        mine.append(Wearer(subject: subject, deviceId: id, key: key))
                    }
                    return (mine, api.token)
                }
            })
        let token = fitted[0].1
        let lanes = fitted.map(\.0)

        let stop = Atomic<Bool>(false), stopRead = Atomic<Bool>(false), listening = Atomic<Bool>(false)
        let clock = ContinuousClock()
        let tally = Mutex(Tally())
        // When each wearer's latest zone entry was sent (the fix event an alert is timed from).
        let entries = Mutex<[String: ContinuousClock.Instant]>([:])

        let readJob: @Sendable () throws -> Int = {
            let sse = try LoopbackStreams(count: 1, port: port, path: "/api/v1/alerts/stream", headers: ["Authorization": "Bearer \(token)"])
            let closed = sse.read(
                keepGoing: { !stopRead.load(ordering: .relaxed) },
                onLine: { _, line in
                    if line.hasPrefix(": OpenEM alert stream") { listening.store(true, ordering: .relaxed) }
                    guard line.hasPrefix("data: "), let data = line.dropFirst(6).data(using: .utf8),
                        let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any], let id = obj["id"] as? String
                    else { return }
                    let now = clock.now
                    let sent = (obj["subjectId"] as? String).flatMap { s in entries.withLock { $0[s] } }
                    tally.withLock { t in
                        guard t.delivered.insert(id).inserted else { return }
                        t.minute.delivered += 1
                        if (obj["violationType"] as? String) == "EXCLUSION_ZONE_ENTRY", let sent {
                            t.minute.latencies.append(Self.ms(now - sent))
                        }
                    }
                })
            return closed
        }
        let period = Double(devices * batch) / Double(rate)  // seconds between a device's uploads
        let sendJobs: [@Sendable () throws -> Int] = lanes.map { lane in
            {
                let deadline = Date().addingTimeInterval(60)
                while !listening.load(ordering: .relaxed) {
                    guard Date() < deadline, !stop.load(ordering: .relaxed) else { throw BenchError("the live stream did not open") }
                    Thread.sleep(forTimeInterval: 0.01)
                }
                let client = LoopbackHTTP(port: port)
                var seq = Array(repeating: 0, count: lane.count)
                let laneRate = Double(rate) / Double(connections)
                let began = clock.now
                var sent = 0, n = 0
                while !stop.load(ordering: .relaxed) {
                    let w = n % lane.count
                    let entering = (n + 1) % entryEvery == 0
                    let body = Self.upload(lane[w], seq: &seq[w], batch: batch, period: period, entering: entering)
                    let at = clock.now
                    if entering { entries.withLock { $0[lane[w].subject] = at } }
                    let (status, reply) = try client.request(
                        "POST", "/api/v1/telemetry",
                        headers: ["Authorization": "Bearer \(lane[w].key)", "Content-Type": "application/json"], body: body)
                    let accepted = status == 200 ? Self.accepted(reply) : 0
                    tally.withLock {
                        $0.minute.offered += batch
                        $0.minute.accepted += accepted
                        if status != 200 { $0.minute.failed += 1 }
                    }
                    sent += batch
                    n += 1
                    let wait = began + .seconds(Double(sent) / laneRate) - clock.now
                    if wait > .zero { Thread.sleep(forTimeInterval: Self.ms(wait) / 1000) }
                }
                return sent
            }
        }
        let reading = Task { try await LoopbackHTTP.runOnThreads([readJob]) }
        let jobs = Task { try await LoopbackHTTP.runOnThreads(sendJobs) }

        // Warm-up, then one line a minute.
        try await Task.sleep(for: .seconds(warmup))
        let warm = tally.withLock { t -> Tally.Minute in
            defer { t.minute = Tally.Minute() }
            return t.minute
        }
        let rssStart = server.rssKB(), anonStart = server.anonKB()
        print(
            String(
                format: "  warm-up %d s: %d fixes offered, %d accepted; server RSS after warm-up %.1f MiB (%@)", warmup, warm.offered, warm.accepted,
                Double(rssStart) / 1024, server.rssParts()))
        var total = warm, latencies: [Double] = []
        var lastMinute = clock.now
        for m in 1...minutes {
            try await Task.sleep(until: lastMinute + .seconds(60), clock: clock)
            let now = clock.now
            let seconds = Self.ms(now - lastMinute) / 1000
            lastMinute = now
            let minute = tally.withLock { t -> Tally.Minute in
                defer { t.minute = Tally.Minute() }
                return t.minute
            }
            total.add(minute)
            latencies += minute.latencies
            print(
                String(
                    format:
                        "  minute %2d: %6.0f fixes/s offered, %6.0f accepted; %3d alerts delivered, p99 latency %@ (%d timed); RSS %.1f MiB (%@)%@",
                    m, Double(minute.offered) / seconds, Double(minute.accepted) / seconds, minute.delivered,
                    Self.p99(minute.latencies), minute.latencies.count, Double(server.rssKB()) / 1024, server.rssParts(),
                    minute.failed > 0 ? " (\(minute.failed) requests failed)" : ""))
            fflush(nil)  // one line a minute, also when the output goes to a file
        }
        let rssEnd = server.rssKB(), anonEnd = server.anonKB(), partsEnd = server.rssParts()
        stop.store(true, ordering: .relaxed)
        _ = try await jobs.value
        // Alerts raised by the last uploads: give the stream time to deliver them, reading on.
        try await Task.sleep(for: .seconds(5))
        stopRead.store(true, ordering: .relaxed)
        _ = try await reading.value
        let rest = tally.withLock { $0.minute }
        total.add(rest)
        latencies += rest.latencies
        let delivered = tally.withLock { $0.delivered }
        server.stop()

        // Read back from the store the server wrote.
        let store = try SQLiteStore.open(path: path)
        let stored = try await store.latestTelemetryOffset()
        let raised = Set(try await store.alerts(AlertQuery(limit: 10_000_000)).map(\.id))
        let missing = raised.subtracting(delivered)
        // The gate is the anonymous part (heap, stacks, SQLite's page caches): what a leak grows. The file part is
        // the database file SQLite maps (mmap_size), its pages resident as they are touched: it grows with the data
        // stored, belongs to the kernel's page cache and is given back under memory pressure.
        let growth = Double(anonEnd - anonStart) / Double(max(anonStart, 1)) * 100
        let totalGrowth = Double(rssEnd - rssStart) / Double(max(rssStart, 1)) * 100
        let measured = Double(minutes * 60)
        print("bench soak: \(minutes) min after \(warmup) s warm-up, \(devices) devices, batches of \(batch), \(connections) connections")
        print(
            String(
                format:
                    "  server RSS: %.1f MiB after warm-up, %.1f MiB at the end (%@): VmRSS growth %.1f%%, anonymous memory %.1f -> %.1f MiB: "
                    + "growth %.1f%% (target under 10%%)", Double(rssStart) / 1024, Double(rssEnd) / 1024, partsEnd, totalGrowth,
                Double(anonStart) / 1024, Double(anonEnd) / 1024, growth))
        print(
            String(
                format: "  fixes: %d offered, %d accepted, %d stored (read back from the store); rate offered %d/s, achieved %.0f/s accepted",
                total.offered, total.accepted, stored, rate, Double(total.accepted - warm.accepted) / measured))
        print(
            "  alerts: \(raised.count) raised (in the store), \(delivered.count) delivered on the stream, \(missing.count) not delivered; "
                + "zone-entry alerts timed \(latencies.count), p99 \(Self.p99(latencies)) overall")
        if total.failed > 0 { print("  \(total.failed) telemetry requests failed") }
        guard growth < 10, missing.isEmpty, total.failed == 0 else {
            print(
                "bench soak: FAILED (\(growth >= 10 ? "anonymous RSS grew 10% or more; " : "")"
                    + "\(missing.count) alerts not delivered; \(total.failed) failures)"
            )
            throw ExitCode.failure
        }
    }

    struct Wearer: Sendable {
        let subject: String, deviceId: String, key: String
    }

    struct Tally: Sendable {
        struct Minute: Sendable {
            var offered = 0, accepted = 0, failed = 0, delivered = 0
            var latencies: [Double] = []
            mutating func add(_ m: Minute) {
                offered += m.offered
                accepted += m.accepted
                failed += m.failed
                delivered += m.delivered
            }
        }
        var minute = Minute()
        var delivered = Set<String>()
    }

    /// One upload: `batch` fixes spread over the `period` seconds before now, at home (with a little scatter) or,
    /// when `entering`, inside the wearer's exclusion zone.
    static func upload(_ w: Wearer, seq: inout Int, batch: Int, period: Double, entering: Bool) -> [UInt8] {
        let now = Date()
        var json = "{\"deviceId\":\"\(w.deviceId)\",\"messages\":["
        json.reserveCapacity(140 * batch)
        for k in 0..<batch {
            let t = ISOTime.format(now.addingTimeInterval(-period * Double(batch - 1 - k) / Double(batch)))
            let lat = entering ? 51.5125 : 51.49 + Double(seq % 7) * 0.00002
            let lon = entering ? -0.125 : -0.14 + Double(seq % 5) * 0.00002
            json +=
                (k > 0 ? "," : "") + "{\"seq\":\(seq),\"type\":\"position\",\"time\":\"\(t)\",\"lat\":\(lat),\"lon\":\(lon),\"accuracyMetres\":8}"
            seq += 1
        }
        json += "]}"
        return Array(json.utf8)
    }

    /// The `accepted` count of a telemetry reply, read without a JSON parser.
    static func accepted(_ reply: [UInt8]) -> Int {
        let text = String(decoding: reply, as: UTF8.self)
        guard let r = text.range(of: "\"accepted\":") else { return 0 }
        return Int(text[r.upperBound...].prefix { $0.isNumber }) ?? 0
    }

    static func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }

    static func p99(_ v: [Double]) -> String {
        guard !v.isEmpty else { return "-" }
        let s = v.sorted()
        return String(format: "%.1f ms", s[min(s.count - 1, Int(Double(s.count) * 0.99))])
    }
}

/// `openem serve` (this same binary) in a child process, and its resident set size from /proc.
final class SoakServer {
    let pid: Int32
    private let process: Process
    private let port: Int

    private init(process: Process, port: Int) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
    }

    static func start(database: String, port: Int) throws -> SoakServer {
        let p = Process()
        p.executableURL = URL(
            fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        p.arguments = ["serve", "--database", database, "--port", "\(port)", "--log-level", "warning"]
        try p.run()
        return SoakServer(process: p, port: port)
    }

    func waitUntilListening() throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard process.isRunning else { throw BenchError("openem serve exited (status \(process.terminationStatus))") }
            if (try? LoopbackHTTP.open(host: "127.0.0.1", port: UInt16(port))).map({ close($0) }) != nil { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw BenchError("openem serve did not listen on port \(port) within 60 s")
    }

    /// VmRSS of the server process in KiB (0 once it has gone).
    func rssKB() -> Int { status("VmRSS") }

    /// RssAnon of the server process in KiB: VmRSS less mapped files.
    func anonKB() -> Int { status("RssAnon") }

    /// `RssAnon` (heap, stacks, SQLite's page caches) and `RssFile` (mapped files: the binary, the database file
    /// SQLite maps) in KiB, the two parts of VmRSS.
    func rssParts() -> String {
        String(format: "anon %.1f MiB, file %.1f MiB", Double(status("RssAnon")) / 1024, Double(status("RssFile")) / 1024)
    }

    private func status(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// Stops the server (SIGTERM: a graceful shutdown) and waits for it to exit.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            print("  openem serve did not stop within 30 s of SIGTERM: killed")
            kill(pid, SIGKILL)
        }
        process.waitUntilExit()
    }
}
