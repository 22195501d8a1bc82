import Foundation

/// The episodes a wearer's state may still change: open ones, and closed tamper episodes a repeat may
/// extend. Every edit is reported as a `ViolationChange` carrying the episode as it now stands.
struct EpisodeBook: Hashable, Sendable, Codable {
    var live: [Episode] = []

    func index(_ key: EpisodeKey) -> Int? { live.firstIndex { $0.key == key } }

    func episode(_ key: EpisodeKey) -> Episode? { index(key).map { live[$0] } }

    mutating func open(
        _ key: EpisodeKey, status: ViolationStatus, evidence: ViolationEvidence,
        changes: inout [ViolationChange]
    ) {
        guard index(key) == nil else { return }
        let episode = Episode(key: key, status: status, evidence: evidence)
        live.append(episode)
        changes.append(ViolationChange(kind: .opened, episode: episode))
    }

    /// Ends an episode. `keep` leaves it in the book so a repeat can extend it (tamper).
    mutating func close(
        _ key: EpisodeKey, at end: Date, summary: String? = nil, keep: Bool = false,
        changes: inout [ViolationChange]
    ) {
        guard let i = index(key) else { return }
        live[i].end = max(end, key.start)
        if let summary { live[i].evidence.summary = summary }
        changes.append(ViolationChange(kind: .closed, episode: live[i]))
        if !keep { live.remove(at: i) }
    }

    mutating func extend(_ key: EpisodeKey, to end: Date, changes: inout [ViolationChange]) {
        guard let i = index(key), let old = live[i].end, end > old else { return }
        live[i].end = end
        changes.append(ViolationChange(kind: .extended, episode: live[i]))
    }

    mutating func confirm(_ key: EpisodeKey, changes: inout [ViolationChange]) {
        guard let i = index(key), live[i].status == .provisional else { return }
        live[i].status = .confirmed
        changes.append(ViolationChange(kind: .confirmed, episode: live[i]))
    }

    mutating func withdraw(_ key: EpisodeKey, reason: String, changes: inout [ViolationChange]) {
        guard let i = index(key) else { return }
        var episode = live.remove(at: i)
        episode.status = .withdrawn
        episode.evidence.summary += " Withdrawn: \(reason)"
        changes.append(ViolationChange(kind: .withdrawn, episode: episode))
    }

    /// Adds a fix while under the evidence limit (beyond it the episode's first fixes tell the story).
    mutating func addEvidence(
        _ key: EpisodeKey, fix: @autoclosure () -> EvidenceFix, limit: Int,
        changes: inout [ViolationChange]
    ) {
        guard let i = index(key), live[i].evidence.fixes.count < limit else { return }
        live[i].evidence.fixes.append(fix())
        changes.append(ViolationChange(kind: .evidenceAdded, episode: live[i]))
    }

    mutating func noteGap(_ key: EpisodeKey, _ gap: DateInterval) {
        guard let i = index(key) else { return }
        live[i].evidence.dataGaps.append(gap)
    }

    /// Drops closed episodes that nothing can extend any more.
    mutating func prune(before cutoff: Date) {
        live.removeAll { ($0.end.map { $0 < cutoff }) ?? false }
    }
}
