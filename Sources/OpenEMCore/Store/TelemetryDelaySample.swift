import Foundation

/// A bounded sample of telemetry delays (receipt minus device time) without reading the whole log: the log's
/// offsets follow arrival, so the offsets received in a window are found by binary search on `received`, and the
/// sample takes every k-th offset between them (each a primary-key lookup). Works on any `TelemetryStore`.
public enum TelemetryDelaySample {
    public static let defaultLimit = 500
}

extension TelemetryStore {
    /// The first logged message after `offset`, if any.
    func firstTelemetry(after offset: Int64) async throws -> LoggedTelemetry? {
        try await telemetry(afterOffset: offset, limit: 1).first
    }

    /// The smallest offset whose message was received at or after `time` (or `latest + 1` if none), assuming
    /// `received` does not decrease along the log (messages are logged as they arrive).
    func firstOffset(receivedAtOrAfter time: Date, latest: Int64) async throws -> Int64 {
        var lo: Int64 = 0, hi = latest + 1
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            guard let m = try await firstTelemetry(after: mid - 1) else {
                hi = mid
                continue
            }
            if m.receivedAt >= time { hi = mid } else { lo = m.offset + 1 }
        }
        return lo
    }

    /// Seconds from device time to receipt of up to `limit` messages received in [from, to), at an even stride of
    /// offsets; with `deviceIds`, only the sampled messages of those devices are kept. Negative values (a device
    /// clock ahead of the server's) are kept as they are.
    public func telemetryDelaySample(
        from: Date, to: Date, deviceIds: Set<EntityID>? = nil, limit: Int = TelemetryDelaySample.defaultLimit
    ) async throws -> [Double] {
        let latest = try await latestTelemetryOffset()
        guard latest > 0, limit > 0 else { return [] }
        let first = try await firstOffset(receivedAtOrAfter: from, latest: latest)
        let end = try await firstOffset(receivedAtOrAfter: to, latest: latest)
        guard first < end else { return [] }
        let span = end - first
        let step = max(1, (span + Int64(limit) - 1) / Int64(limit))
        var out: [Double] = []
        var next = first
        while next < end, out.count < limit {
            guard let m = try await firstTelemetry(after: next - 1), m.offset < end else { break }
            if m.receivedAt >= from && m.receivedAt < to && deviceIds.map({ $0.contains(m.message.deviceId) }) ?? true {
                out.append(m.receivedAt.timeIntervalSince(m.message.time))
            }
            next = max(next + step, m.offset + 1)
        }
        return out
    }
}
