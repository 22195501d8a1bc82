import Foundation
import Geo

/// What a trail search reads of the space-time index, the same in both stores so that both find the same
/// candidates: the cells covering the box; the window's slots; and the horizon's slots either side, each
/// including the window's edge slot, where the fixes just before `from` or just after `to` can lie.
public struct TrailSearchSlots: Sendable {
    public let cells: [Int64]
    public let window: ClosedRange<Int64>
    /// From the horizon's start to the window's first slot.
    public let before: ClosedRange<Int64>
    /// From the window's last slot to the horizon's end.
    public let after: ClosedRange<Int64>
    /// `from` and `to` in milliseconds, as packed fixes carry their times.
    public let fromMs: Int64, toMs: Int64

    public init(box: BoundingBox, from: Date, to: Date, horizon: TimeInterval) {
        cells = SpaceTimeCell.cells(covering: box)
        window = SpaceTimeCell.slot(from)...SpaceTimeCell.slot(to)
        before = SpaceTimeCell.slot(from.addingTimeInterval(-horizon))...window.lowerBound
        after = window.upperBound...SpaceTimeCell.slot(to.addingTimeInterval(horizon))
        fromMs = PackedFixes.milliseconds(from)
        toMs = PackedFixes.milliseconds(to)
    }

    /// The horizon's slots outside the window, before and after it, as (from, to); a span whose `to` is before its
    /// `from` (a horizon shorter than a slot) is empty. A device seen in them is a candidate for a gap across the window.
    public var aroundBefore: (from: Int64, to: Int64) { (before.lowerBound, window.lowerBound - 1) }
    public var aroundAfter: (from: Int64, to: Int64) { (window.upperBound + 1, after.upperBound) }
}
