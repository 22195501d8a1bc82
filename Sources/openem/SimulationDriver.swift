import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import OpenEMCore
import OpenEMSimulator

/// Drives a real OpenEM over HTTP: creates the simulated caseload through the API, then streams each device's
/// telemetry through the ingest endpoint as simulated time passes. Simulated time runs `speed` times faster than
/// real time from `start` and never overtakes the present (devices cannot report the future): a run that starts
/// in the past replays it quickly, then carries on live.
actor SimulationDriver {
    struct Options: Sendable {
        var target: String
        var username: String
        var password: String
        var wearers: Int
        var days: Double
        var speed: Double
        var seed: UInt64
        var start: Date
        var truthPath: String?
        var concurrency = 8
        var quiet = false
        /// Scripted incidents for a demonstration: this many wearers break a condition in the first minutes after
        /// `liveFrom` (default: `start`).
        var incidents = 0
        var liveFrom: Date?
        /// Months of past, ended orders made once the live caseload is set up (`createHistory`), while it streams.
        var historyMonths = 0
    }

    struct Fitted: Sendable {
        var wearer: SimWearer
        var subjectId: String
        var deviceId: String
        var key: String
        /// The victim's phone (domestic-abuse cases): its key is the OsmAnd `id` it reports with.
        var victimKey: String?
    }

    let o: Options
    let http = HTTPClient(eventLoopGroupProvider: .singleton)
    var token = ""
    var truth: FileHandle?
    var sent = 0
    var alertsSeen = 0

    init(_ options: Options) { o = options }

    deinit { try? http.syncShutdown() }

    func say(_ s: String) { if !o.quiet { print(s) } }

    // MARK: HTTP

    struct HTTPFailure: Error, CustomStringConvertible {
        var description: String
    }

    nonisolated func request(_ method: HTTPMethod, _ path: String, _ body: Data?, token: String?) async throws -> Data {
        var r = HTTPClientRequest(url: o.target + path)
        r.method = method
        r.headers.add(name: "Content-Type", value: "application/json")
        if let token, !token.isEmpty { r.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body { r.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await http.execute(r, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(response.status.code) else {
            throw HTTPFailure(
                description: "\(method.rawValue) \(path): HTTP \(response.status.code) \(String(decoding: data, as: UTF8.self).prefix(300))")
        }
        return data
    }

    func call(_ method: HTTPMethod, _ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        let data = try await request(method, path, try JSONSerialization.data(withJSONObject: body), token: token)
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    // MARK: set-up

    func login() async throws {
        token = ""
        let r = try await call(.POST, "/api/v1/auth/token", ["username": o.username, "password": o.password])
        guard let t = r["token"] as? String else { throw HTTPFailure(description: "login returned no token") }
        token = t
    }

    static func isoDate(_ d: Date) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Europe/London")!
        let c = cal.dateComponents([.year, .month, .day], from: d)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    func fit(_ w: SimWearer) async throws -> Fitted {
        let s = try await call(
            .POST, "/api/v1/subjects",
            [
                "firstName": w.firstName, "lastName": w.lastName, "dateOfBirth": w.dateOfBirth,
                "identifiers": ["crn": w.crn], "forceArea": w.forceArea, "probationRegion": w.probationRegion,
                "responsibleOfficer": "probation.london",
                "addresses": [
                    [
                        "type": "PRIMARY",
                        "line1":
                            "\(10 + w.index % 190) \(["High Street", "Station Road", "Church Lane", "Park Road", "Victoria Road"][w.index % 5])",
                        "town": "London", "postcode": w.postcode, "location": ["lat": w.home.lat, "lon": w.home.lon],
                    ]
                ],
            ])
        guard let subjectId = s["id"] as? String, let addresses = s["addresses"] as? [[String: Any]],
            let addressId = addresses.first?["id"] as? String
        else { throw HTTPFailure(description: "subject without an address id") }
        if w.curfew {
            _ = try await call(
                .POST, "/api/v1/subjects/\(subjectId)/address-checks",
                [
                    "addressId": addressId, "domesticAbuseCheck": true, "safeguardingCheck": true, "outcome": "SUITABLE",
                ])
        }
        var victimDeviceId: String?, victimKey: String?
        if w.victimHome != nil {
            let phone = try await call(
                .POST, "/api/v1/devices",
                [
                    "serial": "SIM-PHONE-\(o.seed)-\(w.index)-\(UUID().uuidString.prefix(4))",
                    "type": DeviceType.victimPhone.rawValue,
                ])
            victimDeviceId = phone["id"] as? String
            victimKey = phone["key"] as? String
            guard victimDeviceId != nil, victimKey != nil else { throw HTTPFailure(description: "victim phone without a key") }
        }
        let startDay = o.start.addingTimeInterval(-86_400)
        let booked = DateInterval(start: o.start, duration: 90 * 86_400)  // appointments for the next three months
        let conditions = try JSONSerialization.jsonObject(
            with: Self.isoEncoder.encode(w.conditions(homeAddressId: addressId, victimDeviceId: victimDeviceId, period: booked)))
        let order = try await call(
            .POST, "/api/v1/orders",
            [
                "subjectId": subjectId, "orderType": w.orderType.rawValue, "cohort": w.cohort.rawValue,
                // The order starts on the day its tag is fitted (at the start of the replayed history): tagged at the point
                // of decision, as the data-quality rule FITTED_OVER_24_HOURS_AFTER_ORDER expects.
                "startDate": Self.isoDate(o.start), "endDate": Self.isoDate(startDay.addingTimeInterval(180 * 86_400)),
                "conditions": conditions,
            ])
        guard let orderId = order["id"] as? String else { throw HTTPFailure(description: "order without an id") }
        let d = try await call(
            .POST, "/api/v1/devices",
            [
                "serial": "SIM-\(o.seed)-\(w.index)-\(UUID().uuidString.prefix(4))",
                "type": w.deviceType.rawValue,
            ])
        guard let deviceId = d["id"] as? String, let key = d["key"] as? String else { throw HTTPFailure(description: "device without a key") }
        _ = try await call(
            .POST, "/api/v1/orders/\(orderId)/installations",
            [
                "deviceId": deviceId, "installedAt": ISOTime.format(o.start.addingTimeInterval(-120)),
            ])
        // A fitted tag reports at once (seq 0; the stream starts at 1), so a wearer whose history is still being
        // replayed is not taken for a silent tag in the meantime.
        let hello = DeviceUpload(deviceId: deviceId, messages: [.init(seq: 0, time: o.start.addingTimeInterval(-60), payload: .heartbeat)])
        _ = try await request(.POST, "/api/v1/telemetry", try hello.body(), token: key)
        return Fitted(wearer: w, subjectId: subjectId, deviceId: deviceId, key: key, victimKey: victimKey)
    }

    func setUp() async throws -> [Fitted] {
        try await login()
        var caseload = CaseloadGenerator.make(wearers: o.wearers, seed: o.seed)
        if o.incidents > 0 {
            // Zone cases first (the most telling alerts), then strap tampers; spread over the first two minutes.
            let zoned = caseload.indices.filter { caseload[$0].victimHome != nil || caseload[$0].extraZoneCentre != nil }
            let others = caseload.indices.filter { caseload[$0].deviceType == .gpsTag && !zoned.contains($0) }
            for (k, i) in (zoned.prefix(o.incidents - o.incidents / 3) + others.prefix(o.incidents / 3)).enumerated() {
                caseload[i].incident = (o.liveFrom ?? o.start).addingTimeInterval(Double(20 + 20 * k))
            }
        }
        var fitted: [Fitted] = []
        try await withThrowingTaskGroup(of: Fitted.self) { g in
            var next = 0
            for _ in 0..<min(o.concurrency, caseload.count) {
                let w = caseload[next]
                next += 1
                g.addTask { try await self.fit(w) }
            }
            while let f = try await g.next() {
                fitted.append(f)
                if next < caseload.count {
                    let w = caseload[next]
                    next += 1
                    g.addTask { try await self.fit(w) }
                }
            }
        }
        fitted.sort { $0.wearer.index < $1.wearer.index }
        let cohorts = Dictionary(grouping: fitted, by: { $0.wearer.cohort.rawValue })
            .map { "\($0.key) \($0.value.count)" }.sorted().joined(separator: ", ")
        say("simulate: \(fitted.count) wearers created through the API (\(cohorts))")
        return fitted
    }

    // MARK: streaming

    /// One device's pending messages, generated a local day at a time.
    struct Feed {
        var fitted: Fitted
        var state = SimWearerState()
        var queue: [SimMessage] = []
        var head = 0
        var nextDay: Date
        var dayIndex = 0
        var seq: Int64 = 0
        /// The victim's phone fixes for the same day, sent one request each through the OsmAnd endpoint.
        var phone: [SimMessage] = []
        var phoneHead = 0
    }

    /// An OsmAnd / Traccar Client report, as a phone sends it.
    static func osmandQuery(_ m: SimMessage, key: String) -> String? {
        guard case .position(let f) = m.payload else { return nil }
        return
            "/osmand?id=\(key)&timestamp=\(Int(m.time.timeIntervalSince1970))&lat=\(f.coordinate.lat)&lon=\(f.coordinate.lon)"
            + (f.accuracyMetres.map { "&accuracy=\($0)" } ?? "")
    }

    /// The API's time format (ISO-8601) for what the simulator sends and writes.
    static var isoEncoder: JSONEncoder {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { d, enc in
            var c = enc.singleValueContainer()
            try c.encode(ISOTime.format(d))
        }
        e.outputFormatting = [.sortedKeys]
        return e
    }

    func writeTruth(_ records: [TruthRecord], subjectId: String) {
        guard let truth, !records.isEmpty else { return }
        let e = Self.isoEncoder
        for var r in records {
            r.subjectId = subjectId
            if let line = try? e.encode(r) { truth.write(line + Data("\n".utf8)) }
        }
    }

    func run() async throws {
        if let p = o.truthPath {
            FileManager.default.createFile(atPath: p, contents: nil)
            truth = FileHandle(forWritingAtPath: p)
        }
        let fitted = try await setUp()
        if o.historyMonths > 0 {
            // The past is made alongside the replay, not before it, so the live caseload's first alerts are not held up.
            let months = o.historyMonths, before = o.start
            Task {
                do { _ = try await self.createHistory(months: months, before: before) } catch { self.say("simulate: past orders stopped: \(error)") }
            }
        }
        let realStart = Date()
        let end = o.start.addingTimeInterval(o.days * 86_400)
        var feeds = fitted.map { Feed(fitted: $0, nextDay: Behaviour.localMidnight(onOrBefore: o.start)) }
        var lastReport = Date()
        while true {
            let now = Date()
            let tau = min(now, o.start.addingTimeInterval(now.timeIntervalSince(realStart) * o.speed), end)
            // Batches due by simulated time `tau`, per device.
            var batches: [(Fitted, [DeviceUpload.Message])] = []
            var phoneReports: [String] = []
            for i in feeds.indices {
                var f = feeds[i]
                var items: [DeviceUpload.Message] = []
                while true {
                    if f.head >= f.queue.count {
                        guard f.nextDay <= tau else { break }
                        let (msgs, t) = Behaviour.day(f.fitted.wearer, day: f.nextDay, dayIndex: f.dayIndex, seed: o.seed, state: &f.state)
                        writeTruth(t.filter { $0.end >= o.start && $0.start <= end }, subjectId: f.fitted.subjectId)
                        f.queue = msgs.filter { $0.time >= o.start.addingTimeInterval(-60) }
                        f.head = 0
                        if f.fitted.victimKey != nil {
                            f.phone = Behaviour.victimDay(f.fitted.wearer, day: f.nextDay, dayIndex: f.dayIndex, seed: o.seed)
                                .filter { $0.time >= o.start.addingTimeInterval(-60) }
                            f.phoneHead = 0
                        }
                        f.dayIndex += 1
                        f.nextDay = Behaviour.localMidnight(onOrBefore: f.nextDay.addingTimeInterval(30 * 3600))
                        continue
                    }
                    let m = f.queue[f.head]
                    guard m.sendTime <= tau, m.time <= now else { break }
                    f.seq += 1
                    items.append(DeviceUpload.Message(seq: f.seq, time: m.time, payload: m.payload))
                    f.head += 1
                    if items.count >= 500 { break }
                }
                if let key = f.fitted.victimKey {
                    while f.phoneHead < f.phone.count, f.phone[f.phoneHead].sendTime <= tau, f.phone[f.phoneHead].time <= now {
                        if let q = Self.osmandQuery(f.phone[f.phoneHead], key: key) { phoneReports.append(q) }
                        f.phoneHead += 1
                    }
                }
                feeds[i] = f
                if !items.isEmpty { batches.append((f.fitted, items)) }
            }
            // Phones first: a wearer's fix is judged against the victim's position at that time.
            try await sendPhoneReports(phoneReports)
            try await send(batches)
            if now.timeIntervalSince(lastReport) >= 10 {
                say("simulate: simulated time \(ISOTime.format(tau)), \(sent) messages sent")
                lastReport = now
            }
            if tau >= end { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        try? truth?.close()
        say("simulate: done, \(sent) messages sent")
    }

    func sendPhoneReports(_ queries: [String]) async throws {
        guard !queries.isEmpty else { return }
        try await withThrowingTaskGroup(of: Void.self) { g in
            var next = 0
            func add() {
                let q = queries[next]
                next += 1
                g.addTask { _ = try await self.request(.POST, q, nil, token: nil) }
            }
            for _ in 0..<min(o.concurrency, queries.count) { add() }
            while try await g.next() != nil {
                if next < queries.count { add() }
            }
        }
        sent += queries.count
    }

    func send(_ batches: [(Fitted, [DeviceUpload.Message])]) async throws {
        guard !batches.isEmpty else { return }
        var total = 0
        try await withThrowingTaskGroup(of: Int.self) { g in
            var next = 0
            func add() {
                let (f, items) = batches[next]
                next += 1
                g.addTask {
                    let body = try DeviceUpload(deviceId: f.deviceId, messages: items).body()
                    let data = try await self.request(.POST, "/api/v1/telemetry", body, token: f.key)
                    let r = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
                    if let rejected = r["rejected"] as? [Any], !rejected.isEmpty {
                        let text = String(describing: rejected).prefix(200)
                        await self.say("simulate: \(rejected.count) messages rejected: \(text)")
                    }
                    return items.count
                }
            }
            for _ in 0..<min(o.concurrency, batches.count) { add() }
            while let n = try await g.next() {
                total += n
                if next < batches.count { add() }
            }
        }
        sent += total
    }
}
