import ArgumentParser
import Foundation
import Geo
import OpenEMCore
import OpenEMPostgres
import OpenEMServer
import OpenEMSimulator

/// `openem bench search`: simulated wearers' fixes (one a minute) in an embedded store, then 100 m x 1 hour
/// searches at places and times where wearers really were, and a batch of 100 crimes matched. With `--postgres`
/// the same fixes also go into OpenEM on PostgreSQL and into a plain PostGIS table (the baseline), and the same
/// searches run on all three.
struct BenchSearch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Area-and-time search and crime-batch matching latency over a store of simulated fixes.")

    @Option(help: "Simulated wearers (the issue's full size is 10,000).") var wearers: Int = 2_000
    @Option(help: "Simulated days (the issue's full size is 7).") var days: Int = 2
    @Option(help: "Searches to time.") var searches: Int = 200
    @Option(help: "Seed.") var seed: UInt64 = 3
    @Option(help: "Keep the loaded store in this folder, and reuse it when it is already there (for repeated runs).")
    var keep: String?
    @Option(
        help:
            ArgumentHelp(
                "A PostgreSQL server (postgres:// URL of a database to connect to): also load and search OpenEM on a fresh database there, "
                    + "and the PostGIS baseline.")
    )
    var postgres: String?
    @Flag(help: "Keep the PostgreSQL databases (openem_bench_search_kept and its baseline) and reuse them when already loaded.")
    var keepPostgres = false

    func run() async throws {
        let scratch = try BenchScratch(keeping: keep)
        defer { if keep == nil { scratch.remove() } }
        var targets: [(label: String, store: any OpenEMStore)] = [("embedded SQLite", scratch.store)]
        var scratchPostgres: (store: PostgresStore, drop: @Sendable () async -> Void)?
        var baseline: SearchBaseline?
        if let postgres {
            if keepPostgres {
                let store = try await PostgresStore.open(url: try await BenchDatabase.kept("openem_bench_search_kept", on: postgres))
                scratchPostgres = (store, { store.close() })
            } else {
                scratchPostgres = try await PostgresStore.openScratch(on: postgres, prefix: "openem_bench")
            }
            targets.append(("PostgreSQL", scratchPostgres!.store))
            baseline = try await SearchBaseline.open(serverURL: postgres, kept: keepPostgres ? "openem_bench_search_baseline_kept" : nil)
        }
        defer {
            if let drop = scratchPostgres?.drop { Task { await drop() } }
            if let baseline { Task { await baseline.close() } }
        }
        let clock = ContinuousClock()
        let start = ISODay.parse("2026-11-02")!
        var probes: [(Coordinate, Date)] = []
        var rng = SimRandom(seed: seed)
        var total = 0
        // A kept embedded store is reused; the other stores (always fresh) are loaded with the same simulated fixes.
        var loading: [Int] = []
        for (i, t) in targets.enumerated() where try await t.store.latestTelemetryOffset() == 0 { loading.append(i) }
        let loadBaseline = try await baseline?.isEmpty() ?? false
        if loading.isEmpty && !loadBaseline {
            let stored = try await scratch.store.latestTelemetryOffset()
            print("bench search: reusing \(stored) fixes in \(scratch.dir.path)")
            while probes.count < searches * 2 {
                guard let m = try await scratch.store.telemetry(afterOffset: Int64.random(in: 0..<stored, using: &rng), limit: 1).first,
                    case .position(let f) = m.message.payload
                else { continue }
                probes.append((f.coordinate, m.message.time))
            }
            total = Int(stored)
        }
        let caseload =
            loading.isEmpty && !loadBaseline ? [] : CaseloadGenerator.make(wearers: wearers, seed: seed).filter { $0.deviceType == .gpsTag }
        if !caseload.isEmpty {
            print(
                "bench search: loading \(caseload.count) GPS wearers x \(days) days of fixes into "
                    + (loading.map { targets[$0].label } + (loadBaseline ? ["the PostGIS baseline"] : [])).joined(separator: ", ") + "...")
        }
        var loadTime = Array(repeating: Duration.zero, count: targets.count + 1)
        for w in caseload {
            let subject = Subject(
                firstName: w.firstName, lastName: w.lastName, dateOfBirth: nil, identifiers: .init(crn: w.crn),
                forceArea: w.forceArea, probationRegion: w.probationRegion, responsibleOfficer: nil,
                addresses: [Address(type: .primary, line1: "-", location: w.home)], createdAt: start)
            let device = Device(serial: "SEARCH-\(w.index)", type: .gpsTag, keyHash: "-", createdAt: start)
            let order = Order(
                subjectId: subject.id, orderType: w.orderType, cohort: w.cohort, startDate: "2026-11-01",
                endDate: nil, nextReviewDate: nil, conditions: [], createdAt: start, createdBy: "bench")
            for i in loading {
                let store = targets[i].store
                try await store.insertSubject(subject)
                try await store.insertDevice(device)
                try await store.insertOrderVersion(order)
                try await store.insertInstallation(
                    Installation(
                        id: "inst-\(device.id)", deviceId: device.id, orderId: order.id, subjectId: subject.id,
                        installedAt: start.addingTimeInterval(-86_400)))
            }
            var state = SimWearerState()
            var seq: Int64 = 0
            for d in 0..<days {
                let day = Behaviour.localMidnight(onOrBefore: start.addingTimeInterval(Double(d) * 86_400))
                let msgs = Behaviour.day(w, day: day, dayIndex: d, seed: seed, state: &state).messages.compactMap { m -> TelemetryMessage? in
                    guard case .position = m.payload else { return nil }
                    seq += 1
                    return TelemetryMessage(deviceId: device.id, seq: seq, time: m.time, payload: m.payload)
                }
                for chunk in stride(from: 0, to: msgs.count, by: 2_000) {
                    let part = Array(msgs[chunk..<min(chunk + 2_000, msgs.count)])
                    for i in loading {
                        let began = clock.now
                        _ = try await targets[i].store.appendTelemetry(part, receivedAt: start)
                        loadTime[i] += clock.now - began
                    }
                    if let baseline, loadBaseline {
                        let began = clock.now
                        try await baseline.insert(
                            part.compactMap { m in
                                guard case .position(let f) = m.payload, let accuracy = f.accuracyMetres else { return nil }
                                return TriggerBaseline.Fix(
                                    deviceId: m.deviceId, time: m.time, lat: f.coordinate.lat, lon: f.coordinate.lon,
                                    accuracy: accuracy)
                            })
                        loadTime[targets.count] += clock.now - began
                    }
                }
                total += msgs.count
                if rng.chance(Double(searches * 2) / Double(caseload.count * days)), let m = msgs.randomElement(using: &rng),
                    case .position(let f) = m.payload
                {
                    probes.append((f.coordinate, m.time))
                }
            }
        }
        for i in loading {
            let seconds = AccuracyRunSeconds.of(loadTime[i])
            if let pg = targets[i].store as? PostgresStore {
                let bytes = try await BenchDatabase.size(pg.client)
                print(
                    String(
                        format: "  PostgreSQL: loaded %d fixes in %.1f s (%.0f/s); database %.1f MB (%.0f bytes per fix)", total, seconds,
                        Double(total) / seconds, Double(bytes) / 1e6, Double(bytes) / Double(max(total, 1))))
            } else {
                let size =
                    (try? FileManager.default.attributesOfItem(atPath: scratch.dir.appendingPathComponent("bench.sqlite").path)[.size] as? Int) ?? 0
                let wal =
                    (try? FileManager.default.attributesOfItem(atPath: scratch.dir.appendingPathComponent("bench.sqlite-wal").path)[.size] as? Int)
                    ?? 0
                print(
                    String(
                        format: "  embedded SQLite: loaded %d fixes in %.1f s (%.0f/s); database %.1f MB (%.0f bytes per fix, WAL included)", total,
                        seconds, Double(total) / seconds, Double(size + wal) / 1e6, Double(size + wal) / Double(max(total, 1))))
            }
        }
        if let baseline, loadBaseline {
            let seconds = AccuracyRunSeconds.of(loadTime[targets.count])
            try await baseline.analyze()
            let bytes = try await baseline.databaseSize()
            print(
                String(
                    format: "  PostGIS baseline: loaded %d fixes in %.1f s (%.0f/s); database %.1f MB (%.0f bytes per fix)", total, seconds,
                    Double(total) / seconds, Double(bytes) / 1e6, Double(bytes) / Double(max(total, 1))))
        }

        var p50s: [(String, Double)] = []
        for t in targets {
            p50s.append((t.label, try await measure(t.label, t.store, probes: probes)))
        }
        if let baseline {
            p50s.append(("the PostGIS baseline", try await measureBaseline(baseline, probes: probes)))
            let line = p50s.map { String(format: "%@ %.1f ms", $0.0, $0.1) }.joined(separator: ", ")
            print("search p50 side by side: " + line)
            print(
                String(
                    format: "  ratios: the baseline takes %.2fx OpenEM on PostgreSQL's time and %.2fx OpenEM on SQLite's (it finds fixes inside "
                        + "the circle only: no paths, gaps or wearers)", p50s[2].1 / p50s[1].1, p50s[2].1 / p50s[0].1))
        }
    }

    /// Times the searches on one store: a first pass at other places and times (as a server that has been answering
    /// searches would have run), then the measured pass, where the time goes, and a batch of 100 crimes. Returns p50.
    func measure(_ label: String, _ store: any OpenEMStore, probes: [(Coordinate, Date)]) async throws -> Double {
        let clock = ContinuousClock()
        print("\(label):")
        let finder = WearerPasses(store: store)
        var times: [Double] = []
        var hits = 0, results = 0
        var phases = WearerPasses.Phases()
        var kinds: [MatchKind: Int] = [:]
        func search(_ place: Coordinate, _ t: Date) async throws -> [WearerPasses.Result] {
            try await finder.find(
                place: PreparedShape(.circle(Circle(center: place, radiusMetres: 100))),
                from: t.addingTimeInterval(-1800), to: t.addingTimeInterval(1800), phases: &phases)
        }
        var cold: [Double] = []
        for (place, t) in probes.dropFirst(searches).prefix(searches) {
            let began = clock.now
            _ = try await search(place, t)
            cold.append(AccuracyRunSeconds.of(clock.now - began) * 1000)
        }
        cold.sort()
        if !cold.isEmpty {
            print(
                String(
                    format: "  first %d searches (at other places and times, to warm up): p50 %.1f ms, p99 %.1f ms", cold.count,
                    cold[cold.count / 2], cold[min(cold.count - 1, Int(Double(cold.count) * 0.99))]))
        }
        phases = WearerPasses.Phases()
        for (place, t) in probes.prefix(searches) {
            let began = clock.now
            let found = try await search(place, t)
            times.append(AccuracyRunSeconds.of(clock.now - began) * 1000)
            hits += found.isEmpty ? 0 : 1
            results += found.count
            for f in found { kinds[f.match.kind, default: 0] += 1 }
        }
        let n = Double(max(1, times.count))
        func mean(_ d: Duration) -> Double { AccuracyRunSeconds.of(d) * 1000 / n }
        print(
            String(
                format: "  where a search's time goes (means): store read (space-time index, installations, fixes) %.1f ms, "
                    + "matching %.1f ms, subjects %.1f ms; %.0f candidate devices and %.1f results per search", mean(phases.store),
                mean(phases.match), mean(phases.subjects), Double(phases.candidates) / n, Double(results) / n))
        print("  results by kind: " + [MatchKind.fix, .path, .possible].map { "\($0.rawValue) \(kinds[$0] ?? 0)" }.joined(separator: ", "))
        times.sort()
        func pct(_ q: Double) -> Double { times.isEmpty ? .nan : times[min(times.count - 1, Int(Double(times.count) * q))] }
        print(
            String(
                format: "  100 m x 1 h search: p50 %.1f ms, p99 %.1f ms over %d searches (%d found someone)", pct(0.5), pct(0.99),
                times.count, hits))

        let batchStart = clock.now
        var matched = 0
        for (place, t) in probes.prefix(100) {
            let found = try await finder.find(
                place: PreparedShape(.circle(Circle(center: place, radiusMetres: 100))),
                from: t.addingTimeInterval(-3 * 3600), to: t.addingTimeInterval(3 * 3600))
            matched += found.count
        }
        print(
            String(
                format: "  crime batch of %d crimes (6-hour windows): %.0f ms in all, %d matches",
                min(100, probes.count), AccuracyRunSeconds.of(clock.now - batchStart) * 1000, matched))
        return pct(0.5)
    }

    /// The same searches on the PostGIS baseline. Returns p50.
    func measureBaseline(_ baseline: SearchBaseline, probes: [(Coordinate, Date)]) async throws -> Double {
        let clock = ContinuousClock()
        print("the PostGIS baseline (one ST_DWithin query over a fixes table):")
        func run(_ list: ArraySlice<(Coordinate, Date)>) async throws -> (times: [Double], fixes: Int, devices: Int) {
            var times: [Double] = [], fixes = 0, devices = 0
            for (place, t) in list {
                let began = clock.now
                let found = try await baseline.search(
                    lat: place.lat, lon: place.lon, radiusMetres: 100,
                    from: t.addingTimeInterval(-1800), to: t.addingTimeInterval(1800))
                times.append(AccuracyRunSeconds.of(clock.now - began) * 1000)
                fixes += found.fixes
                devices += found.devices
            }
            return (times.sorted(), fixes, devices)
        }
        func pct(_ times: [Double], _ q: Double) -> Double { times.isEmpty ? .nan : times[min(times.count - 1, Int(Double(times.count) * q))] }
        let cold = try await run(probes.dropFirst(searches).prefix(searches))
        if !cold.times.isEmpty {
            print(
                String(
                    format: "  first %d searches (to warm up): p50 %.1f ms, p99 %.1f ms", cold.times.count, pct(cold.times, 0.5),
                    pct(cold.times, 0.99)))
        }
        let warm = try await run(probes.prefix(searches))
        let n = Double(max(1, warm.times.count))
        print(
            String(
                format: "  100 m x 1 h search: p50 %.1f ms, p99 %.1f ms over %d searches; %.1f fixes of %.1f devices found per search",
                pct(warm.times, 0.5), pct(warm.times, 0.99), warm.times.count, Double(warm.fixes) / n, Double(warm.devices) / n))
        return pct(warm.times, 0.5)
    }
}

enum AccuracyRunSeconds {
    static func of(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
}
