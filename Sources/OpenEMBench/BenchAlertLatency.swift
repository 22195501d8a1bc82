import ArgumentParser
import Foundation
import Logging
import OpenEMCore
import OpenEMSQLite
import OpenEMServer
import Synchronization

/// `openem bench alert-latency`: from the 200 of the telemetry request that completes a zone entry to the alert's
/// event on the live stream (SSE), under background telemetry load, with `--streams` streams open at once (each
/// timed). Everything goes through HTTP on loopback to an in-process server over a temporary embedded store.
struct BenchAlertLatency: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert-latency",
        abstract: "Telemetry 200 -> SSE alert event latency (p50, p99) under background load, with many streams open.")

    @Option(help: "Zone entries to time.") var probes: Int = 200
    @Option(help: "Background load, fixes per second.") var load: Int = 10_000
    @Option(help: "Background devices sending the load.") var loadDevices: Int = 100
    @Option(help: "Milliseconds between probes.") var interval: Int = 150
    @Option(help: "Port for the in-process server.") var port: Int = 18_081
    @Option(help: "Live streams (SSE) open during the run, each a monitoring-centre dashboard receiving every alert.")
    var streams: Int = 1

    func validate() throws {
        guard streams >= 1 else { throw ValidationError("--streams is at least 1") }
    }

    nonisolated(unsafe) static let zone: [String: Any] = [
        "type": "Polygon",
        "coordinates": [
            [
                [-0.13, 51.51], [-0.12, 51.51], [-0.12, 51.515],
                [-0.13, 51.515], [-0.13, 51.51],
            ]
        ],
    ]

    func run() async throws {
        let scratch = try BenchScratch()
        defer { scratch.remove() }
        let store = scratch.store, logger = scratch.logger
        let hash = try await PasswordHasher(cost: 4).hash("bench-password")
        try await store.insertUser(User(username: "bench", passwordHash: hash, roles: [.admin, .monitoringOfficer], createdAt: Date()))

        let services = AppServices(store: store, configuration: ServerConfiguration(port: port, bcryptCost: 4), logger: logger)
        let server = Task { try await buildApplication(services).runService(gracefulShutdownSignals: []) }
        try await Task.sleep(for: .milliseconds(500))
        let port = port, probes = probes, load = load, loadDevices = loadDevices, interval = interval

        // Set-up through the API: probe wearers (each enters its zone once) and background wearers.
        print("bench alert-latency: setting up \(probes) probe and \(loadDevices) background wearers...")
        let fitted = try await LoopbackHTTP.runOnThreads([
            { @Sendable () throws -> ([(String, String, String)], [(String, String)], String) in
                let api = API(port: port)
                try api.login()
                var probeDevices: [(String, String, String)] = []
                for i in 0..<probes { probeDevices.append(try api.fit(name: "probe\(i)", zone: Self.zone)) }
                var background: [(String, String)] = []
                for i in 0..<loadDevices {
                    let (_, id, key) = try api.fit(name: "load\(i)", zone: Self.zone)
                    background.append((id, key))
                }
                return (probeDevices, background, api.token)
            }
        ])[0]
        let (probeDevices, background, token) = fitted

        // The live streams: `streams` dashboards of the monitoring centre, read on one thread. Each records when
        // every event id reached it; one stream's copy of each event says which alert it is.
        let stop = Atomic<Bool>(false)
        let listening = Atomic<Bool>(false)
        let clock = ContinuousClock()
        let deliveries = Mutex<Deliveries>(Deliveries())
        let streams = streams
        let readJob: @Sendable () throws -> Int = {
            let sse: LoopbackStreams
            do {
                sse = try LoopbackStreams(
                    count: streams, port: port, path: "/api/v1/alerts/stream",
                    headers: ["Authorization": "Bearer \(token)"])
            } catch {
                stop.store(true, ordering: .relaxed)
                throw error
            }
            var d = Deliveries()
            var lastId = Array(repeating: Int64(-1), count: streams)
            var judged = Set<Int64>()
            var began = false
            let closed = sse.read(
                keepGoing: { !stop.load(ordering: .relaxed) },
                onLine: { i, line in
                    if !began, line.hasPrefix(": OpenEM alert stream") {
                        d.open += 1
                        if d.open == streams {
                            began = true
                            listening.store(true, ordering: .relaxed)
                        }
                    }
                    if line.hasPrefix("id: "), let id = Int64(line.dropFirst(4)) {
                        if id <= lastId[i] { d.repeatsOrReorders += 1 }
                        lastId[i] = id
                        d.arrivals[id, default: []].append(clock.now)
                    } else if line.hasPrefix("data: "), judged.insert(lastId[i]).inserted, let data = line.dropFirst(6).data(using: .utf8),
                        let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                        let subject = obj["subjectId"] as? String, (obj["violationType"] as? String) == "EXCLUSION_ZONE_ENTRY"
                    {
                        d.subjects[lastId[i]] = subject
                    }
                })
            d.closedByServer = closed
            let result = d
            deliveries.withLock { $0 = result }
            return closed
        }
        @Sendable func waitForStreams() throws {
            let deadline = Date().addingTimeInterval(60)
            while !listening.load(ordering: .relaxed) {
                guard Date() < deadline, !stop.load(ordering: .relaxed) else { throw BenchError("the live streams did not open") }
                Thread.sleep(forTimeInterval: 0.01)
            }
        }

        // Background load: batches of 100 outside the zones, paced to `load` fixes per second.
        let loadJob: @Sendable () throws -> Int = {
            try waitForStreams()
            let client = LoopbackHTTP(port: port)
            let start = Date().addingTimeInterval(-4 * 3600)
            var seq = Array(repeating: 0, count: background.count)
            var sent = 0
            let began = clock.now
            var d = 0
            while !stop.load(ordering: .relaxed) {
                let (id, key) = background[d % background.count]
                var json = "{\"deviceId\":\"\(id)\",\"messages\":["
                for k in 0..<100 {
                    let s = seq[d % background.count]
                    seq[d % background.count] += 1
                    let t = ISOTime.format(start.addingTimeInterval(Double(s)))
                    json +=
                        (k > 0 ? "," : "")
                        + "{\"seq\":\(s),\"type\":\"position\",\"time\":\"\(t)\",\"lat\":51.49,\"lon\":-0.14,\"accuracyMetres\":8}"
                }
                json += "]}"
                let (status, _) = try client.request(
                    "POST", "/api/v1/telemetry",
                    headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/json"], body: Array(json.utf8))
                guard status == 200 else { throw BenchError("background load: HTTP \(status)") }
                sent += 100
                d += 1
                let due = began + .milliseconds(sent * 1000 / max(load, 1))
                let wait = due - clock.now
                if wait > .zero { Thread.sleep(forTimeInterval: Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18) }
            }
            return sent
        }
        // Probes: three fixes inside the zone in one request (past the two-fix dwell); time from the 200.
        let acks = Mutex<[String: ContinuousClock.Instant]>([:])
        let probeJob: @Sendable () throws -> Int = {
            defer { stop.store(true, ordering: .relaxed) }
            try waitForStreams()
            let client = LoopbackHTTP(port: port)
            for (subject, id, key) in probeDevices {
                let now = Date()
                var msgs: [String] = []
                for (k, back) in [3.0, 2.0, 1.0].enumerated() {
                    msgs.append(
                        "{\"seq\":\(k),\"type\":\"position\",\"time\":\"\(ISOTime.format(now.addingTimeInterval(-back)))\",\"lat\":51.5125,\"lon\""
                            + ":-0.125,\"accuracyMetres\":8}"
                    )
                }
                let body = "{\"deviceId\":\"\(id)\",\"messages\":[\(msgs.joined(separator: ","))]}"
                let (status, _) = try client.request(
                    "POST", "/api/v1/telemetry",
                    headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/json"], body: Array(body.utf8))
                guard status == 200 else { throw BenchError("probe: HTTP \(status)") }
                let acked = clock.now
                acks.withLock { $0[subject] = acked }
                Thread.sleep(forTimeInterval: Double(interval) / 1000)
            }
            Thread.sleep(forTimeInterval: 2)
            return probeDevices.count
        }
        print("bench alert-latency: \(streams) live stream\(streams == 1 ? "" : "s") open")
        let began = Date()
        let results = try await LoopbackHTTP.runOnThreads([readJob, loadJob, probeJob])
        let seconds = Date().timeIntervalSince(began)
        server.cancel()
        deliveries.withLock { $0 }.report(acked: acks.withLock { $0 }, streams: streams)
        print(String(format: "  background load: %.0f fixes/s sustained over %.1f s (target %d)", Double(results[1]) / seconds, seconds, load))
    }

    /// What the live streams received: when each event id reached each stream, and which probe's alert each id is.
    struct Deliveries: Sendable {
        var open = 0
        var arrivals: [Int64: [ContinuousClock.Instant]] = [:]
        var subjects: [Int64: String] = [:]
        var repeatsOrReorders = 0
        var closedByServer = 0

        func report(acked: [String: ContinuousClock.Instant], streams: Int) {
            var first: [Double] = [], every: [Double] = [], last: [Double] = [], reached: [Int] = []
            func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
            // A probe's alert is the first event about its zone entry (a later change to it is not timed).
            var alertOf: [String: Int64] = [:]
            for (id, subject) in subjects { alertOf[subject] = min(id, alertOf[subject] ?? .max) }
            for (subject, id) in alertOf {
                guard let t = acked[subject], let times = arrivals[id]?.sorted() else { continue }
                first.append(ms(times[0] - t))
                last.append(ms(times[times.count - 1] - t))
                every += times.map { ms($0 - t) }
                reached.append(times.count)
            }
            func pct(_ v: [Double], _ p: Double) -> Double {
                let s = v.sorted()
                return s.isEmpty ? .nan : s[min(s.count - 1, Int(Double(s.count) * p))]
            }
            print(
                String(
                    format: "  alert latency (telemetry 200 -> SSE event): p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d of %d probes arrived",
                    pct(first, 0.5), pct(first, 0.99), first.max() ?? .nan, first.count, acked.count))
            guard streams > 1 else { return }
            print(
                String(
                    format: "  over all %d streams: every delivery p50 %.1f ms, p99 %.1f ms; the last stream to get each alert p50 %.1f ms, "
                        + "p99 %.1f ms", streams, pct(every, 0.5), pct(every, 0.99), pct(last, 0.5), pct(last, 0.99)))
            print(
                "  streams that received each alert: min \(reached.min() ?? 0), max \(reached.max() ?? 0) of \(streams); "
                    + "\(reached.filter { $0 == streams }.count) of \(reached.count) alerts reached every stream; "
                    + "\(repeatsOrReorders) repeated or out-of-order events; \(closedByServer) streams closed by the server")
        }
    }

    /// The API calls the set-up needs, over one keep-alive connection.
    final class API {
        let http: LoopbackHTTP
        var token = ""
        init(port: Int) { http = LoopbackHTTP(port: port) }

        func call(_ method: String, _ path: String, _ body: [String: Any]) throws -> [String: Any] {
            let data = try JSONSerialization.data(withJSONObject: body)
            let (status, reply) = try http.request(
                method, path,
                headers: [
                    "Authorization": "Bearer \(token)",
                    "Content-Type": "application/json",
                ], body: Array(data))
            guard (200..<300).contains(status),
                let obj = try JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any]
            else {
                throw BenchError("\(method) \(path): HTTP \(status) \(String(decoding: reply, as: UTF8.self))")
            }
            return obj
        }

        func login() throws {
            token = try call("POST", "/api/v1/auth/token", ["username": "bench", "password": "bench-password"])["token"] as? String ?? ""
        }

        /// A wearer with an exclusion zone and an installed GPS tag: (subjectId, deviceId, key).
        func fit(name: String, zone: [String: Any]) throws -> (String, String, String) {
            let s = try call(
                "POST", "/api/v1/subjects",
                [
                    "firstName": "Bench", "lastName": name, "forceArea": "MPS", "probationRegion": "London",
                    "addresses": [["type": "PRIMARY", "line1": "1 Bench Road", "location": ["lat": 51.49, "lon": -0.14]]],
                ])
            let subjectId = s["id"] as! String
            let today = String(ISOTime.format(Date()).prefix(10))
            let o = try call(
                "POST", "/api/v1/orders",
                [
                    "subjectId": subjectId, "orderType": "BAIL", "cohort": "STANDARD", "startDate": today,
                    "conditions": [["type": "exclusionZone", "name": "Zone", "geometry": zone]],
                ])
            let d = try call("POST", "/api/v1/devices", ["serial": "BENCH-\(name)", "type": "GPS_TAG"])
            let deviceId = d["id"] as! String
            _ = try call(
                "POST", "/api/v1/orders/\(o["id"] as! String)/installations",
                [
                    "deviceId": deviceId, "installedAt": ISOTime.format(Date().addingTimeInterval(-5 * 3600)),
                ])
            return (subjectId, deviceId, d["key"] as! String)
        }
    }
}
