import Foundation
import Geo

/// Attendance: present at a place for each appointment. The check runs at appointment start + grace (from a
/// timer); a wearer who has not been seen there by then is in breach until they arrive or the appointment
/// ends. Silence is not absence: with no data the check waits for data.
enum AttendanceRule {
    static func due(_ i: Int, state: WearerState, wearer: CompiledWearer) -> Date? {
        let a = wearer.attendances[i]
        let s = state.attendances[i]
        guard s.next < a.appointments.count else { return nil }
        let appt = a.appointments[s.next]
        switch s.phase {
        case .idle: return min(appt.start.addingTimeInterval(a.grace), appt.end)
        default: return appt.end
        }
    }

    static func fire(at t: Date, state: inout WearerState, wearer: CompiledWearer, changes: inout [ViolationChange]) {
        for i in state.attendances.indices {
            let a = wearer.attendances[i]
            while let due = due(i, state: state, wearer: wearer), due <= t {
                let appt = a.appointments[state.attendances[i].next]
                if state.attendances[i].phase == .idle && due < appt.end {
                    check(i, at: due, appointment: appt, state: &state, wearer: wearer, changes: &changes)
                } else {
                    if let key = state.attendances[i].episode {
                        let summary = state.book.episode(key).map {
                            $0.evidence.summary + " Not seen there before the appointment ended at \(wallClockText(appt.end, in: wearer.timeZone))."
                        }
                        state.book.close(key, at: appt.end, summary: summary, changes: &changes)
                    }
                    state.attendances[i] = AttendanceState(conditionId: a.conditionId, next: state.attendances[i].next + 1)
                }
            }
        }
    }

    private static func check(
        _ i: Int, at t: Date, appointment appt: Appointment, state: inout WearerState,
        wearer: CompiledWearer, changes: inout [ViolationChange]
    ) {
        let a = wearer.attendances[i]
        guard a.inForce.contains(appt.start), !state.attendances[i].presentSeen else {
            state.attendances[i].phase = .monitoring
            return
        }
        if RuleEngine.positionSilent(at: t, state: state, wearer: wearer) {
            state.attendances[i].phase = .pending(silent: true)
            return
        }
        let fresh = state.lastFix.map { t.timeIntervalSince($0.time) <= wearer.config.fixGapSeconds } ?? false
        if state.attendances[i].lastSide == true {
            open(i, start: appt.start, status: fresh ? .confirmed : .provisional, state: &state, wearer: wearer, changes: &changes)
            state.attendances[i].phase = .monitoring
        } else {
            state.attendances[i].phase = .pending(silent: false)
        }
    }

    static func onFix(
        _ fix: FixObservation, state: inout WearerState, wearer: CompiledWearer,
        changes: inout [ViolationChange]
    ) {
        for i in state.attendances.indices {
            let a = wearer.attendances[i]
            guard state.attendances[i].next < a.appointments.count else { continue }
            let appt = a.appointments[state.attendances[i].next]
            guard fix.time >= appt.start.addingTimeInterval(-a.grace), fix.time < appt.end,
                let r = fix.trustedAccuracy
            else { continue }
            let d = Geodesic.fastDistance(a.location, fix.coordinate)
            let side: Bool? = d + r <= a.radiusMetres ? false : d - r > a.radiusMetres ? true : nil
            guard let side else { continue }
            state.attendances[i].lastSide = side
            if !side {
                state.attendances[i].presentSeen = true
                if let key = state.attendances[i].episode {
                    let summary = state.book.episode(key).map {
                        $0.evidence.summary + " Arrived at \(wallClockText(fix.time, in: wearer.timeZone))."
                    }
                    state.book.close(key, at: fix.time, summary: summary, changes: &changes)
                    state.attendances[i].episode = nil
                }
                if case .pending = state.attendances[i].phase { state.attendances[i].phase = .monitoring }
            } else if case .pending(let silent) = state.attendances[i].phase {
                open(
                    i, start: silent ? fix.time : appt.start, status: .provisional, state: &state, wearer: wearer,
                    changes: &changes, fix: fix.evidence(distance: d))
                state.attendances[i].phase = .monitoring
            } else if let key = state.attendances[i].episode {
                if fix.isContinuous(gapSeconds: wearer.config.fixGapSeconds) { state.book.confirm(key, changes: &changes) }
                state.book.addEvidence(key, fix: fix.evidence(distance: d), limit: wearer.config.maxEvidenceFixes, changes: &changes)
            }
        }
    }

    private static func open(
        _ i: Int, start: Date, status: ViolationStatus, state: inout WearerState,
        wearer: CompiledWearer, changes: inout [ViolationChange], fix: EvidenceFix? = nil
    ) {
        guard state.attendances[i].episode == nil else { return }
        let a = wearer.attendances[i]
        let key = EpisodeKey(conditionId: a.conditionId, deviceId: nil, type: .attendanceMissed, start: start)
        var fixes: [EvidenceFix] = []
        if let fix { fixes.append(fix) } else if let last = state.lastFix { fixes.append(last) }
        state.book.open(
            key, status: status,
            evidence: ViolationEvidence(
                summary:
                    "Not at the appointment (\(wallClockText(start, in: wearer.timeZone)), grace \(Int(a.grace / 60)) min): no fix within "
                    + "\(describeMetres(a.radiusMetres)) of the location.",
                fixes: fixes), changes: &changes)
        state.attendances[i].episode = key
    }
}
