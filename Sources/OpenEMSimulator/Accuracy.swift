import Foundation
import Geo
import OpenEMCore

/// Runs a simulated period through the pure rule engine and compares what it decided with the ground truth:
/// recall, precision and detection delay per violation type, and false alerts per 1,000 wearer-days.
public enum AccuracyRun {
    public struct TypeFigures: Sendable {
        public var type: ViolationType
        /// Truth violations lasting at least two minutes, and how many of them were detected.
        public var truth = 0
        public var found = 0
        /// Shorter truth violations (reported, not held to the recall target).
        public var shortTruth = 0
        /// Truth violations while the tag was flat: nothing can see them (the flat battery is reported instead).
        public var unobservable = 0
        public var detected = 0
        public var correct = 0
        public var delays: [TimeInterval] = []

        public var recall: Double { truth == 0 ? 1 : Double(found) / Double(truth) }
        public var precision: Double { detected == 0 ? 1 : Double(correct) / Double(detected) }
        public func delay(_ q: Double) -> TimeInterval? {
            guard !delays.isEmpty else { return nil }
            let s = delays.sorted()
            return s[min(s.count - 1, Int(Double(s.count) * q))]
        }
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var wearers: Int
        public var days: Int
        public var messages: Int
        public var byType: [TypeFigures]
        public var nearMisses: Int
        public var nearMissesRaised: Int
        public var falseAlerts: Int
        public var seconds: Double
        /// Missed and false episodes, for diagnosis.
        public var misses: [TruthRecord]
        public var falses: [(wearer: Int, episode: Episode)]

        public var wearerDays: Int { wearers * days }
        public var falseAlertsPer1000WearerDays: Double { Double(falseAlerts) * 1000 / Double(max(1, wearerDays)) }
        public var recall: Double {
            let t = byType.reduce(0) { $0 + $1.truth }, f = byType.reduce(0) { $0 + $1.found }
            return t == 0 ? 1 : Double(f) / Double(t)
        }
        public var precision: Double {
            let d = byType.reduce(0) { $0 + $1.detected }, c = byType.reduce(0) { $0 + $1.correct }
            return d == 0 ? 1 : Double(c) / Double(d)
        }

        public var description: String {
            var s = String(
                format: "accuracy: %d wearers x %d days, %d messages through the engine in %.1f s\n",
                wearers, days, messages, seconds)
            s += "  type                       truth(>=2m) found  recall  detected correct precision  delay p50 / p95\n"
            for f in byType where f.truth + f.detected + f.shortTruth > 0 {
                let d50 = f.delay(0.5).map { String(format: "%.0f s", $0) } ?? "-"
                let d95 = f.delay(0.95).map { String(format: "%.0f s", $0) } ?? "-"
                s += "  " + f.type.rawValue.padding(toLength: 26, withPad: " ", startingAt: 0)
                s += String(
                    format: " %6d %6d %6.1f%% %8d %7d %8.1f%%  %@ / %@\n",
                    f.truth, f.found, f.recall * 100, f.detected, f.correct,
                    f.precision * 100, d50 as NSString, d95 as NSString)
            }
            let hidden = byType.reduce(0) { $0 + $1.unobservable }
            if hidden > 0 { s += "  (\(hidden) violations happened while the tag was flat: unobservable, not counted)\n" }
            s += String(
                format: "  overall: recall %.2f%%, precision %.2f%%, false alerts %.2f per 1,000 wearer-days (%d)\n",
                recall * 100, precision * 100, falseAlertsPer1000WearerDays, falseAlerts)
            s += "  near-misses: \(nearMisses) injected, \(nearMissesRaised) raised a violation"
            return s
        }
    }

    /// Tolerances for matching a detected episode to a truth record: detections may start a little before the
    /// truth (a fix's error circle reaches the zone first) and must start before the truth ends plus the time
    /// the rules need to be sure.
    static let earlySlack: TimeInterval = 5 * 60
    static let lateSlack: TimeInterval = 15 * 60

    public static func run(wearers count: Int, days: Int, seed: UInt64, start: Date) -> Report {
        let clock = ContinuousClock()
        let began = clock.now
        let wearers = CaseloadGenerator.make(wearers: count, seed: seed)
        let day0 = Behaviour.localMidnight(onOrBefore: start)
        var compiled: [CompiledWearer] = []
        var states: [WearerState] = []
        var simStates = Array(repeating: SimWearerState(), count: count)
        let period = DateInterval(start: day0, end: day0.addingTimeInterval(Double(days + 1) * 86_400))
        for w in wearers {
            let address = Address(id: "sim-addr-\(w.index)", type: .primary, line1: "-", location: w.home)
            let subject = Subject(
                id: "sim-subject-\(w.index)", firstName: w.firstName, lastName: w.lastName,
                dateOfBirth: w.dateOfBirth, identifiers: .init(crn: w.crn), forceArea: w.forceArea,
                probationRegion: w.probationRegion, responsibleOfficer: nil, addresses: [address],
                createdAt: day0)
            let order = Order(
                id: "sim-order-\(w.index)", subjectId: subject.id, orderType: w.orderType, cohort: w.cohort,
                startDate: "2020-01-01", endDate: nil, nextReviewDate: nil,
                conditions: w.conditions(homeAddressId: address.id, victimDeviceId: "sim-victim-\(w.index)", period: period), createdAt: day0,
                createdBy: "sim")
            let device = InstalledDevice(id: "sim-device-\(w.index)", type: w.deviceType, installedAt: day0)
            let c = CompiledWearer(subject: subject, order: order, devices: [device])
            compiled.append(c)
            states.append(WearerState(for: c, at: day0))
        }
        var truth: [TruthRecord] = []
        // Per wearer: detection time of each episode (first `opened`), and the latest form of each episode.
        var firstSeen: [[EpisodeKey: Date]] = Array(repeating: [:], count: count)
        var episodes: [[EpisodeKey: Episode]] = Array(repeating: [:], count: count)
        var messages = 0
        // Each domestic-abuse victim's phone, a day at a time, before the wearer's day is evaluated against it.
        var victims = Array(repeating: PhoneTrack(), count: count)
        for d in 0..<days {
            let day = Behaviour.localMidnight(onOrBefore: day0.addingTimeInterval(Double(d) * 86_400 + 3 * 3600))
            for i in 0..<count {
                var (msgs, t) = Behaviour.day(wearers[i], day: day, dayIndex: d, seed: seed, state: &simStates[i])
                truth += t
                let phone = Behaviour.victimDay(wearers[i], day: day, dayIndex: d, seed: seed)
                for m in phone {
                    if case .position(let f) = m.payload, let accuracy = f.accuracyMetres {
                        victims[i].fixes.append(PartyFix(time: m.time, coordinate: f.coordinate, accuracyMetres: accuracy))
                    }
                }
                messages += phone.count
                // Event-time order: the evaluator replays backlogs into exactly this order (tested separately).
                msgs.sort { $0.time < $1.time }
                for (k, m) in msgs.enumerated() {
                    let message = TelemetryMessage(
                        deviceId: "sim-device-\(i)", seq: Int64(d * 100_000 + k),
                        time: m.time, payload: m.payload)
                    let changes = RuleEngine.process(message, state: &states[i], wearer: compiled[i], others: victims[i])
                    record(changes, at: m.time, first: &firstSeen[i], episodes: &episodes[i])
                }
                messages += msgs.count
            }
        }
        // Local midnight after the last day (a day with a clock change is 23 or 25 hours long).
        let end = Behaviour.localMidnight(onOrBefore: day0.addingTimeInterval(Double(days) * 86_400 + 3 * 3600))
        for i in 0..<count {
            truth += Behaviour.openTruth(wearers[i], state: simStates[i], end: end)
            let changes = RuleEngine.tick(now: end, state: &states[i], wearer: compiled[i], others: victims[i])
            record(changes, at: end, first: &firstSeen[i], episodes: &episodes[i])
        }
        return compare(
            truth: truth, episodes: episodes, firstSeen: firstSeen, wearers: count, days: days,
            messages: messages, seconds: seconds(clock.now - began), end: end)
    }

    static func record(
        _ changes: [ViolationChange], at t: Date, first: inout [EpisodeKey: Date],
        episodes: inout [EpisodeKey: Episode]
    ) {
        for c in changes {
            if first[c.episode.key] == nil { first[c.episode.key] = t }
            episodes[c.episode.key] = c.episode
        }
    }

    static func compare(
        truth: [TruthRecord], episodes: [[EpisodeKey: Episode]], firstSeen: [[EpisodeKey: Date]],
        wearers: Int, days: Int, messages: Int, seconds: Double, end: Date
    ) -> Report {
        var figures: [ViolationType: TypeFigures] = [:]
        func f(_ t: ViolationType) -> TypeFigures { figures[t] ?? TypeFigures(type: t) }
        let violations = truth.filter { $0.kind == .violation }
        var byWearer: [Int: [TruthRecord]] = [:]
        for t in violations { byWearer[t.wearer, default: []].append(t) }
        var misses: [TruthRecord] = []
        var falses: [(Int, Episode)] = []

        func overlaps(_ e: Episode, _ t: TruthRecord) -> Bool {
            guard e.type == t.type else { return false }
            if let c = t.conditionId, let ec = e.key.conditionId, c != ec { return false }
            let eEnd = e.end ?? end
            return e.start <= t.end.addingTimeInterval(lateSlack) && eEnd >= t.start.addingTimeInterval(-earlySlack)
        }

        for (w, list) in episodes.enumerated() {
            let live = list.values.filter { $0.status != .withdrawn }
            for t in byWearer[w] ?? [] {
                var fig = f(t.type)
                if !t.observable {
                    fig.unobservable += 1
                } else if t.durationSeconds >= 120 || t.type == .tamper {
                    fig.truth += 1
                    if let e = live.filter({ overlaps($0, t) }).min(by: { $0.start < $1.start }) {
                        fig.found += 1
                        if let seen = firstSeen[w][e.key] { fig.delays.append(max(0, seen.timeIntervalSince(t.start))) }
                    } else {
                        misses.append(t)
                    }
                } else {
                    fig.shortTruth += 1
                }
                figures[t.type] = fig
            }
            // Each truth record justifies one episode: a second episode for the same event (a flapping rule) is a
            // false alert just like one with no event behind it.
            var claimed = Set<Int>()
            let truths = byWearer[w] ?? []
            for e in live.sorted(by: { $0.start < $1.start }) {
                var fig = f(e.type)
                fig.detected += 1
                let matching = truths.indices.filter { overlaps(e, truths[$0]) }
                if let first = matching.first(where: { !claimed.contains($0) }) {
                    fig.correct += 1
                    claimed.formUnion(matching.filter { $0 == first || truths[$0].start >= e.start })
                } else {
                    falses.append((w, e))
                }
                figures[e.type] = fig
            }
        }
        let nearMisses = truth.filter { $0.kind == .nearMiss }
        let raised = nearMisses.filter { n in
            episodes[n.wearer].values.contains { e in
                e.status != .withdrawn && e.type == n.type
                    && e.start <= n.end.addingTimeInterval(5 * 60) && (e.end ?? end) >= n.start
                    && !(byWearer[n.wearer] ?? []).contains(where: { overlaps(e, $0) })
            }
        }.count
        let order = ViolationType.allCases
        let list = figures.values.sorted { order.firstIndex(of: $0.type)! < order.firstIndex(of: $1.type)! }
        return Report(
            wearers: wearers, days: days, messages: messages, byType: list, nearMisses: nearMisses.count,
            nearMissesRaised: raised, falseAlerts: falses.count, seconds: seconds, misses: misses,
            falses: falses.map { (wearer: $0.0, episode: $0.1) })
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
}

/// One victim's phone fixes in time order: the "other party" the proximity rule compares a wearer against.
struct PhoneTrack: OtherPartyPositions {
    var fixes: [PartyFix] = []

    func latestFix(of party: OtherParty, atOrBefore time: Date) -> PartyFix? {
        var lo = 0, hi = fixes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if fixes[mid].time <= time { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 ? fixes[lo - 1] : nil
    }
}
