import Foundation

/// Device events that are breaches under every order: tamper, low and flat battery, no communication.
enum DeviceRule {
    static func onMessage(
        _ message: TelemetryMessage, device d: Int, state: inout WearerState,
        wearer: CompiledWearer, changes: inout [ViolationChange]
    ) {
        let t = message.time
        let deviceId = message.deviceId
        // Any data ends silence.
        if let key = state.devices[d].noCommunication {
            state.book.close(
                key, at: t,
                summary:
                    "No data from the \(label(wearer.devices[d].type)) from \(wallClockText(key.start, in: wearer.timeZone)) until "
                    + "\(wallClockText(t, in: wearer.timeZone)).",
                changes: &changes)
            state.devices[d].noCommunication = nil
        }
        if state.devices[d].flatFromSilence, let key = state.devices[d].batteryFlat {
            state.book.close(key, at: t, changes: &changes)
            state.devices[d].batteryFlat = nil
            state.devices[d].flatFromSilence = false
        }
        if state.devices[d].lastSeen.map({ $0 < t }) ?? true { state.devices[d].lastSeen = t }

        switch message.payload {
        case .tamper(let kind):
            raiseTamper(kind, device: d, at: t, state: &state, wearer: wearer, changes: &changes)
        case .battery(let level, let charging):
            let low = !charging && level <= wearer.config.lowBatteryPercent
            if low, state.devices[d].lowBattery == nil {
                let key = EpisodeKey(conditionId: nil, deviceId: deviceId, type: .lowBattery, start: t)
                state.book.open(
                    key, status: .confirmed,
                    evidence: ViolationEvidence(
                        summary: "Battery at \(Int(level.rounded()))% and not charging.",
                        readings: ["levelPercent": level]), changes: &changes)
                state.devices[d].lowBattery = key
            } else if !low, let key = state.devices[d].lowBattery {
                state.book.close(
                    key, at: t, summary: charging ? "Battery low until charging started." : "Battery low until it rose to \(Int(level.rounded()))%.",
                    changes: &changes)
                state.devices[d].lowBattery = nil
            }
            if level <= 0, !charging, state.devices[d].batteryFlat == nil {
                let key = EpisodeKey(conditionId: nil, deviceId: deviceId, type: .batteryFlat, start: t)
                state.book.open(
                    key, status: .confirmed,
                    evidence: ViolationEvidence(
                        summary: "Battery reported flat (0%): the wearer failed to charge the device.",
                        readings: ["levelPercent": level]), changes: &changes)
                state.devices[d].batteryFlat = key
            } else if charging || level > 0, let key = state.devices[d].batteryFlat {
                state.book.close(key, at: t, changes: &changes)
                state.devices[d].batteryFlat = nil
            }
        default:
            break
        }
    }

    /// A tamper of one kind; repeats within the merge time extend the same episode.
    /// `mergeWithin` is longer for conditions seen only at a device's reading interval (IR obstruction).
    static func raiseTamper(
        _ kind: TamperKind, device d: Int, at t: Date, mergeWithin: TimeInterval? = nil,
        state: inout WearerState, wearer: CompiledWearer, changes: inout [ViolationChange]
    ) {
        if let key = state.devices[d].tamper[kind], let episode = state.book.episode(key),
            let end = episode.end, t.timeIntervalSince(end) <= mergeWithin ?? wearer.config.tamperMergeSeconds
        {
            state.book.extend(key, to: t, changes: &changes)
            return
        }
        let key = EpisodeKey(conditionId: nil, deviceId: wearer.devices[d].id, type: .tamper, start: t)
        let what: String =
            switch kind {
            case .strap: "Strap tamper reported"
            case .case: "Case tamper reported"
            case .obstruction: "Infra-red sensor obstructed (something between the tag and the skin)"
            case .homeUnitMoved: "Home monitoring unit moved"
            }
        state.book.open(
            key, status: .confirmed,
            evidence: ViolationEvidence(
                summary: "\(what) by the \(label(wearer.devices[d].type)) at \(wallClockText(t, in: wearer.timeZone)).",
                readings: ["tamper.\(kind.rawValue)": 1]), changes: &changes)
        // A tamper is an event: it ends when reported, and stays in the book so repeats extend it.
        state.book.close(key, at: t, keep: true, changes: &changes)
        state.devices[d].tamper[kind] = key
    }

    static func due(_ d: Int, state: WearerState, wearer: CompiledWearer) -> Date? {
        let device = wearer.devices[d]
        let s = state.devices[d]
        guard device.communicates, s.noCommunication == nil, !s.flatFromSilence else { return nil }
        return max(s.silentSince, s.lastReceived ?? s.silentSince).addingTimeInterval(wearer.noCommunicationLimits[d])
    }

    static func fire(at t: Date, state: inout WearerState, wearer: CompiledWearer, changes: inout [ViolationChange]) {
        for d in state.devices.indices {
            guard let due = due(d, state: state, wearer: wearer), due <= t else { continue }
            let device = wearer.devices[d]
            let since = state.devices[d].silentSince
            if state.devices[d].batteryFlat != nil {
                // Already reported flat at 0%: the silence is that same flat battery.
                state.devices[d].flatFromSilence = true
            } else if state.devices[d].lowBattery != nil {
                // Silence after a low-battery warning: the battery ran out, which is its own breach.
                let key = EpisodeKey(conditionId: nil, deviceId: device.id, type: .batteryFlat, start: since)
                state.book.open(
                    key, status: .confirmed,
                    evidence: ViolationEvidence(
                        summary:
                            "No data from the \(label(device.type)) since \(wallClockText(since, in: wearer.timeZone)), after a low-battery "
                            + "warning: the battery is presumed flat.",
                        dataGaps: [DateInterval(start: since, end: t)]), changes: &changes)
                state.devices[d].batteryFlat = key
                state.devices[d].flatFromSilence = true
            } else {
                let key = EpisodeKey(conditionId: nil, deviceId: device.id, type: .noCommunication, start: since)
                state.book.open(
                    key, status: .confirmed,
                    evidence: ViolationEvidence(
                        summary:
                            "No data from the \(label(device.type)) since \(wallClockText(since, in: wearer.timeZone)) (limit "
                            + "\(Int(wearer.config.noCommunicationLimit(for: device.type) / 60)) min).",
                        dataGaps: [DateInterval(start: since, end: t)]), changes: &changes)
                state.devices[d].noCommunication = key
            }
        }
    }

    static func label(_ type: DeviceType) -> String {
        switch type {
        case .gpsTag: "GPS tag"
        case .rfTag: "RF tag"
        case .rfHomeUnit: "home monitoring unit"
        case .alcoholTag: "alcohol tag"
        case .gpsAlcoholTag: "GPS and alcohol tag"
        case .victimPhone: "victim's phone"
        }
    }
}
