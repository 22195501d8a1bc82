import Foundation
import Geo
import GRDB
import OpenEMCore

/// The search side of the space-time index: a device's position fixes in one 10-minute slot packed into one blob
/// (32 bytes a fix: time in milliseconds, latitude, longitude, accuracy; little-endian), so a search reads a
/// wearer's hour as six rows instead of sixty. Appended to as fixes arrive, so a blob's fixes are in arrival order;
/// readers sort.
enum TrailChunk {
    static let stride = 32

    static func append(_ time: Date, _ fix: PositionFix, to data: inout Data) {
        var fields: (Int64, UInt64, UInt64, UInt64) = (ms(time).littleEndian, fix.coordinate.lat.bitPattern.littleEndian,
                                                      fix.coordinate.lon.bitPattern.littleEndian,
                                                      fix.accuracyMetres.bitPattern.littleEndian)
        withUnsafeBytes(of: &fields) { data.append(contentsOf: $0) }
    }

    /// The fixes of a blob with a time in [from, to), appended to `points`.
    static func decode(_ data: Data, from: Int64, to: Int64, into points: inout [TrailPoint]) {
        data.withUnsafeBytes { raw in
            var o = 0
            while o + stride <= raw.count {
                let t = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: o, as: Int64.self))
                if t >= from && t < to {
                    let lat = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 8, as: UInt64.self)))
                    let lon = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 16, as: UInt64.self)))
                    let acc = Double(bitPattern: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: o + 24, as: UInt64.self)))
                    points.append(TrailPoint(time: Date(timeIntervalSince1970: Double(t) / 1000), coordinate: Coordinate(lat: lat, lon: lon),
                                             accuracyMetres: acc))
                }
                o += stride
            }
        }
    }

    /// The latest fix before `before` in blobs read newest slot first: stops at the first blob that has one.
    static func nearest(_ blobs: some Cursor<Data>, before: Int64) throws -> TrailPoint? {
        while let data = try blobs.next() {
            var all: [TrailPoint] = []
            decode(data, from: .min, to: before, into: &all)
            if let p = all.max(by: { $0.time < $1.time }) { return p }
        }
        return nil
    }

    /// The earliest fix at or after `from` in blobs read oldest slot first.
    static func nearest(_ blobs: some Cursor<Data>, from: Int64) throws -> TrailPoint? {
        while let data = try blobs.next() {
            var all: [TrailPoint] = []
            decode(data, from: from, to: .max, into: &all)
            if let p = all.min(by: { $0.time < $1.time }) { return p }
        }
        return nil
    }
}
