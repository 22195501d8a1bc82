import Foundation

/// A two-sided state (inside/outside, away/home, near/apart) that changes only on sustained definite
/// evidence, so fixes jittering at an edge cannot open and close violations.
///
/// `true` is always the violating side. Uncertain fixes neither count towards a change nor cancel one; a
/// definite fix on the settled side cancels a change in progress. Leaving "unknown" for the harmless side
/// needs no dwell (nothing is raised), for the violating side it does.
struct Dwell: Hashable, Sendable, Codable {
    /// The settled side; nil until the first definite evidence.
    var settled: Bool?
    /// A run of definite fixes contradicting `settled`.
    var runCount: Int = 0
    var runStart: Date?
    /// Whether the fix before the run was more than the gap limit earlier (the change spans missing data).
    var runAfterGap = false
    var runEvidence: [EvidenceFix] = []
    /// Side and time of the newest definite fix.
    var lastSide: Bool?
    var lastDefinite: Date?

    struct Transition {
        var to: Bool
        /// When the change happened: the first fix of the run that proved it.
        var at: Date
        var afterGap: Bool
        var evidence: [EvidenceFix]
    }

    struct Rule: Sendable {
        var fixes: Int
        var seconds: TimeInterval
        var evidenceLimit: Int
    }

    /// Feeds one classified fix (`nil` = uncertain). Returns the transition when the settled side changes.
    mutating func feed(
        _ side: Bool?, at time: Date, previousFix: Date?, gapSeconds: TimeInterval,
        evidence: @autoclosure () -> EvidenceFix, rule: Rule
    ) -> Transition? {
        guard let side else { return nil }
        lastSide = side
        lastDefinite = time
        if side == settled {
            if runCount > 0 { clearRun() }
            return nil
        }
        if settled == nil && side == false {
            settled = false
            clearRun()
            return Transition(to: false, at: time, afterGap: false, evidence: [])
        }
        if runCount == 0 {
            runStart = time
            runAfterGap = previousFix.map { time.timeIntervalSince($0) > gapSeconds } ?? false
        }
        runCount += 1
        if runEvidence.count < rule.evidenceLimit { runEvidence.append(evidence()) }
        let start = runStart ?? time
        let held = runCount >= rule.fixes || (runCount >= 2 && time.timeIntervalSince(start) >= rule.seconds)
        guard held else { return nil }
        let transition = Transition(to: side, at: start, afterGap: runAfterGap, evidence: runEvidence)
        settled = side
        clearRun()
        return transition
    }

    /// Forget everything (a schedule window starts afresh).
    mutating func reset() { self = Dwell() }

    private mutating func clearRun() {
        runCount = 0
        runStart = nil
        runAfterGap = false
        if !runEvidence.isEmpty { runEvidence = [] }
    }
}
