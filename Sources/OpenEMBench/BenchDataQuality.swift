import ArgumentParser
import Foundation
import Geo
import OpenEMCore
import OpenEMPostgres
import OpenEMSimulator

/// `openem bench data-quality`: a national caseload (by default the 25,000 wearers of England and Wales) with
/// defects planted at known rates, in the embedded store and, with `--postgres`, on PostgreSQL; then the time to
/// read the store and evaluate every data-quality rule, side by side.
struct BenchDataQuality: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data-quality", abstract: "Time to evaluate every data-quality rule over a national caseload.")

    @Option(help: "Wearers (England and Wales supervise about 25,000 at a time).") var wearers: Int = 25_000
    @Option(help: "Timed evaluations per store (the median is reported).") var runs: Int = 5
    @Option(help: "Seed.") var seed: UInt64 = 19
    @Option(help: "A PostgreSQL server (postgres:// URL of a database to connect to): also load and time a fresh database there.")
    var postgres: String?

    func run() async throws {
        let scratch = try BenchScratch()
        defer { scratch.remove() }
        var targets: [(label: String, store: any OpenEMStore)] = [("embedded SQLite", scratch.store)]
        var scratchPostgres: (store: PostgresStore, drop: @Sendable () async -> Void)?
        if let postgres {
            scratchPostgres = try await PostgresStore.openScratch(on: postgres, prefix: "openem_bench")
            targets.append(("PostgreSQL", scratchPostgres!.store))
        }
        defer { if let drop = scratchPostgres?.drop { Task { await drop() } } }
        let now = ISOTime.parse("2026-12-01T12:00:00Z")!
        let plan = QualityBenchCaseload(wearers: wearers, seed: seed, now: now)
        let clock = ContinuousClock()
        var medians: [(String, Double)] = []
        for t in targets {
            let began = clock.now
            try await plan.load(into: t.store)
            print(String(format: "\(t.label): loaded %d wearers in %.0f s", wearers, AccuracyRunSeconds.of(clock.now - began)))
            var reads: [Double] = [], evaluations: [Double] = [], totals: [Double] = []
            var results: [DataQuality.RuleResult] = []
            for _ in 0..<max(1, runs) {
                let start = clock.now
                let snapshot = try await t.store.dataQualitySnapshot()
                let read = clock.now
                results = DataQuality.evaluate(snapshot, now: now)
                let done = clock.now
                reads.append(AccuracyRunSeconds.of(read - start))
                evaluations.append(AccuracyRunSeconds.of(done - read))
                totals.append(AccuracyRunSeconds.of(done - start))
            }
            for r in results {
                print(
                    String(
                        format: "  %-37@ %@ checked %6d failing %5d (planted %d)", r.rule.id, r.rule.dimension.rawValue.prefix(5).description,
                        r.outcome.checked, r.outcome.failing.count, plan.planted[r.rule.id] ?? 0))
            }
            let m = (median(reads), median(evaluations), median(totals))
            print(
                String(
                    format: "\(t.label): read the store %.3f s + evaluate %d rules %.3f s = %.3f s (median of %d)", m.0, results.count, m.1, m.2,
                    runs))
            medians.append((t.label, m.2))
        }
        print(
            "data-quality evaluation side by side (\(wearers) wearers, target under 2 s): "
                + medians.map { String(format: "%@ %.2f s", $0.0, $0.1) }.joined(separator: ", "))
    }

    func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }
}

/// The simulated national caseload with defects planted at known rates, and how many of each were planted (some
/// simulated records fail a rule by chance as well, such as two wearers who share a birthday and a similar name).
struct QualityBenchCaseload {
    let wearers: [SimWearer]
    let now: Date
    var planted: [String: Int] = [:]

    init(wearers n: Int, seed: UInt64, now: Date) {
        wearers = CaseloadGenerator.make(wearers: n, seed: seed)
        self.now = now
        for i in wearers.indices {
            for d in Self.defects(i) { planted[d, default: 0] += 1 }
        }
    }

    /// The rules wearer `i`'s records are planted to fail.
    static func defects(_ i: Int) -> [String] {
        var d: [String] = []
        if i % 50 == 1 { d.append("ACTIVE_ORDER_WITHOUT_OFFICER") }
        if i % 40 == 2 { d.append("SUBJECT_WITHOUT_CRN") }
        if i % 100 == 3 { d.append("POSTCODE_NOT_UK") }
        if i % 200 == 4 { d.append("ADDRESS_OUTSIDE_ENGLAND_AND_WALES") }
        if i % 300 == 5 { d.append("DATE_OF_BIRTH_IMPLAUSIBLE") }
        if i % 25 == 7 { d.append("FITTED_OVER_24_HOURS_AFTER_ORDER") }
        if i % 60 == 8 { d.append("FITTED_DEVICE_SILENT_24_HOURS") }
        if i % 500 == 9 { d += ["DEVICE_READING_OUT_OF_RANGE"] }
        if i % 30 == 10 { d.append("ALERT_OPEN_PAST_DEADLINE") }
        if i % 1_000 == 11 || i % 1_000 == 12 { d.append("DUPLICATE_PNC") }  // 12 is given 11's PNC
        return d
    }

    func load(into store: any OpenEMStore) async throws {
        let decided = now.addingTimeInterval(-30 * 86_400)
        var battery: [TelemetryMessage] = []
        var violations: [Violation] = [], alerts: [Alert] = []
        // Wearers go in several at a time (as many order managers would enter them).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, w) in wearers.enumerated() {
                if i >= 8 { try await group.next() }
                let defects = Set(Self.defects(i))
                let home = defects.contains("ADDRESS_OUTSIDE_ENGLAND_AND_WALES") ? Coordinate(lat: 55.953, lon: -3.188) : w.home
                let address = Address(
                    type: .primary, line1: "\(i + 1) Bench Street",
                    postcode: defects.contains("POSTCODE_NOT_UK") ? "ZZ99 ABC" : w.postcode, location: home)
                let subject = Subject(
                    id: "dq-subject-\(i)", firstName: w.firstName, lastName: w.lastName,
                    dateOfBirth: defects.contains("DATE_OF_BIRTH_IMPLAUSIBLE") ? "1901-01-01" : w.dateOfBirth,
                    identifiers: SubjectIdentifiers(
                        crn: defects.contains("SUBJECT_WITHOUT_CRN") ? nil : w.crn,
                        pnc: String(format: "2019/%07dA", i % 1_000 == 12 ? i - 1 : i)),
                    forceArea: w.forceArea, probationRegion: w.probationRegion,
                    responsibleOfficer: defects.contains("ACTIVE_ORDER_WITHOUT_OFFICER") ? nil : "officer-\(i % 900)",
                    addresses: [address], createdAt: decided)
                let device = Device(id: "dq-device-\(i)", serial: "DQ-\(i)", type: w.deviceType, keyHash: "-", createdAt: decided)
                let order = Order(
                    id: "dq-order-\(i)", subjectId: subject.id, orderType: w.orderType, cohort: w.cohort, startDate: "2026-11-01",
                    endDate: "2027-10-31", nextReviewDate: "2027-02-01",
                    conditions: [Condition(rule: .curfew(CurfewCondition(addressId: address.id, timetable: [])))],
                    createdAt: decided, createdBy: "bench")
                let fitted = decided.addingTimeInterval(defects.contains("FITTED_OVER_24_HOURS_AFTER_ORDER") ? 3 * 86_400 : 3_600)
                group.addTask {
                    try await store.insertSubject(subject)
                    try await store.insertDevice(device)
                    try await store.insertOrderVersion(order)
                    try await store.insertInstallation(
                        Installation(id: "dq-inst-\(i)", deviceId: device.id, orderId: order.id, subjectId: subject.id, installedAt: fitted))
                }
                if !defects.contains("FITTED_DEVICE_SILENT_24_HOURS") {
                    let odd = defects.contains("DEVICE_READING_OUT_OF_RANGE")
                    battery.append(
                        TelemetryMessage(
                            deviceId: device.id, seq: 1, time: now.addingTimeInterval(-600),
                            payload: odd
                                ? .alcohol(AlcoholReading(tac: 0.8, irVoltage: 1.2, temperatureC: 33)) : .battery(levelPercent: 80, charging: false))
                    )
                }
                if i % 10 == 0 {
                    let v = Violation(
                        id: "dq-violation-\(i)", subjectId: subject.id, orderId: order.id, conditionId: nil, deviceId: device.id,
                        type: .curfewAbsence, status: .confirmed, start: now.addingTimeInterval(-7_200), end: nil, late: false,
                        evidence: ViolationEvidence(summary: "bench"), createdAt: now, updatedAt: now)
                    violations.append(v)
                    let overdue = defects.contains("ALERT_OPEN_PAST_DEADLINE")
                    alerts.append(
                        Alert(
                            id: "dq-alert-\(i)", violationId: v.id, subjectId: subject.id, violationType: v.type, severity: .high,
                            status: overdue ? .open : .acknowledged, raisedAt: now.addingTimeInterval(-7_000),
                            ackDueAt: now.addingTimeInterval(overdue ? -3_600 : 3_600), forceArea: subject.forceArea,
                            probationRegion: subject.probationRegion, responsibleOfficer: subject.responsibleOfficer, late: false,
                            violationStatus: v.status, history: [], updatedAt: now))
                }
            }
            try await group.waitForAll()
        }
        for part in stride(from: 0, to: battery.count, by: 1_000) {
            _ = try await store.appendTelemetry(Array(battery[part..<min(part + 1_000, battery.count)]), receivedAt: now.addingTimeInterval(-600))
        }
        for part in stride(from: 0, to: violations.count, by: 1_000) {
            let end = min(part + 1_000, violations.count)
            try await store.commitEvaluation(
                EvaluationCommit(
                    partition: 0, cursor: 0, violations: Array(violations[part..<end]), alerts: Array(alerts[part..<end]), createdAt: now))
        }
    }
}
