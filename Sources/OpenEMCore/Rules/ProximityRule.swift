import Foundation
import Geo

/// Non-association and victim proximity: the wearer's fix against the other party's latest fix, used only
/// when both are fresh. Each ring (the non-association distance; the victim's warning and breach rings)
/// is entered when the centres are within it and left only when they are farther than the ring plus a
/// hysteresis band at least as wide as the two confidence radii, so jitter at a ring's edge does not flap.
enum ProximityRule {
    static func onFix(
        _ fix: FixObservation, state: inout WearerState, wearer: CompiledWearer,
        others: some OtherPartyPositions, changes: inout [ViolationChange]
    ) {
        let config = wearer.config
        guard let accuracy = fix.trustedAccuracy else { return }
        for i in state.proximities.indices {
            let p = wearer.proximities[i]
            guard p.inForce.contains(fix.time),
                let other = others.latestFix(of: p.party, atOrBefore: fix.time),
                fix.time.timeIntervalSince(other.time) <= config.freshnessSeconds
            else { continue }
            let d = Geodesic.fastDistance(fix.coordinate, other.coordinate)
            let band = max(config.proximityHysteresisMetres, accuracy + other.accuracyMetres)
            let rule = Dwell.Rule(fixes: p.dwellFixes, seconds: config.dwellSeconds, evidenceLimit: config.maxEvidenceFixes)
            for (r, ring) in p.rings.enumerated() {
                let side: Bool? = d <= ring.metres ? true : d > ring.metres + band ? false : nil
                let transition = state.proximities[i].rings[r].feed(
                    side, at: fix.time, previousFix: fix.previousFix,
                    gapSeconds: config.fixGapSeconds,
                    evidence: fix.evidence(distance: d), rule: rule)
                if let key = state.proximities[i].episodes[r], side == true {
                    state.book.addEvidence(key, fix: fix.evidence(distance: d), limit: config.maxEvidenceFixes, changes: &changes)
                }
                guard let tr = transition else { continue }
                if tr.to, state.proximities[i].episodes[r] == nil {
                    let key = EpisodeKey(conditionId: p.conditionId, deviceId: nil, type: ring.type, start: tr.at)
                    let otherFix = EvidenceFix(
                        time: other.time, lat: other.coordinate.lat, lon: other.coordinate.lon,
                        accuracyMetres: other.accuracyMetres, source: .gps, distanceMetres: nil)
                    let whom = if case .subject = p.party { "the other subject" } else { "the victim" }
                    let summary =
                        "Within \(describeMetres(ring.metres)) of \(whom) at \(wallClockText(tr.at, in: wearer.timeZone)): \(describeMetres(d)) "
                        + "apart, both positions fresh (theirs \(Int(fix.time.timeIntervalSince(other.time))) s old)."
                    state.book.open(
                        key, status: tr.afterGap ? .provisional : .confirmed,
                        evidence: ViolationEvidence(summary: summary, fixes: tr.evidence + [otherFix]), changes: &changes)
                    state.proximities[i].episodes[r] = key
                } else if !tr.to, let key = state.proximities[i].episodes[r] {
                    let summary = state.book.episode(key).map {
                        $0.evidence.summary + " Apart again at \(wallClockText(tr.at, in: wearer.timeZone))."
                    }
                    state.book.close(key, at: tr.at, summary: summary, changes: &changes)
                    state.proximities[i].episodes[r] = nil
                }
            }
        }
    }
}
