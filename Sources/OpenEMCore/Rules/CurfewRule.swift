import Foundation
import Geo

/// Curfew: at the address during the timetable's windows.
///
/// Presence comes from the home unit's RF reading when one is fitted (authoritative), else from GPS: home
/// when the whole confidence circle is within the radius, away when the whole circle is outside it,
/// otherwise uncertain. Three ways to breach, all one episode type: not home at window start + grace (the
/// check runs from a timer, not only when a fix arrives), leaving during the window, and absent all window
/// (an episode running from start to end). No data is never absence: when the wearer's devices are silent
/// the start check waits, and the silence itself is NO_COMMUNICATION.
///
/// A fix of unknown accuracy (a phone or tracker that sent none) is never evidence of absence. It counts as
/// home only when corroborated: its position is at the address, and a trusted fix of known accuracy put the
/// wearer home within the fix-gap limit before it with nothing definite saying "away" since. Otherwise it is
/// uncertain, like a fix whose circle straddles the radius.
enum CurfewRule {
    /// Away (true), home (false) or uncertain (nil) for one GPS fix.
    static func side(
        of fix: FixObservation, distance: Double, curfew: CompiledCurfew, state: CurfewState, gapSeconds: TimeInterval
    ) -> Bool? {
        if let r = fix.trustedAccuracy {
            return distance - r > curfew.radiusMetres ? true : distance + r <= curfew.radiusMetres ? false : nil
        }
        guard fix.accuracyMetres == nil, distance <= curfew.radiusMetres, state.presence.lastSide == false,
            let home = state.measuredHomeAt, home <= fix.time, fix.time.timeIntervalSince(home) <= gapSeconds
        else { return nil }
        return false
    }

    static func due(_ i: Int, state: WearerState, wearer: CompiledWearer) -> Date? {
        let s = state.curfews[i]
        guard let w = s.window else { return nil }
        switch s.phase {
        case .idle: return w.start
        case .awaitingCheck: return min(w.start.addingTimeInterval(wearer.curfews[i].grace), w.end)
        case .pending, .monitoring: return w.end
        }
    }

    static func fire(at t: Date, state: inout WearerState, wearer: CompiledWearer, changes: inout [ViolationChange]) {
        for i in state.curfews.indices {
            let curfew = wearer.curfews[i]
            while let due = due(i, state: state, wearer: wearer), due <= t, let w = state.curfews[i].window {
                switch state.curfews[i].phase {
                case .idle:
                    if curfew.inForce.contains(w.start) {
                        state.curfews[i].phase = .awaitingCheck
                    } else {
                        state.curfews[i].window = curfew.timetable.currentOrNextWindow(at: w.end)
                    }
                case .awaitingCheck where due < w.end:
                    startCheck(i, at: due, window: w, state: &state, wearer: wearer, changes: &changes)
                case .awaitingCheck, .pending, .monitoring:
                    endWindow(i, window: w, state: &state, wearer: wearer, changes: &changes)
                }
            }
        }
    }

    /// Window start + grace: is the wearer home?
    static func startCheck(
        _ i: Int, at check: Date, window w: DateInterval, state: inout WearerState,
        wearer: CompiledWearer, changes: inout [ViolationChange]
    ) {
        let curfew = wearer.curfews[i]
        let gap = wearer.config.fixGapSeconds
        if let unit = curfew.homeUnitId {
            let unitIndex = wearer.deviceIndex(unit)!
            let limit = wearer.config.noCommunicationLimit(for: .rfHomeUnit)
            if check.timeIntervalSince(state.devices[unitIndex].silentSince) > limit {
                state.curfews[i].phase = .pending(silent: true)
            } else if let inRange = state.curfews[i].rfInRange {
                state.curfews[i].phase = .monitoring
                if !inRange {
                    open(
                        i, start: w.start, status: .confirmed, evidence: [],
                        summary: notHomeSummary(curfew, w, wearer, detail: "the home unit reported the tag out of range"), state: &state,
                        changes: &changes)
                }
            } else {
                state.curfews[i].phase = .pending(silent: false)
            }
            return
        }
        if RuleEngine.positionSilent(at: check, state: state, wearer: wearer) {
            state.curfews[i].phase = .pending(silent: true)
            return
        }
        let presence = state.curfews[i].presence
        // Arriving home, indoor fixes are often too coarse to say "home" outright. If the newest fix came after
        // the last definite "away" one and its confidence circle reaches the address, the wearer may well be
        // home: wait for a definite fix rather than alert on the approach.
        if presence.settled == true, presence.lastSide == true, let last = state.lastFix,
            last.time > (presence.lastDefinite ?? .distantPast), check.timeIntervalSince(last.time) <= gap,
            Geodesic.fastDistance(curfew.home, Coordinate(lat: last.lat, lon: last.lon)) - (last.accuracyMetres ?? 0) <= curfew.radiusMetres
        {
            state.curfews[i].phase = .pending(silent: false)
            return
        }
        switch (presence.settled, presence.lastSide) {
        case (true?, true?):
            let fresh = presence.lastDefinite.map { check.timeIntervalSince($0) <= gap } ?? false
            let last = state.lastFix
            let detail =
                last.map {
                    "the last fix (\(wallClockText($0.time, in: wearer.timeZone)), \(describeAccuracy($0.accuracyMetres))) was "
                        + "\(describeMetres(Geodesic.fastDistance(curfew.home, Coordinate(lat: $0.lat, lon: $0.lon)))) from the address"
                } ?? "the wearer was away"
            open(
                i, start: w.start, status: fresh ? .confirmed : .provisional,
                evidence: last.map { [withDistance($0, from: curfew.home)] } ?? [],
                summary: notHomeSummary(
                    curfew, w, wearer, detail: fresh ? detail : detail + "; no fix in the last \(Int(gap / 60)) min, so this is provisional"),
                state: &state, changes: &changes)
            state.curfews[i].withdrawable = !fresh
            state.curfews[i].phase = .monitoring
        case (_, false?):
            state.curfews[i].phase = .monitoring
        default:
            state.curfews[i].phase = .pending(silent: false)
        }
    }

    static func endWindow(
        _ i: Int, window w: DateInterval, state: inout WearerState, wearer: CompiledWearer,
        changes: inout [ViolationChange]
    ) {
        let curfew = wearer.curfews[i]
        if let key = state.curfews[i].episode {
            let whole = key.start == w.start
            let summary = state.book.episode(key).map { episode in
                whole
                    ? "Absent for the whole curfew window "
                        + "\(wallClockText(w.start, in: wearer.timeZone))-\(wallClockText(w.end, in: wearer.timeZone))."
                    : episode.evidence.summary + " Still away when the window ended at \(wallClockText(w.end, in: wearer.timeZone))."
            }
            state.book.close(key, at: w.end, summary: summary, changes: &changes)
            state.curfews[i].episode = nil
        }
        state.curfews[i].withdrawable = false
        state.curfews[i].phase = .idle
        state.curfews[i].window = curfew.timetable.currentOrNextWindow(at: w.end)
    }

    static func onFix(
        _ fix: FixObservation, state: inout WearerState, wearer: CompiledWearer,
        changes: inout [ViolationChange]
    ) {
        for i in state.curfews.indices {
            let curfew = wearer.curfews[i]
            guard curfew.homeUnitId == nil else { continue }
            let distance = curfew.distanceFromHome(fix.coordinate)
            let side = side(of: fix, distance: distance, curfew: curfew, state: state.curfews[i], gapSeconds: wearer.fixGapSeconds)
            if side == false, fix.trustedAccuracy != nil, state.curfews[i].measuredHomeAt.map({ $0 < fix.time }) ?? true {
                state.curfews[i].measuredHomeAt = fix.time
            }
            let transition = state.curfews[i].presence.feed(
                side, at: fix.time, previousFix: fix.previousFix,
                gapSeconds: wearer.fixGapSeconds,
                evidence: fix.evidence(distance: distance), rule: wearer.dwellRule)
            guard let w = state.curfews[i].window, w.start <= fix.time, fix.time < w.end else { continue }

            // A start-check decision made on stale data stands or falls by the next definite fix.
            if let key = state.curfews[i].episode, state.curfews[i].withdrawable, let side {
                state.curfews[i].withdrawable = false
                if side {
                    state.book.confirm(key, changes: &changes)
                } else {
                    state.book.withdraw(
                        key,
                        reason:
                            "a fix at \(wallClockText(fix.time, in: wearer.timeZone)) shows the wearer home; the earlier decision rested on "
                            + "missing data.",
                        changes: &changes)
                    state.curfews[i].episode = nil
                    state.curfews[i].phase = .monitoring
                    continue
                }
            } else if let key = state.curfews[i].episode, side == true, fix.isContinuous(gapSeconds: wearer.fixGapSeconds) {
                state.book.confirm(key, changes: &changes)
            }
            if let key = state.curfews[i].episode, side == true {
                state.book.addEvidence(key, fix: fix.evidence(distance: distance), limit: wearer.dwellRule.evidenceLimit, changes: &changes)
            }

            switch state.curfews[i].phase {
            case .idle, .awaitingCheck:
                break
            case .pending(let silent):
                // Away once the dwell has settled it (now, or before a silence that has just ended).
                if side == true, state.curfews[i].presence.settled == true {
                    let at = transition?.at ?? fix.time
                    let afterGap = transition?.afterGap ?? !fix.isContinuous(gapSeconds: wearer.fixGapSeconds)
                    open(
                        i, start: silent ? at : w.start, status: silent || afterGap ? .provisional : .confirmed,
                        evidence: transition?.evidence ?? [fix.evidence(distance: distance)],
                        summary: silent
                            ? leftSummary(curfew, at, wearer) + " Data was missing before this, so it is provisional."
                            : notHomeSummary(curfew, w, wearer, detail: "the first definite fixes show the wearer away"),
                        state: &state, changes: &changes)
                    state.curfews[i].phase = .monitoring
                } else if side == false {
                    state.curfews[i].phase = .monitoring
                }
            case .monitoring:
                guard let tr = transition else { break }
                if tr.to, state.curfews[i].episode == nil {
                    open(
                        i, start: tr.at, status: tr.afterGap ? .provisional : .confirmed, evidence: tr.evidence,
                        summary: leftSummary(curfew, tr.at, wearer), state: &state, changes: &changes)
                } else if !tr.to, let key = state.curfews[i].episode {
                    let summary = state.book.episode(key).map {
                        $0.evidence.summary + " Home again at \(wallClockText(tr.at, in: wearer.timeZone))."
                    }
                    state.book.close(key, at: tr.at, summary: summary, changes: &changes)
                    state.curfews[i].episode = nil
                }
            }
        }
    }

    /// The home unit reports the RF tag in or out of range: authoritative for presence, no dwell needed.
    static func onRF(
        inRange: Bool, device: EntityID, at t: Date, state: inout WearerState, wearer: CompiledWearer,
        changes: inout [ViolationChange]
    ) {
        for i in state.curfews.indices where wearer.curfews[i].homeUnitId == device {
            let curfew = wearer.curfews[i]
            state.curfews[i].rfInRange = inRange
            guard let w = state.curfews[i].window, w.start <= t, t < w.end else { continue }
            switch state.curfews[i].phase {
            case .idle, .awaitingCheck:
                break
            case .pending(let silent):
                state.curfews[i].phase = .monitoring
                if !inRange {
                    open(
                        i, start: silent ? t : w.start, status: silent ? .provisional : .confirmed, evidence: [],
                        summary: silent
                            ? leftSummary(curfew, t, wearer)
                            : notHomeSummary(curfew, w, wearer, detail: "the home unit reported the tag out of range"),
                        state: &state, changes: &changes)
                }
            case .monitoring:
                if !inRange, state.curfews[i].episode == nil {
                    open(
                        i, start: t, status: .confirmed, evidence: [],
                        summary: leftSummary(curfew, t, wearer) + " (home unit: tag out of range)", state: &state, changes: &changes)
                } else if inRange, let key = state.curfews[i].episode {
                    let summary = state.book.episode(key).map { $0.evidence.summary + " Back in range at \(wallClockText(t, in: wearer.timeZone))." }
                    state.book.close(key, at: t, summary: summary, changes: &changes)
                    state.curfews[i].episode = nil
                }
            }
        }
    }

    private static func open(
        _ i: Int, start: Date, status: ViolationStatus, evidence: [EvidenceFix], summary: String,
        state: inout WearerState, changes: inout [ViolationChange]
    ) {
        guard state.curfews[i].episode == nil else { return }
        let key = EpisodeKey(conditionId: state.curfews[i].conditionId, deviceId: nil, type: .curfewAbsence, start: start)
        state.book.open(key, status: status, evidence: ViolationEvidence(summary: summary, fixes: evidence), changes: &changes)
        state.curfews[i].episode = key
    }

    private static func withDistance(_ fix: EvidenceFix, from home: Coordinate) -> EvidenceFix {
        var f = fix
        f.distanceMetres = (Geodesic.fastDistance(home, Coordinate(lat: fix.lat, lon: fix.lon)) * 10).rounded() / 10
        return f
    }

    private static func notHomeSummary(_ c: CompiledCurfew, _ w: DateInterval, _ wearer: CompiledWearer, detail: String) -> String {
        "Not home at the start of the \(wallClockText(w.start, in: wearer.timeZone)) curfew (grace \(Int(c.grace / 60)) min): \(detail)."
    }

    private static func leftSummary(_ c: CompiledCurfew, _ t: Date, _ wearer: CompiledWearer) -> String {
        "Left the curfew address at \(wallClockText(t, in: wearer.timeZone)) during the curfew window."
    }
}
