import Foundation

/// Compares the episodes a store holds with the episodes a replay produced, and says what to change in the
/// store. Every change is `late`: it was decided after the fact, from data that arrived late.
public enum Reconcile {
    /// Whether a stored episode is one a replay from `checkpoint` can speak for: it was live in the checkpoint,
    /// or it had not ended by the checkpoint's clock (so it was opened or still open after it). Start times are
    /// back-dated (a silence starts at the last message, an entry at the first fix inside), so the start
    /// cannot tell. Give `changes(stored:replayed:)` only these.
    public static func isInScope(_ stored: Episode, checkpoint: WearerState) -> Bool {
        if checkpoint.liveEpisodes.contains(where: { $0.key == stored.key }) { return true }
        return stored.end.map { $0 > checkpoint.clock } ?? true
    }

    /// - Returns: `opened` for episodes only the replay has, `withdrawn` for stored ones it no longer
    ///   produces (or withdrew), `extended` / `shortened` / `closed` when the end moved, `confirmed` when only
    ///   the status firmed up, `evidenceAdded` when only the evidence differs. Unchanged episodes give nothing.
    public static func changes(stored: [Episode], replayed: [Episode]) -> [ViolationChange] {
        var out: [ViolationChange] = []
        var replayedByKey: [EpisodeKey: Episode] = [:]
        for e in replayed { replayedByKey[e.key] = e }
        var storedKeys = Set<EpisodeKey>()
        for s in stored where s.status != .withdrawn {
            storedKeys.insert(s.key)
            guard let r = replayedByKey[s.key], r.status != .withdrawn else {
                var gone = s
                gone.status = .withdrawn
                gone.evidence.summary += " Withdrawn: data that arrived late shows this did not happen."
                out.append(ViolationChange(kind: .withdrawn, episode: gone, late: true))
                continue
            }
            let kind: ViolationChange.Kind?
            switch (s.end, r.end) {
            case (nil, nil): kind = nil
            case (nil, _?): kind = .closed
            case (_?, nil): kind = .extended
            case (let a?, let b?): kind = b > a ? .extended : b < a ? .shortened : nil
            }
            if let kind {
                out.append(ViolationChange(kind: kind, episode: r, late: true))
            } else if s.status != r.status {
                out.append(ViolationChange(kind: r.status == .confirmed ? .confirmed : .evidenceAdded, episode: r, late: true))
            } else if s.evidence != r.evidence {
                out.append(ViolationChange(kind: .evidenceAdded, episode: r, late: true))
            }
        }
        for r in replayed where !storedKeys.contains(r.key) && r.status != .withdrawn {
            out.append(ViolationChange(kind: .opened, episode: r, late: true))
        }
        return out
    }
}
