import Foundation

/// A WGS84 position in degrees.
public struct Coordinate: Hashable, Sendable, Codable {
    public var lat: Double
    public var lon: Double

    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }

    /// Finite, latitude in -90...90 and longitude in -180...180.
    public var isValid: Bool {
        lat.isFinite && lon.isFinite && (-90...90).contains(lat) && (-180...180).contains(lon)
    }
}

/// A point in a local plane, metres east (x) and north (y) of an origin.
public struct Point2D: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

public struct BoundingBox: Hashable, Sendable, Codable {
    public var minLat: Double
    public var minLon: Double
    public var maxLat: Double
    public var maxLon: Double

    public init(minLat: Double, minLon: Double, maxLat: Double, maxLon: Double) {
        self.minLat = minLat
        self.minLon = minLon
        self.maxLat = maxLat
        self.maxLon = maxLon
    }

    public init<S: Sequence<Coordinate>>(covering coordinates: S) {
        var b = BoundingBox(minLat: .infinity, minLon: .infinity, maxLat: -.infinity, maxLon: -.infinity)
        for c in coordinates {
            b.minLat = min(b.minLat, c.lat)
            b.maxLat = max(b.maxLat, c.lat)
            b.minLon = min(b.minLon, c.lon)
            b.maxLon = max(b.maxLon, c.lon)
        }
        self = b
    }

    public func contains(_ c: Coordinate) -> Bool {
        c.lat >= minLat && c.lat <= maxLat && c.lon >= minLon && c.lon <= maxLon
    }

    public func intersects(_ o: BoundingBox) -> Bool {
        minLat <= o.maxLat && o.minLat <= maxLat && minLon <= o.maxLon && o.minLon <= maxLon
    }

    /// Grown by a distance on every side (conservative: uses the smaller metres-per-degree of longitude).
    public func expanded(byMetres m: Double) -> BoundingBox {
        let dLat = m / 110_574.0
        let cosLat = max(cos(max(abs(minLat), abs(maxLat)) * .pi / 180), 0.01)
        let dLon = m / (111_320.0 * cosLat)
        return BoundingBox(minLat: minLat - dLat, minLon: minLon - dLon, maxLat: maxLat + dLat, maxLon: maxLon + dLon)
    }

    public var center: Coordinate { Coordinate(lat: (minLat + maxLat) / 2, lon: (minLon + maxLon) / 2) }
}
