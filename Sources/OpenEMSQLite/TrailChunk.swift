import Foundation
import GRDB
import Geo
import OpenEMCore

/// The search side of the space-time index in the embedded store: a device's position fixes in one 10-minute slot
/// packed into blobs (`PackedFixes`). Appended to as fixes arrive, so a blob's fixes are in arrival order and
/// readers sort. A blob holds at most `maxFixes`, so that it stays inside its b-tree page (SQLite moves a larger
/// row's tail to overflow pages, and appending would rewrite it all): a device sending a fix a second fills a slot
/// with several parts.
enum TrailChunk {
    static let stride = PackedFixes.stride
    static let maxFixes = 28

    /// Appends a slot's new fixes: fills the slot's last part, then starts new ones.
    static func write(_ db: Database, dkey: Int64, slot: Int64, fixes data: Data) throws {
        let last = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT part, length(fixes) FROM trail_chunks WHERE dkey = ? AND slot = ? ORDER BY part DESC LIMIT 1
                    """), arguments: [dkey, slot])
        var part: Int64 = last?[0] ?? -1
        var rest = data[...]
        if let last, case let room = maxFixes * stride - (last[1] as Int), room > 0 {
            let head = rest.prefix(room)
            try db.cachedStatement(sql: "UPDATE trail_chunks SET fixes = fixes || ? WHERE dkey = ? AND slot = ? AND part = ?")
                .execute(arguments: [Data(head), dkey, slot, part])
            rest = rest.dropFirst(head.count)
        }
        while !rest.isEmpty {
            part += 1
            let piece = rest.prefix(maxFixes * stride)
            try db.cachedStatement(sql: "INSERT INTO trail_chunks (dkey, slot, part, fixes) VALUES (?, ?, ?, ?)")
                .execute(arguments: [dkey, slot, part, Data(piece)])
            rest = rest.dropFirst(piece.count)
        }
    }

    /// The latest fix before `before`, from (slot, fixes) rows read newest slot first: the first slot that has one
    /// decides (all its parts are read, since their fixes are in arrival order).
    static func nearest(_ rows: RowCursor, before: Int64) throws -> TrailPoint? {
        try firstSlotWithFixes(rows, from: .min, to: before).max { $0.time < $1.time }
    }

    /// The earliest fix at or after `from`, from (slot, fixes) rows read oldest slot first.
    static func nearest(_ rows: RowCursor, from: Int64) throws -> TrailPoint? {
        try firstSlotWithFixes(rows, from: from, to: .max).min { $0.time < $1.time }
    }

    /// The fixes in [from, to) of the first slot, in the rows' order, that has any.
    static func firstSlotWithFixes(_ rows: RowCursor, from: Int64, to: Int64) throws -> [TrailPoint] {
        var found: [TrailPoint] = [], foundSlot: Int64?
        while let r = try rows.next() {
            let slot: Int64 = r[0]
            if let s = foundSlot, s != slot { break }
            let data: Data = r[1]
            PackedFixes.decode(data, from: from, to: to, into: &found)
            if !found.isEmpty { foundSlot = slot }
        }
        return found
    }
}
