import Foundation

/// What a replay produced.
public struct ReplayResult: Sendable {
    /// The state after the replay: it replaces the wearer's live state.
    public var state: WearerState
    /// Every change in event order, as live evaluation would have produced them.
    public var changes: [ViolationChange]
    /// The state after the messages, before the final advance to `until`: its clock is the last message's time,
    /// so it is a sound checkpoint for the next late message (the final state's clock may be far ahead).
    public var settled: WearerState
    /// Every episode the replay knew (those live in the checkpoint, and every one it opened), as it ended
    /// up, withdrawn ones included. Hand these to `Reconcile` with what the store holds.
    public var episodes: [Episode]
}

/// Re-runs a wearer from a checkpoint over messages in event time. This is how late data is evaluated "with
/// what came before and after it": the evaluator, on a backlog message (`RuleEngine.isBacklog`), loads the
/// newest checkpoint whose `watermark` is before the backlog's earliest message, reads the wearer's logged
/// messages newer than that watermark (old and new alike), replays them up to the live state's `clock`, and
/// reconciles the result against the stored violations.
public enum Replay {
    /// - Parameters:
    ///   - messages: in any order; replayed sorted by (time, device, seq), as the log would order them.
    ///   - ticks: extra tick instants (for example every minute). Timers fire at their own due times whatever
    ///     the ticks, so ticks only matter for timers due after the last message; `until` covers that.
    ///   - until: bring the clock up to here at the end (the live state's clock).
    ///   - receipts: when each device's data last reached the server (wall clock). Noted after the messages and
    ///     before the final advance to `until`, so silence in the data itself is still found, but the time a
    ///     backlog took to arrive is not reported as the device failing to communicate.
    public static func run(
        from checkpoint: WearerState, messages: [TelemetryMessage], ticks: [Date] = [],
        until: Date? = nil, receipts: [EntityID: Date] = [:], wearer: CompiledWearer,
        others: some OtherPartyPositions
    ) -> ReplayResult {
        var state = checkpoint
        var changes: [ViolationChange] = []
        let ordered = messages.sorted {
            ($0.time, $0.deviceId, $0.seq) < ($1.time, $1.deviceId, $1.seq)
        }
        var tickIndex = 0
        let sortedTicks = ticks.sorted()
        for message in ordered {
            while tickIndex < sortedTicks.count, sortedTicks[tickIndex] < message.time {
                changes += RuleEngine.tick(now: sortedTicks[tickIndex], state: &state, wearer: wearer, others: others)
                tickIndex += 1
            }
            changes += RuleEngine.process(message, state: &state, wearer: wearer, others: others)
        }
        while tickIndex < sortedTicks.count {
            changes += RuleEngine.tick(now: sortedTicks[tickIndex], state: &state, wearer: wearer, others: others)
            tickIndex += 1
        }
        let settled = state
        for (deviceId, at) in receipts {
            RuleEngine.noteReceipt(deviceId: deviceId, at: at, state: &state, wearer: wearer)
        }
        if let until {
            changes += RuleEngine.tick(now: until, state: &state, wearer: wearer, others: others)
        }
        return ReplayResult(
            state: state, changes: changes, settled: settled,
            episodes: latestEpisodes(start: checkpoint.liveEpisodes, changes: changes))
    }

    /// Folds changes into the newest snapshot of each episode, keyed by episode key, in first-seen order.
    public static func latestEpisodes(start: [Episode], changes: [ViolationChange]) -> [Episode] {
        var order: [EpisodeKey] = []
        var byKey: [EpisodeKey: Episode] = [:]
        for e in start + changes.map(\.episode) {
            if byKey[e.key] == nil { order.append(e.key) }
            byKey[e.key] = e
        }
        return order.map { byKey[$0]! }
    }
}
