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

    init(capacity: Int = 50_000) { self.capacity = capacity }

    /// Up to `limit` entries after `offset`, if this stretch holds the next one.
    func read(after offset: Int64, limit: Int) -> [LoggedTelemetry]? {
        entries.withLock { log in
            guard let first = log.first?.offset, offset >= first - 1, offset < first - 1 + Int64(log.count) else { return nil }
            let i = Int(offset - (first - 1))
            return Array(log[i..<min(log.count, i + limit)])
        }
    }

    /// Adds a contiguous run of entries: extends the stretch if it joins or overlaps its end, starts a new stretch if
    /// it is newer with a gap (another node's appends not seen here), and is ignored if it is older.
    func add(_ run: [LoggedTelemetry]) {
        guard let head = run.first?.offset, let tail = run.last?.offset else { return }
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
    }
}
