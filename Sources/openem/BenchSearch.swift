import ArgumentParser
import Foundation
import Geo
import OpenEMCore
import OpenEMPostgres
import OpenEMServer
import OpenEMSimulator

/// `openem bench search`: simulated wearers' fixes (one a minute) in an embedded store, then 100 m x 1 hour
/// searches at places and times where wearers really were, and a batch of 100 crimes matched.
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
    @Option(help: "A PostgreSQL server (postgres:// URL of a database to connect to): load and search a fresh database there instead.")
    var postgres: String?

    func run() async throws {
        let scratch = try BenchScratch(keeping: keep)
        defer { if keep == nil { scratch.remove() } }
        var scratchPostgres: (store: PostgresStore, drop: @Sendable () async -> Void)?
        if let postgres { scratchPostgres = try await PostgresStore.openScratch(on: postgres, prefix: "openem_bench") }
        let store: any OpenEMStore = scratchPostgres?.store ?? scratch.store
        defer { if let drop = scratchPostgres?.drop { Task { await drop() } } }
        let clock = ContinuousClock()
        let start = ISODay.parse("2026-11-02")!
        var probes: [(Coordinate, Date)] = []
        var rng = SimRandom(seed: seed)
        var total = 0
        let stored = try await store.latestTelemetryOffset()
        if stored > 0 {
            print("bench search: reusing \(stored) fixes in \(scratch.dir.path)")
            while probes.count < searches * 2 {
                guard let m = try await store.telemetry(afterOffset: Int64.random(in: 0..<stored, using: &rng), limit: 1).first,
                      case .position(let f) = m.message.payload else { continue }
                probes.append((f.coordinate, m.message.time))
            }
            total = Int(stored)
        }
        let caseload = stored > 0 ? [] : CaseloadGenerator.make(wearers: wearers, seed: seed).filter { $0.deviceType == .gpsTag }
        if stored == 0 { print("bench search: loading \(caseload.count) GPS wearers x \(days) days of fixes...") }
        let loadStart = clock.now
        for w in caseload {
            let subject = Subject(firstName: w.firstName, lastName: w.lastName, dateOfBirth: nil, identifiers: .init(crn: w.crn),
                                  forceArea: w.forceArea, probationRegion: w.probationRegion, responsibleOfficer: nil,
                                  addresses: [Address(type: .primary, line1: "-", location: w.home)], createdAt: start)
            try await store.insertSubject(subject)
            let device = Device(serial: "SEARCH-\(w.index)", type: .gpsTag, keyHash: "-", createdAt: start)
            try await store.insertDevice(device)
            let order = Order(subjectId: subject.id, orderType: w.orderType, cohort: w.cohort, startDate: "2026-11-01",
                              endDate: nil, nextReviewDate: nil, conditions: [], createdAt: start, createdBy: "bench")
            try await store.insertOrderVersion(order)
            try await store.insertInstallation(Installation(deviceId: device.id, orderId: order.id, subjectId: subject.id,
                                                            installedAt: start.addingTimeInterval(-86_400)))
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
                    _ = try await store.appendTelemetry(Array(msgs[chunk..<min(chunk + 2_000, msgs.count)]), receivedAt: start)
                }
                total += msgs.count
                if rng.chance(Double(searches * 2) / Double(caseload.count * days)), let m = msgs.randomElement(using: &rng),
                   case .position(let f) = m.payload {
                    probes.append((f.coordinate, m.time))
                }
            }
        }
        let loadSeconds = AccuracyRunSeconds.of(clock.now - loadStart)
        let size = (try? FileManager.default.attributesOfItem(atPath: scratch.dir.appendingPathComponent("bench.sqlite").path)[.size] as? Int) ?? 0
        let wal = (try? FileManager.default.attributesOfItem(atPath: scratch.dir.appendingPathComponent("bench.sqlite-wal").path)[.size] as? Int) ?? 0
        if let pg = store as? PostgresStore {
            let bytes = try await pg.databaseSize()
            print(String(format: "  loaded %d fixes into PostgreSQL in %.1f s; database %.1f MB (%.0f bytes per fix)", total, loadSeconds,
                         Double(bytes) / 1e6, Double(bytes) / Double(max(total, 1))))
        } else {
            print(String(format: "  loaded %d fixes in %.1f s; database %.1f MB (%.0f bytes per fix, WAL included)", total, loadSeconds,
                         Double(size + wal) / 1e6, Double(size + wal) / Double(max(total, 1))))
        }

        let finder = WearerPasses(store: store)
        var times: [Double] = []
        var hits = 0, results = 0
        var phases = WearerPasses.Phases()
        var kinds: [MatchKind: Int] = [:]
        func search(_ place: Coordinate, _ t: Date) async throws -> [WearerPasses.Result] {
            try await finder.find(place: PreparedShape(.circle(Circle(center: place, radiusMetres: 100))),
                                  from: t.addingTimeInterval(-1800), to: t.addingTimeInterval(1800), phases: &phases)
        }
        // First a pass at other places and times, as a server that has been answering searches would have run: its
        // figures are the cold ones, with the search tables partly still on disk.
        var cold: [Double] = []
        for (place, t) in probes.dropFirst(searches).prefix(searches) {
            let began = clock.now
            _ = try await search(place, t)
            cold.append(AccuracyRunSeconds.of(clock.now - began) * 1000)
        }
        cold.sort()
        if !cold.isEmpty {
            print(String(format: "  first %d searches (at other places and times, to warm up): p50 %.1f ms, p99 %.1f ms", cold.count,
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
        print(String(format: "  where a search's time goes (means): store read (space-time index, installations, fixes) %.1f ms, "
                     + "matching %.1f ms, subjects %.1f ms; %.0f candidate devices and %.1f results per search", mean(phases.store),
                     mean(phases.match), mean(phases.subjects), Double(phases.candidates) / n, Double(results) / n))
        print("  results by kind: " + [MatchKind.fix, .path, .possible].map { "\($0.rawValue) \(kinds[$0] ?? 0)" }.joined(separator: ", "))
        times.sort()
        func pct(_ q: Double) -> Double { times.isEmpty ? .nan : times[min(times.count - 1, Int(Double(times.count) * q))] }
        print(String(format: "  100 m x 1 h search: p50 %.1f ms, p99 %.1f ms over %d searches (%d found someone)", pct(0.5), pct(0.99),
                     times.count, hits))

        let batchStart = clock.now
        var matched = 0
        for (place, t) in probes.prefix(100) {
            let found = try await finder.find(place: PreparedShape(.circle(Circle(center: place, radiusMetres: 100))),
                                              from: t.addingTimeInterval(-3 * 3600), to: t.addingTimeInterval(3 * 3600))
            matched += found.count
        }
        print(String(format: "  crime batch of %d crimes (6-hour windows): %.0f ms in all, %d matches",
                     min(100, probes.count), AccuracyRunSeconds.of(clock.now - batchStart) * 1000, matched))
    }
}

enum AccuracyRunSeconds {
    static func of(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
}
