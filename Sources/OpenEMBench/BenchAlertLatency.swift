import ArgumentParser
import Foundation
import Logging
import OpenEMCore
import OpenEMServer
import OpenEMSQLite
import Synchronization

/// `openem bench alert-latency`: from the 200 of the telemetry request that completes a zone entry to the alert's
/// event on the live stream (SSE), under background telemetry load. Everything goes through HTTP on loopback to
/// an in-process server over a temporary embedded store.
struct BenchAlertLatency: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alert-latency",
        abstract: "Telemetry 200 -> SSE alert event latency (p50, p99) under background load.")

    @Option(help: "Zone entries to time.") var probes: Int = 200
    @Option(help: "Background load, fixes per second.") var load: Int = 10_000
    @Option(help: "Background devices sending the load.") var loadDevices: Int = 100
    @Option(help: "Milliseconds between probes.") var interval: Int = 150
    @Option(help: "Port for the in-process server.") var port: Int = 18_081

    nonisolated(unsafe) static let zone: [String: Any] = ["type": "Polygon", "coordinates": [[[-0.13, 51.51], [-0.12, 51.51], [-0.12, 51.515],
                                                                          [-0.13, 51.515], [-0.13, 51.51]]]]

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
        let fitted = try await LoopbackHTTP.runOnThreads([{ @Sendable () throws -> ([(String, String, String)], [(String, String)], String) in
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
        }])[0]
        let (probeDevices, background, token) = fitted

        // The SSE reader records when each subject's alert event arrives.
        let arrivals = Mutex<[String: ContinuousClock.Instant]>([:])
        let stop = Atomic<Bool>(false)
        let clock = ContinuousClock()
        let reader = Thread {
            let sse = LoopbackHTTP(port: port)
            try? sse.stream("/api/v1/alerts/stream", headers: ["Authorization": "Bearer \(token)"]) { line in
                if line.hasPrefix("data: "), let data = line.dropFirst(6).data(using: .utf8),
                   let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                   let subject = obj["subjectId"] as? String, (obj["violationType"] as? String) == "EXCLUSION_ZONE_ENTRY" {
                    let now = clock.now
                    arrivals.withLock { if $0[subject] == nil { $0[subject] = now } }
                }
                return !stop.load(ordering: .relaxed)
            }
        }
        reader.start()
        try await Task.sleep(for: .milliseconds(300))

        // Background load: batches of 100 outside the zones, paced to `load` fixes per second.
        let loadJob: @Sendable () throws -> Int = {
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
                    json += (k > 0 ? "," : "") + "{\"seq\":\(s),\"type\":\"position\",\"time\":\"\(t)\",\"lat\":51.49,\"lon\":-0.14,\"accuracyMetres\":8}"
                }
                json += "]}"
                let (status, _) = try client.request("POST", "/api/v1/telemetry",
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
        let probeJob: @Sendable () throws -> Int = {
            let client = LoopbackHTTP(port: port)
            var acked: [String: ContinuousClock.Instant] = [:]
            for (subject, id, key) in probeDevices {
                let now = Date()
                var msgs: [String] = []
                for (k, back) in [3.0, 2.0, 1.0].enumerated() {
                    msgs.append("{\"seq\":\(k),\"type\":\"position\",\"time\":\"\(ISOTime.format(now.addingTimeInterval(-back)))\",\"lat\":51.5125,\"lon\":-0.125,\"accuracyMetres\":8}")
                }
                let body = "{\"deviceId\":\"\(id)\",\"messages\":[\(msgs.joined(separator: ","))]}"
                let (status, _) = try client.request("POST", "/api/v1/telemetry",
                    headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/json"], body: Array(body.utf8))
                guard status == 200 else { throw BenchError("probe: HTTP \(status)") }
                acked[subject] = clock.now
                Thread.sleep(forTimeInterval: Double(interval) / 1000)
            }
            Thread.sleep(forTimeInterval: 2)
            let seen = arrivals.withLock { $0 }
            var latencies: [Double] = []
            for (subject, t) in acked {
                if let a = seen[subject] {
                    let d = a - t
                    latencies.append(Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15)
                }
            }
            latencies.sort()
            func pct(_ p: Double) -> Double { latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
            print(String(format: "  alert latency (telemetry 200 -> SSE event): p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d of %d probes arrived",
                         pct(0.5), pct(0.99), latencies.last ?? .nan, latencies.count, acked.count))
            stop.store(true, ordering: .relaxed)
            return acked.count
        }
        let began = Date()
        let results = try await LoopbackHTTP.runOnThreads([loadJob, probeJob])
        let seconds = Date().timeIntervalSince(began)
        print(String(format: "  background load: %.0f fixes/s sustained over %.1f s (target %d)", Double(results[0]) / seconds, seconds, load))
        server.cancel()
    }

    /// The API calls the set-up needs, over one keep-alive connection.
    final class API {
        let http: LoopbackHTTP
        var token = ""
        init(port: Int) { http = LoopbackHTTP(port: port) }

        func call(_ method: String, _ path: String, _ body: [String: Any]) throws -> [String: Any] {
            let data = try JSONSerialization.data(withJSONObject: body)
            let (status, reply) = try http.request(method, path, headers: ["Authorization": "Bearer \(token)",
                                                                           "Content-Type": "application/json"], body: Array(data))
            guard (200..<300).contains(status),
                  let obj = try JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any] else {
                throw BenchError("\(method) \(path): HTTP \(status) \(String(decoding: reply, as: UTF8.self))")
            }
            return obj
        }

        func login() throws {
            token = try call("POST", "/api/v1/auth/token", ["username": "bench", "password": "bench-password"])["token"] as? String ?? ""
        }

        /// A wearer with an exclusion zone and an installed GPS tag: (subjectId, deviceId, key).
        func fit(name: String, zone: [String: Any]) throws -> (String, String, String) {
            let s = try call("POST", "/api/v1/subjects", [
                "firstName": "Bench", "lastName": name, "forceArea": "MPS", "probationRegion": "London",
                "addresses": [["type": "PRIMARY", "line1": "1 Bench Road", "location": ["lat": 51.49, "lon": -0.14]]]])
            let subjectId = s["id"] as! String
            let today = String(ISOTime.format(Date()).prefix(10))
            let o = try call("POST", "/api/v1/orders", [
                "subjectId": subjectId, "orderType": "BAIL", "cohort": "STANDARD", "startDate": today,
                "conditions": [["type": "exclusionZone", "name": "Zone", "geometry": zone]]])
            let d = try call("POST", "/api/v1/devices", ["serial": "BENCH-\(name)", "type": "GPS_TAG"])
            let deviceId = d["id"] as! String
            _ = try call("POST", "/api/v1/orders/\(o["id"] as! String)/installations", [
                "deviceId": deviceId, "installedAt": ISOTime.format(Date().addingTimeInterval(-5 * 3600))])
            return (subjectId, deviceId, d["key"] as! String)
        }
    }
}
