import Foundation
import Geo

/// A device's position fixes packed for the search side of the space-time index, as both stores keep them: 32
/// bytes a fix (time in milliseconds, latitude, longitude, accuracy; little-endian), a device's fixes of one
/// 10-minute slot together, so a search reads a wearer's hour as a few rows instead of sixty. Fixes are packed in
/// arrival order; readers sort.
public enum PackedFixes {
    public static let stride = 32

    /// The most fixes one stored row holds: 1,792 bytes, so a row stays inline (under PostgreSQL's 2 kB TOAST
    /// threshold) and fits an index entry (PostgreSQL's index keeps the fixes beside the device and slot).
    public static let maxFixesPerRow = 56

    /// `data` cut into rows of at most `maxFixesPerRow` fixes.
    public static func rows(_ data: Data) -> [Data] {
        Swift.stride(from: data.startIndex, to: data.endIndex, by: maxFixesPerRow * stride).map { start in
            data[start..<min(start + maxFixesPerRow * stride, data.endIndex)]
        }
    }

    /// A time as packed fixes carry it.
    public static func milliseconds(_ time: Date) -> Int64 { Int64((time.timeIntervalSince1970 * 1000).rounded()) }

    /// Whether a fix belongs in the search side at all: one of unknown accuracy cannot place anyone within a
    /// distance of anything, so area search and crime matching leave it out (the trail still shows it).
    public static func isSearchable(_ fix: PositionFix) -> Bool { fix.accuracyMetres != nil }

    /// Appends a searchable fix (`isSearchable`); a fix of unknown accuracy is not appended.
    public static func append(_ time: Date, _ fix: PositionFix, to data: inout Data) {
        guard let accuracy = fix.accuracyMetres else { return }
        var fields: (Int64, UInt64, UInt64, UInt64) = (
            milliseconds(time).littleEndian,
            fix.coordinate.lat.bitPattern.littleEndian,
            fix.coordinate.lon.bitPattern.littleEndian,
            accuracy.bitPattern.littleEndian
        )
        withUnsafeBytes(of: &fields) { data.append(contentsOf: $0) }
    }

    /// The packed fixes with a time in [from, to) (milliseconds), appended to `points`.
    public static func decode(_ raw: UnsafeRawBufferPointer, from: Int64, to: Int64, into points: inout [TrailPoint]) {
        var o = 0
        while o + stride <= raw.count {
            let t = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self))
            if t >= from && t < to {
                let lat = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)))
                let lon = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)))
                let acc = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)))
                points.append(
                    TrailPoint(
                        time: Date(timeIntervalSince1970: Double(t) / 1000), coordinate: Coordinate(lat: lat, lon: lon),
                        accuracyMetres: acc))
            }
            o += stride
        }
    }

    public static func decode(_ data: Data, from: Int64, to: Int64, into points: inout [TrailPoint]) {
        data.withUnsafeBytes { decode($0, from: from, to: to, into: &points) }
    }

    /// Sorts fixes read from packed slots by time (a slot's fixes are in arrival order, and late data can reach an
    /// earlier slot late), leaving them alone when already in order.
    public static func inTimeOrder(_ points: [TrailPoint]) -> [TrailPoint] {
        zip(points, points.dropFirst()).contains(where: { $0.time > $1.time }) ? points.sorted { $0.time < $1.time } : points
    }
}
