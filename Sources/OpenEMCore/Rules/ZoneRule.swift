import Foundation
import Geo

/// Exclusion and inclusion zones, judged with the fix's confidence circle.
///
/// The buffer is a tolerance band in the wearer's favour: an exclusion zone is entered only when the whole
/// circle is at least `buffer` metres inside it, and left when the whole circle is outside; an inclusion zone
/// is left only when the whole circle is `buffer` metres beyond it, and re-entered when the whole circle is
/// inside. Anything between is uncertain and changes nothing. On top of that a change needs the dwell
/// (default 2 fixes or 60 s), so GPS scatter along an edge raises nothing.
///
/// Cost: a fix far from a zone is settled by the remembered clearance (no geometry), else by the shape's
/// bounding box; only fixes near a zone compute a distance to its boundary.
enum ZoneRule {
    /// How far beyond the needed distance a bounding-box answer is stretched, so the clearance it leaves
    /// behind covers the next several minutes of walking.
    static let clearanceSlack = 300.0

    static func classify(_ fix: FixObservation, zone: CompiledZone, clearance: inout ZoneClearance?) -> (side: Bool?, distance: Double?) {
        guard let r = fix.trustedAccuracy else { return (nil, nil) }
        let b = zone.bufferMetres
        // Distance at or beyond which the fix is definitely outside: r, plus the buffer for an inclusion zone.
        let extra = zone.kind == .exclusion ? 0 : b
        let outsideSide = zone.kind == .inclusion
        if let c = clearance, c.guarantees(r, at: fix.coordinate) { return (outsideSide, nil) }
        if zone.shape.isCertainlyFartherThan(r + extra + clearanceSlack, from: fix.coordinate) {
            clearance = ZoneClearance(at: fix.coordinate, metres: r + clearanceSlack, outsideSide: outsideSide)
            return (outsideSide, nil)
        }
        let d = zone.shape.signedDistance(to: fix.coordinate)
        clearance = d - extra > 0 ? ZoneClearance(at: fix.coordinate, metres: d - extra, outsideSide: outsideSide) : nil
        switch zone.kind {
        case .exclusion: return (d <= -(r + b) ? true : d >= r ? false : nil, d)
        case .inclusion: return (d >= r + b ? true : d <= -r ? false : nil, d)
        }
    }

    static func onFix(
        _ fix: FixObservation, state: inout WearerState, wearer: CompiledWearer,
        changes: inout [ViolationChange]
    ) {
        let rule = wearer.dwellRule
        let gap = wearer.fixGapSeconds
        for i in state.zones.indices {
            // The common case, settled from the wearer's own memory without touching the zone: still clearly
            // outside, as before, with nothing pending. (Whatever the zone's schedule, that changes nothing.)
            if let c = state.zones[i].clearance, state.zones[i].episode == nil, state.zones[i].dwell.runCount == 0,
                state.zones[i].dwell.settled == c.outsideSide, let r = fix.trustedAccuracy, c.guarantees(r, at: fix.coordinate)
            {
                continue
            }
            let zone = wearer.zones[i]
            guard state.zones[i].active, zone.inForce.contains(fix.time) else { continue }
            let (side, distance) = classify(fix, zone: zone, clearance: &state.zones[i].clearance)
            let transition = state.zones[i].dwell.feed(
                side, at: fix.time, previousFix: fix.previousFix,
                gapSeconds: gap,
                evidence: fix.evidence(distance: distance), rule: rule)
            if let key = state.zones[i].episode, side == true {
                if fix.isContinuous(gapSeconds: gap) { state.book.confirm(key, changes: &changes) }
                state.book.addEvidence(key, fix: fix.evidence(distance: distance), limit: rule.evidenceLimit, changes: &changes)
            }
            guard let tr = transition else { continue }
            if tr.to, state.zones[i].episode == nil {
                let key = EpisodeKey(conditionId: zone.conditionId, deviceId: nil, type: zone.violationType, start: tr.at)
                let deepest = tr.evidence.compactMap(\.distanceMetres).map(abs).max()
                let verb = zone.kind == .exclusion ? "Entered exclusion zone" : "Left inclusion zone"
                let depth = deepest.map { ", up to \(describeMetres($0)) \(zone.kind == .exclusion ? "inside" : "outside") the boundary" } ?? ""
                let summary =
                    "\(verb) '\(zone.name)' at \(wallClockText(tr.at, in: wearer.timeZone)): \(tr.evidence.count) consecutive fixes with their "
                    + "whole confidence circle \(zone.kind == .exclusion ? "inside" : "outside")\(depth)."
                    + (tr.afterGap ? " Data was missing just before, so this is provisional." : "")
                state.book.open(
                    key, status: tr.afterGap ? .provisional : .confirmed,
                    evidence: ViolationEvidence(summary: summary, fixes: tr.evidence), changes: &changes)
                state.zones[i].episode = key
            } else if !tr.to, let key = state.zones[i].episode {
                close(
                    i, at: tr.at, why: zone.kind == .exclusion ? "left the zone" : "back inside the zone",
                    state: &state, wearer: wearer, changes: &changes)
                _ = key
            }
        }
    }

    static func due(_ i: Int, state: WearerState, wearer: CompiledWearer) -> Date? {
        let zone = wearer.zones[i]
        let s = state.zones[i]
        var due: Date?
        if zone.schedule != nil, let w = s.window { due = s.active ? w.end : w.start }
        if s.episode != nil, zone.inForce.end < (due ?? .distantFuture) { due = zone.inForce.end }
        return due
    }

    static func fire(at t: Date, state: inout WearerState, wearer: CompiledWearer, changes: inout [ViolationChange]) {
        for i in state.zones.indices {
            let zone = wearer.zones[i]
            while let due = due(i, state: state, wearer: wearer), due <= t {
                if state.zones[i].episode != nil, zone.inForce.end == due {
                    close(i, at: due, why: "the condition ended", state: &state, wearer: wearer, changes: &changes)
                    continue
                }
                guard let schedule = zone.schedule, let w = state.zones[i].window else { break }
                if state.zones[i].active {
                    if state.zones[i].episode != nil {
                        close(i, at: w.end, why: "the zone's schedule ended", state: &state, wearer: wearer, changes: &changes)
                    }
                    state.zones[i].active = false
                    state.zones[i].window = schedule.currentOrNextWindow(at: w.end)
                } else {
                    // Each scheduled period starts with no memory: the dwell must be met inside it.
                    state.zones[i].dwell.reset()
                    state.zones[i].active = true
                }
            }
        }
    }

    private static func close(
        _ i: Int, at t: Date, why: String, state: inout WearerState, wearer: CompiledWearer,
        changes: inout [ViolationChange]
    ) {
        guard let key = state.zones[i].episode else { return }
        let summary = state.book.episode(key).map { $0.evidence.summary + " Ended at \(wallClockText(t, in: wearer.timeZone)): \(why)." }
        state.book.close(key, at: t, summary: summary, changes: &changes)
        state.zones[i].episode = nil
    }
}
