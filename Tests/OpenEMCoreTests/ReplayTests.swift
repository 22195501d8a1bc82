import Foundation
import Geo
import Testing

@testable import OpenEMCore

@Suite("Late data and replay")
struct ReplayTests {
    let wearer = TestWearer(conditions: [
        curfew(),
        Condition(
            id: "zone-1",
            rule: .zone(
                ZoneCondition(
                    kind: .exclusion, name: "Shopping centre",
                    geometry: squareZone(westEdgeEast: 1000, size: 400)))),
    ])

    /// A day: out from noon, into the exclusion zone 14:00-14:30, not home at the 19:00 curfew until 19:20.
    func position(at t: Date) -> Coordinate {
        let hm = Int(t.timeIntervalSince1970) % 86_400 / 60
        switch hm {
        case 14 * 60..<(14 * 60 + 30): return offset(home, east: 1200, north: 0)
        case 12 * 60..<(19 * 60 + 20): return offset(home, east: 600, north: -800)
        default: return home
        }
    }

    func messages(from: Date, to: Date) -> [TelemetryMessage] {
        minutes(from: from, to: to).map { t in
            TelemetryMessage(
                deviceId: TestWearer.gps, seq: Int64(t.timeIntervalSince1970), time: t,
                payload: .position(PositionFix(coordinate: position(at: t), accuracyMetres: 12)))
        }
    }

    @Test("a 6-hour backlog uploaded late gives the same episodes as live data would, marked late")
    func sixHourBacklog() {
        let compiled = wearer.compiled
        let dayStart = utc("2026-02-02T12:00:00Z")
        let backlogFrom = utc("2026-02-02T13:00:00Z")
        let reconnect = utc("2026-02-02T19:30:00Z")
        let dayEnd = utc("2026-02-02T21:00:00Z")
        let none = NoOtherParties()

        // Live: every fix arrives on time, a tick each minute.
        var live = EpisodeStore()
        var liveState = WearerState(for: compiled, at: dayStart)
        for m in messages(from: dayStart, to: dayEnd) {
            live.apply(RuleEngine.process(m, state: &liveState, wearer: compiled, others: none))
            live.apply(RuleEngine.tick(now: m.time.addingTimeInterval(30), state: &liveState, wearer: compiled, others: none))
        }
        #expect(live.active.map(\.type) == [.exclusionZoneEntry, .curfewAbsence])

        // Late: the tag is out of coverage from 13:00 and uploads its six-hour backlog at 19:30.
        var store = EpisodeStore()
        var state = WearerState(for: compiled, at: dayStart)
        var checkpoint: WearerState?
        for m in messages(from: dayStart, to: backlogFrom) {
            store.apply(RuleEngine.process(m, state: &state, wearer: compiled, others: none))
            store.apply(RuleEngine.tick(now: m.time.addingTimeInterval(30), state: &state, wearer: compiled, others: none))
            checkpoint = state  // the evaluator checkpoints every N minutes of event time
        }
        for t in minutes(from: backlogFrom, to: reconnect) {
            store.apply(RuleEngine.tick(now: t, state: &state, wearer: compiled, others: none))
        }
        #expect(store.active.map(\.type) == [.noCommunication])  // what the monitoring centre saw live

        let backlog = messages(from: backlogFrom, to: reconnect)
        #expect(RuleEngine.isBacklog(backlog[0], state: state, config: compiled.config))
        let replay = Replay.run(from: checkpoint!, messages: backlog, until: state.clock, wearer: compiled, others: none)
        let inScope = store.rows.values.map(\.episode).filter { Reconcile.isInScope($0, checkpoint: checkpoint!) }
        let late = Reconcile.changes(stored: inScope, replayed: replay.episodes)
        #expect(late.allSatisfy { $0.late })
        #expect(late.contains { $0.kind == .withdrawn && $0.episode.type == .noCommunication })
        store.apply(late)
        state = replay.state

        for m in messages(from: reconnect, to: dayEnd) {
            store.apply(RuleEngine.process(m, state: &state, wearer: compiled, others: none))
            store.apply(RuleEngine.tick(now: m.time.addingTimeInterval(30), state: &state, wearer: compiled, others: none))
        }

        func shape(_ e: Episode) -> String { "\(e.key) \(e.status) \(e.end.map { "\($0)" } ?? "open")" }
        #expect(store.active.map(shape) == live.active.map(shape))
        #expect(store.active.allSatisfy { store.rows[$0.key]!.late })
        #expect(live.active.allSatisfy { !live.rows[$0.key]!.late })
    }

    @Test("a checkpoint survives encoding: the decoded state carries on exactly like the original")
    func checkpointRoundTrip() throws {
        let compiled = wearer.compiled
        let t0 = utc("2026-02-02T12:00:00Z")
        var state = WearerState(for: compiled, at: t0)
        let all = messages(from: t0, to: utc("2026-02-02T21:00:00Z"))
        let cut = all.firstIndex { $0.time >= utc("2026-02-02T14:10:00Z") }!  // mid-episode
        for m in all[..<cut] { _ = RuleEngine.process(m, state: &state, wearer: compiled, others: NoOtherParties()) }
        let data = try JSONEncoder().encode(state)
        var restored = try JSONDecoder().decode(WearerState.self, from: data)
        #expect(restored == state)
        var a: [ViolationChange] = [], b: [ViolationChange] = []
        for m in all[cut...] {
            a += RuleEngine.process(m, state: &state, wearer: compiled, others: NoOtherParties())
            b += RuleEngine.process(m, state: &restored, wearer: compiled, others: NoOtherParties())
        }
        #expect(a == b)
        #expect(!a.isEmpty)
        #expect(data.count < 8_000, "checkpoint is \(data.count) bytes")
    }

    @Test("reconcile: shortened, extended, unchanged")
    func reconcileKinds() {
        let k = EpisodeKey(conditionId: "c", deviceId: nil, type: .curfewAbsence, start: utc("2026-02-02T19:00:00Z"))
        let stored = Episode(key: k, status: .confirmed, end: utc("2026-02-02T20:00:00Z"), evidence: .init(summary: "s"))
        var longer = stored
        longer.end = utc("2026-02-02T21:00:00Z")
        var shorter = stored
        shorter.end = utc("2026-02-02T19:30:00Z")
        #expect(Reconcile.changes(stored: [stored], replayed: [longer]).map(\.kind) == [.extended])
        #expect(Reconcile.changes(stored: [stored], replayed: [shorter]).map(\.kind) == [.shortened])
        #expect(Reconcile.changes(stored: [stored], replayed: [stored]).isEmpty)
        #expect(Reconcile.changes(stored: [], replayed: [stored]).map(\.kind) == [.opened])
    }
}
