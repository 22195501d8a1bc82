import OpenEMCore
import Synchronization

/// The newest stretch of the telemetry log this node has seen, kept in memory: what it appended itself (after the
/// commit) and what it read. Every evaluator partition reads the whole log, so on a node that runs several, only
/// the first to reach an entry reads it from the database; the others, and a single node's evaluator reading what
/// this node just appended, are served from here. Entries are kept contiguous by offset (the log is gapless and
/// numbered in commit order, and an entry never changes once committed), so a read from here is exactly what
/// the database would return.
final class RecentLog: Sendable {
    private let entries = Mutex<[LoggedTelemetry]>([])
    let capacity: Int
    /// When a read past the end last went to the database and found nothing newer.
    private let lastEmptyTailRead = Mutex<ContinuousClock.Instant?>(nil)
    /// How long such a finding stands for every reader on this node.
    let tailPollInterval: Duration

    init(capacity: Int = 50_000, tailPollInterval: Duration = .milliseconds(100)) {
        self.capacity = capacity
        self.tailPollInterval = tailPollInterval
    }

    /// True if `offset` is this stretch's last entry and a reader found nothing newer in the database within the
    /// poll interval: what this node appends arrives here before its readers are woken, so only other nodes' appends
    /// can be missed, for at most the interval (the evaluator waits longer than that when idle anyway). Several
    /// partitions on one node then poll the database's tail once between them, not once each.
    func tailIsFresh(after offset: Int64) -> Bool {
        guard entries.withLock({ $0.last?.offset == offset }) else { return false }
        return lastEmptyTailRead.withLock { at in at.map { ContinuousClock.now - $0 < tailPollInterval } ?? false }
    }

    /// Notes that a read past the end found nothing newer.
    func notedEmptyTail() { lastEmptyTailRead.withLock { $0 = .now } }

    /// Up to `limit` entries after `offset`, if this stretch holds the next one.
    func read(after offset: Int64, limit: Int) -> [LoggedTelemetry]? {
        entries.withLock { log in
            guard let first = log.first?.offset, offset >= first - 1, offset < first - 1 + Int64(log.count) else { return nil }
            let i = Int(offset - (first - 1))
            return Array(log[i..<min(log.count, i + limit)])
        }
    }

    /// Adds a contiguous run of entries: extends the stretch if it joins or overlaps its end, starts a new stretch if
    /// it is newer with a gap (another node's appends not seen here), and is ignored if it is older. A run read from the
    /// database with offsets missing (rows a retention run deleted) is not kept: reads from here count on contiguity.
    func add(_ run: [LoggedTelemetry]) {
        guard let head = run.first?.offset, let tail = run.last?.offset, tail - head + 1 == Int64(run.count) else { return }
        entries.withLock { log in
            if let last = log.last?.offset {
                if tail <= last { return }
                if head <= last + 1 {
                    log.append(contentsOf: run[Int(last + 1 - head)...])
                } else {
                    log = run
                }
            } else {
                log = run
            }
            if log.count > capacity + capacity / 4 { log.removeFirst(log.count - capacity) }
        }
        lastEmptyTailRead.withLock { $0 = nil }
    }

    /// Forgets every entry: a retention run on this node deleted rows, and a read must not be served what is gone.
    func clear() {
        entries.withLock { $0 = [] }
        lastEmptyTailRead.withLock { $0 = nil }
    }
}
