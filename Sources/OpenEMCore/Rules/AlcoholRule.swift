import Foundation

/// Transdermal alcohol. A drinking event (abstinence) or an exceedance (limit) is confirmed from several
/// consecutive readings at or above the threshold whose rise is plausible for skin alcohol; it ends at the
/// first reading back below. A reading whose infra-red voltage shows an obstruction is a tamper and is not
/// used as a TAC value.
enum AlcoholRule {
    static func onReading(
        _ reading: AlcoholReading, device d: Int, at t: Date, state: inout WearerState,
        wearer: CompiledWearer, changes: inout [ViolationChange]
    ) {
        let config = wearer.config
        if let ir = reading.irVoltage, !config.alcoholIRValidVolts.contains(ir) {
            // Readings come every half hour: consecutive obstructed readings are one obstruction.
            let interval = wearer.config.noCommunicationLimit(for: wearer.devices[d].type)
            DeviceRule.raiseTamper(
                .obstruction, device: d, at: t, mergeWithin: interval, state: &state, wearer: wearer,
                changes: &changes)
            return
        }
        for i in state.alcohol.indices {
            let rule = wearer.alcohol[i]
            guard rule.inForce.contains(t) else { continue }
            var s = state.alcohol[i]
            if reading.tac >= rule.thresholdTac {
                if s.streak.isEmpty { s.streakStart = t }
                if let last = s.lastTac, let when = s.lastReading {
                    let hours = max(t.timeIntervalSince(when) / 3600, 0.25)
                    if reading.tac - last > config.alcoholMaxRisePerHour * hours { s.implausibleRise = true }
                }
                if s.streak.count < max(config.alcoholConsecutiveReadings, 8) { s.streak.append(reading.tac) }
                if s.episode == nil, !s.implausibleRise, s.streak.count >= config.alcoholConsecutiveReadings,
                    let start = s.streakStart
                {
                    let key = EpisodeKey(conditionId: rule.conditionId, deviceId: wearer.devices[d].id, type: rule.type, start: start)
                    var readings: [String: Double] = ["thresholdTac": rule.thresholdTac, "peakTac": s.streak.max() ?? reading.tac]
                    for (n, v) in s.streak.enumerated() { readings["reading\(n + 1)Tac"] = v }
                    let what = rule.type == .alcoholDetected ? "Drinking event" : "Alcohol limit exceeded"
                    state.book.open(
                        key, status: .confirmed,
                        evidence: ViolationEvidence(
                            summary:
                                "\(what): \(s.streak.count) consecutive readings at or above \(rule.thresholdTac) g/dL from "
                                + "\(wallClockText(start, in: wearer.timeZone)), peak \(readings["peakTac"]!) g/dL, rising at a plausible rate.",
                            readings: readings), changes: &changes)
                    s.episode = key
                }
            } else {
                if let key = s.episode {
                    let summary = state.book.episode(key).map {
                        $0.evidence.summary + " Fell below the threshold by \(wallClockText(t, in: wearer.timeZone))."
                    }
                    state.book.close(key, at: t, summary: summary, changes: &changes)
                    s.episode = nil
                }
                s.streak = []
                s.streakStart = nil
                s.implausibleRise = false
            }
            s.lastTac = reading.tac
            s.lastReading = t
            state.alcohol[i] = s
        }
    }
}
