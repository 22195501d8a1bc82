import Foundation
import Geo

/// The pure rule engine: (state, wearer, message | tick) -> (state, changes). No I/O and no clock; time is
/// the message's event time or the `now` handed to `tick`. Feeding the same messages and ticks to the same
/// state always gives the same changes, which is what makes checkpoints and replay work.
public enum RuleEngine {
    /// Applies one message from one of the wearer's devices, first firing every timer due before it
    /// (so a curfew start check at 19:05 happens before a 19:07 fix is looked at).
    public static func process(
        _ message: TelemetryMessage, state: inout WearerState, wearer: CompiledWearer,
        others: some OtherPartyPositions
    ) -> [ViolationChange] {
        var changes: [ViolationChange] = []
        guard let d = wearer.deviceIndex(message.deviceId) else { return changes }
        let t = message.time
        advance(to: t, state: &state, wearer: wearer, changes: &changes)
        if let w = state.watermark { state.watermark = max(w, t) } else { state.watermark = t }

        DeviceRule.onMessage(message, device: d, state: &state, wearer: wearer, changes: &changes)
        switch message.payload {
        case .position(let p):
            let fix = FixObservation(
                time: t, coordinate: p.coordinate, accuracyMetres: p.accuracyMetres,
                source: p.source, previousFix: state.lastFix?.time,
                trusted: p.accuracyMetres.map { $0 <= wearer.maxTrustedAccuracyMetres && $0.isFinite && $0 >= 0 } ?? false)
            if state.lastFix.map({ $0.time <= t }) ?? true { state.lastFix = fix.evidence(distance: nil) }
            CurfewRule.onFix(fix, state: &state, wearer: wearer, changes: &changes)
            ZoneRule.onFix(fix, state: &state, wearer: wearer, changes: &changes)
            if !wearer.attendances.isEmpty {
                AttendanceRule.onFix(fix, state: &state, wearer: wearer, changes: &changes)
            }
            if !wearer.proximities.isEmpty {
                ProximityRule.onFix(fix, state: &state, wearer: wearer, others: others, changes: &changes)
            }
        case .rf(let inRange):
            CurfewRule.onRF(
                inRange: inRange, device: message.deviceId, at: t, state: &state, wearer: wearer,
                changes: &changes)
        case .alcohol(let reading):
            AlcoholRule.onReading(reading, device: d, at: t, state: &state, wearer: wearer, changes: &changes)
        case .tamper, .battery, .heartbeat, .unlocated:
            break
        }
        return changes
    }

    /// A device's data reached the server at `received` (wall clock). Its event times may be hours older (a
    /// backlog after a coverage gap, uploaded in several requests); the device is communicating now, so no
    /// "no communication" violation is raised between the parts of its upload.
    public static func noteReceipt(deviceId: EntityID, at received: Date, state: inout WearerState, wearer: CompiledWearer) {
        guard let d = wearer.deviceIndex(deviceId) else { return }
        if state.devices[d].lastReceived.map({ $0 < received }) ?? true { state.devices[d].lastReceived = received }
    }

    /// Fires every timer due up to `now`: curfew and attendance start checks, window ends, no communication.
    public static func tick(
        now: Date, state: inout WearerState, wearer: CompiledWearer,
        others: some OtherPartyPositions
    ) -> [ViolationChange] {
        var changes: [ViolationChange] = []
        advance(to: now, state: &state, wearer: wearer, changes: &changes)
        return changes
    }

    /// A message older than messages already applied, or older than timers already fired by more than the
    /// tolerance, must not be applied on top: the evaluator reloads a checkpoint from before it and replays
    /// (see `Replay`).
    public static func isBacklog(_ message: TelemetryMessage, state: WearerState, config: RuleConfig) -> Bool {
        if let w = state.watermark, message.time < w { return true }
        return message.time < state.clock.addingTimeInterval(-config.lateToleranceSeconds)
    }

    /// When the engine next needs a tick, so the evaluator can schedule a wake-up (nil: no timer pending).
    public static func nextTimer(state: WearerState, wearer: CompiledWearer) -> Date? {
        nextDue(state: state, wearer: wearer)
    }

    // MARK: timers

    static func advance(
        to t: Date, state: inout WearerState, wearer: CompiledWearer,
        changes: inout [ViolationChange]
    ) {
        guard t > state.clock else { return }
        guard t >= state.nextDue else {
            state.clock = t
            return
        }
        // Fire timers in time order; each firing moves its own timer on, so this ends. The bound is a guard
        // against a bug turning into a hung evaluator.
        var guardCount = 0
        while guardCount < 100_000, let due = nextDue(state: state, wearer: wearer), due <= t {
            guardCount += 1
            let at = max(due, state.clock)
            DeviceRule.fire(at: at, state: &state, wearer: wearer, changes: &changes)
            CurfewRule.fire(at: at, state: &state, wearer: wearer, changes: &changes)
            ZoneRule.fire(at: at, state: &state, wearer: wearer, changes: &changes)
            AttendanceRule.fire(at: at, state: &state, wearer: wearer, changes: &changes)
            state.clock = at
        }
        state.nextDue = nextDue(state: state, wearer: wearer) ?? .distantFuture
        state.clock = t
        // Closed tamper episodes stay mergeable for the longest merge time in use (IR obstruction merges
        // over an alcohol tag's reading interval).
        let horizon = wearer.noCommunicationLimits.reduce(wearer.config.tamperMergeSeconds, max)
        state.book.prune(before: t.addingTimeInterval(-horizon))
    }

    static func nextDue(state: WearerState, wearer: CompiledWearer) -> Date? {
        var best: Date?
        func consider(_ d: Date?) {
            guard let d else { return }
            if best.map({ d < $0 }) ?? true { best = d }
        }
        for i in state.devices.indices { consider(DeviceRule.due(i, state: state, wearer: wearer)) }
        for i in state.curfews.indices { consider(CurfewRule.due(i, state: state, wearer: wearer)) }
        for i in state.zones.indices { consider(ZoneRule.due(i, state: state, wearer: wearer)) }
        for i in state.attendances.indices { consider(AttendanceRule.due(i, state: state, wearer: wearer)) }
        return best
    }

    /// Whether every device that could report the wearer's position had been silent past its limit at `t`.
    static func positionSilent(at t: Date, state: WearerState, wearer: CompiledWearer) -> Bool {
        // With no position device fitted there is no data to be had: that is silence too.
        for (i, device) in wearer.devices.enumerated() where device.reportsPosition {
            if t.timeIntervalSince(state.devices[i].silentSince) <= wearer.noCommunicationLimits[i] { return false }
        }
        return true
    }
}
