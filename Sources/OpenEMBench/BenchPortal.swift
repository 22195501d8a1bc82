import ArgumentParser
import Foundation
import Geo
import OpenEMCore
import OpenEMServer
import OpenEMSimulator

/// `openem bench portal`: server time of each portal page's HTML with a large caseload in the embedded store.
/// The caseload (subjects, orders, devices) is written straight into the store; four hours of every wearer's
/// telemetry go through the real evaluator so that violations, alerts and timelines exist; then each page is
/// requested over loopback with a session and timed (the HTML only: maps and charts load their data afterwards).
struct BenchPortal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portal", abstract: "Server time of each portal page with many wearers in the store (target: under 100 ms).")

    @Option(help: "Wearers in the store (the issue's size is 10,000).") var wearers: Int = 10_000
    @Option(help: "Requests per page.") var repeats: Int = 40
    @Option(help: "Port for the in-process server.") var port: Int = 18_084

    func run() async throws {
        let scratch = try BenchScratch()
        defer { scratch.remove() }
        let store = scratch.store
        let hash = try await PasswordHasher(cost: 4).hash("bench-password")
        let users: [(String, [Role], String?, String?)] = [
            ("admin", [.admin], nil, nil), ("monitoring", [.monitoringOfficer], nil, nil),
            ("probation", [.probation], nil, "London"), ("police", [.police], "MPS", nil), ("manager", [.orderManager], nil, nil),
        ]
        for (name, roles, force, region) in users {
            try await store.insertUser(
                User(
                    username: name, passwordHash: hash, roles: roles, forceArea: force,
                    probationRegion: region, createdAt: Date()))
        }

        // The caseload, written directly (creating 10,000 people through the API is not what is measured here).
        let now = Date()
        let start = now.addingTimeInterval(-4 * 3600)
        print("bench portal: writing \(wearers) wearers...")
        let caseload = CaseloadGenerator.make(wearers: wearers, seed: 5)
        var devices: [(EntityID, SimWearer)] = []
        var orderIds: [EntityID] = []
        for w in caseload {
            let address = Address(type: .primary, line1: "\(w.index) High Street", town: "London", postcode: w.postcode, location: w.home)
            let subject = Subject(
                firstName: w.firstName, lastName: w.lastName, dateOfBirth: w.dateOfBirth,
                identifiers: SubjectIdentifiers(crn: w.crn), forceArea: w.forceArea,
                probationRegion: w.probationRegion, responsibleOfficer: nil, addresses: [address], createdAt: start)
            try await store.insertSubject(subject)
            let order = Order(
                subjectId: subject.id, orderType: w.orderType, cohort: w.cohort, startDate: "2026-01-01",
                endDate: nil, nextReviewDate: nil,
                conditions: w.conditions(homeAddressId: address.id, period: DateInterval(start: start, duration: 86_400)),
                createdAt: start, createdBy: "bench")
            try await store.insertOrderVersion(order)
            if orderIds.count < 50 { orderIds.append(order.id) }
            let device = Device(serial: "BENCH-\(w.index)", type: w.deviceType, keyHash: "bench-\(w.index)", createdAt: start)
            try await store.insertDevice(device)
            try await store.insertInstallation(
                Installation(
                    deviceId: device.id, orderId: order.id, subjectId: subject.id,
                    installedAt: start.addingTimeInterval(-60)))
            devices.append((device.id, w))
        }

        let services = AppServices(store: store, configuration: ServerConfiguration(port: port, bcryptCost: 4), logger: scratch.logger)
        let server = Task { try await buildApplication(services).runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        try await Task.sleep(for: .milliseconds(500))

        // Four hours of telemetry for everyone, through the log and the evaluator, so pages have something to show.
        var total = 0
        for (deviceId, w) in devices {
            var state = SimWearerState()
            let day = Behaviour.day(w, day: Behaviour.localMidnight(onOrBefore: start), dayIndex: 0, seed: 5, state: &state).messages
            let messages = day.filter { $0.time >= start && $0.time < now }.enumerated().map { k, m in
                TelemetryMessage(deviceId: deviceId, seq: Int64(k + 1), time: m.time, payload: m.payload)
            }
            _ = try await store.appendTelemetry(messages, receivedAt: now)
            total += messages.count
        }
        print("bench portal: \(total) messages logged; waiting for the evaluator...")
        let last = try await store.latestTelemetryOffset()
        let waitStart = Date()
        while try await store.evaluatorCursor(partition: 0) < last {
            guard Date().timeIntervalSince(waitStart) < 900 else { throw BenchError("the evaluator did not catch up") }
            try await Task.sleep(for: .milliseconds(200))
        }
        let alerts = try await store.alerts(AlertQuery(limit: 100_000)).count
        let violations = try await store.violations(ViolationQuery(limit: 100_000)).count
        let someone = try await store.subjects(SubjectQuery(text: nil, forceArea: nil, probationRegion: nil, limit: 50))
        print(
            "bench portal: evaluated in \(String(format: "%.1f", Date().timeIntervalSince(waitStart))) s; \(violations) violations, \(alerts) alerts"
        )

        let port = port, repeats = repeats
        let people = someone.map(\.id), orders = orderIds
        let results = try await LoopbackHTTP.runOnThreads([
            { @Sendable () throws -> [(String, [Double])] in
                func session(_ user: String) throws -> (LoopbackHTTP, String) {
                    let http = LoopbackHTTP(port: port)
                    let body = Array("{\"username\":\"\(user)\",\"password\":\"bench-password\"}".utf8)
                    let (status, reply) = try http.request("POST", "/api/v1/auth/token", headers: ["Content-Type": "application/json"], body: body)
                    guard status == 200, let json = try? JSONSerialization.jsonObject(with: Data(reply)) as? [String: Any],
                        let token = json["token"] as? String
                    else { throw BenchError("login failed for \(user)") }
                    return (http, token)
                }
                var out: [(String, [Double])] = []
                let pages: [(String, String, (Int) -> String)] = [
                    ("probation", "/caseload (probation, 200 of the caseload shown)", { _ in "/caseload" }),
                    ("probation", "/caseload?q=Smith", { _ in "/caseload?q=Smith" }),
                    (
                        "probation", "/caseload filtered by cohort and open violations",
                        { _ in "/caseload?cohort=DOMESTIC_ABUSE&compliance=OPEN_VIOLATIONS" }
                    ),
                    ("monitoring", "/alerts (monitoring centre)", { _ in "/alerts" }),
                    ("police", "/alerts (police, one force)", { _ in "/alerts" }),
                    ("probation", "/people/{id}", { i in "/people/\(people[i % people.count])" }),
                    ("manager", "/orders/{id}/vary", { i in "/orders/\(orders[i % orders.count])/vary" }),
                    ("admin", "/dashboards", { _ in "/dashboards" }),
                    ("police", "/crime", { _ in "/crime" }),
                    ("police", "/search", { _ in "/search" }),
                    ("admin", "/admin", { _ in "/admin" }),
                    // The figures the dashboards fetch once the page is open.
                    ("admin", "GET /api/v1/stats/caseload", { _ in "/api/v1/stats/caseload" }),
                    ("admin", "GET /api/v1/stats/compliance", { _ in "/api/v1/stats/compliance" }),
                    ("admin", "GET /api/v1/stats/alcohol", { _ in "/api/v1/stats/alcohol" }),
                    ("admin", "GET /api/v1/stats/alerts", { _ in "/api/v1/stats/alerts" }),
                ]
                for (user, label, path) in pages {
                    let (http, token) = try session(user)
                    var times: [Double] = []
                    for i in 0..<repeats {
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        let (status, body) = try http.request("GET", path(i), headers: ["Authorization": "Bearer \(token)"])
                        let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                        guard status == 200, body.count > 40 else { throw BenchError("\(path(i)) answered \(status)") }
                        if i > 0 { times.append(ms) }  // the first request warms caches
                    }
                    out.append((label, times.sorted()))
                }
                return out
            }
        ])[0]
        print(
            "bench portal: \(wearers) wearers; server time of each page's HTML (and the dashboards' figures) over loopback (\(repeats - 1) "
                + "requests each):"
        )
        var worst = 0.0
        for (label, times) in results {
            let p50 = times[times.count / 2], p99 = times[min(times.count - 1, Int(Double(times.count) * 0.99))]
            if !label.hasPrefix("GET ") { worst = max(worst, p99) }
            print(String(format: "  %-48@ p50 %6.1f ms   p99 %6.1f ms", label as NSString, p50, p99))
        }
        print(String(format: "  slowest page p99 %.1f ms (target: every page's HTML under 100 ms; the API rows are for information)", worst))
    }
}
