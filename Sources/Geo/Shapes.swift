import Foundation

/// A polygon as GeoJSON has it: an exterior ring and holes, each ring closed (first position == last).
public struct Polygon: Hashable, Sendable, Codable {
    public var exterior: [Coordinate]
    public var holes: [[Coordinate]]

    public init(exterior: [Coordinate], holes: [[Coordinate]] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    public var rings: [[Coordinate]] { [exterior] + holes }
}

public struct MultiPolygon: Hashable, Sendable, Codable {
    public var polygons: [Polygon]
    public init(polygons: [Polygon]) { self.polygons = polygons }
}

public struct Circle: Hashable, Sendable, Codable {
    public var center: Coordinate
    public var radiusMetres: Double
    public init(center: Coordinate, radiusMetres: Double) {
        self.center = center
        self.radiusMetres = radiusMetres
    }
}

public enum Shape: Hashable, Sendable {
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)
    case circle(Circle)

    public var boundingBox: BoundingBox {
        switch self {
        case .polygon(let p): BoundingBox(covering: p.exterior)
        case .multiPolygon(let m): BoundingBox(covering: m.polygons.flatMap(\.exterior))
        case .circle(let c):
            BoundingBox(minLat: c.center.lat, minLon: c.center.lon, maxLat: c.center.lat, maxLon: c.center.lon)
                .expanded(byMetres: c.radiusMetres)
        }
    }

    public func contains(_ c: Coordinate) -> Bool { PreparedShape(self).contains(c) }

    /// Metres from the point to the boundary: negative inside, positive outside.
    public func signedDistance(to c: Coordinate) -> Double { PreparedShape(self).signedDistance(to: c) }

    public var areaSquareMetres: Double {
        switch self {
        case .circle(let c): return Double.pi * c.radiusMetres * c.radiusMetres
        case .polygon(let p): return PlanarGeometry.area(of: p)
        case .multiPolygon(let m): return m.polygons.reduce(0) { $0 + PlanarGeometry.area(of: $1) }
        }
    }
}

enum PlanarGeometry {
    /// Area of a polygon (exterior minus holes) in a local projection at its centre.
    static func area(of p: Polygon) -> Double {
        let proj = LocalProjection(origin: BoundingBox(covering: p.exterior).center)
        func ringArea(_ ring: [Coordinate]) -> Double {
            let pts = ring.map(proj.project)
            guard pts.count >= 3 else { return 0 }
            var s = 0.0
            for i in 0..<pts.count {
                let a = pts[i], b = pts[(i + 1) % pts.count]
                s += a.x * b.y - b.x * a.y
            }
            return abs(s) / 2
        }
        return max(0, ringArea(p.exterior) - p.holes.reduce(0) { $0 + ringArea($1) })
    }
}

/// A shape prepared once for the hot path: rings projected into a local plane as flat arrays, so a
/// containment or distance test allocates nothing and a far-away point is rejected by its bounding box.
public struct PreparedShape: Sendable {
    public let shape: Shape
    public let boundingBox: BoundingBox
    private let projection: LocalProjection
    /// Projected bounding box, metres.
    private let minX: Double, maxX: Double, minY: Double, maxY: Double
    /// Edge i runs from (xs[i], ys[i]) to (xs[i+1], ys[i+1]) unless `ringEnd[i]` (last vertex of its ring).
    private let xs: [Double]
    private let ys: [Double]
    private let ringStarts: [Int]
    private let ringPolygon: [Int]
    private let circleRadius: Double

    public init(_ shape: Shape) {
        self.shape = shape
        boundingBox = shape.boundingBox
        let origin: Coordinate
        if case .circle(let c) = shape { origin = c.center } else { origin = boundingBox.center }
        projection = LocalProjection(origin: origin)
        var xs: [Double] = [], ys: [Double] = [], starts: [Int] = [], owners: [Int] = []
        var radius = 0.0
        switch shape {
        case .circle(let c):
            radius = c.radiusMetres
        case .polygon(let p):
            Self.append(p, index: 0, projection, &xs, &ys, &starts, &owners)
        case .multiPolygon(let m):
            for (i, p) in m.polygons.enumerated() { Self.append(p, index: i, projection, &xs, &ys, &starts, &owners) }
        }
        starts.append(xs.count)
        self.xs = xs
        self.ys = ys
        ringStarts = starts
        ringPolygon = owners
        circleRadius = radius
        if case .circle = shape {
            minX = -radius
            maxX = radius
            minY = -radius
            maxY = radius
        } else {
            minX = xs.min() ?? 0
            maxX = xs.max() ?? 0
            minY = ys.min() ?? 0
            maxY = ys.max() ?? 0
        }
    }

    private static func append(
        _ p: Polygon, index: Int, _ proj: LocalProjection, _ xs: inout [Double], _ ys: inout [Double],
        _ starts: inout [Int], _ owners: inout [Int]
    ) {
        for ring in p.rings {
            // Drop the closing duplicate; edges wrap around.
            var pts = ring
            if pts.count > 1, pts.first == pts.last { pts.removeLast() }
            guard pts.count >= 3 else { continue }
            starts.append(xs.count)
            owners.append(index)
            for c in pts {
                let q = proj.project(c)
                xs.append(q.x)
                ys.append(q.y)
            }
        }
    }

    /// Cheap reject: true when the point is certainly more than `metres` from every part of the shape.
    @inline(__always)
    public func isCertainlyFartherThan(_ metres: Double, from c: Coordinate) -> Bool {
        let p = projection.project(c)
        return p.x < minX - metres || p.x > maxX + metres || p.y < minY - metres || p.y > maxY + metres
    }

    public func contains(_ c: Coordinate) -> Bool { signedDistance(to: c) <= 0 }

    /// Metres to the boundary, negative inside.
    public func signedDistance(to c: Coordinate) -> Double {
        if case .circle(let circle) = shape {
            // Tangent plane at the midpoint, not at the centre: within 0.1% of geographiclib out to tens of
            // kilometres (Tests/GeoTests), where a plane fixed at the centre drifts by metres.
            return Geodesic.fastDistance(circle.center, c) - circleRadius
        }
        let p = projection.project(c)
        var best = Double.infinity
        // Even-odd crossing count per polygon: inside a polygon = inside its exterior and outside its holes.
        var insideAny = false
        var currentPolygon = -1
        var crossings = 0
        for r in 0..<(ringStarts.count - 1) {
            let polygon = ringPolygon[r]
            if polygon != currentPolygon {
                if crossings % 2 == 1 { insideAny = true }
                currentPolygon = polygon
                crossings = 0
            }
            let start = ringStarts[r], end = ringStarts[r + 1]
            var j = end - 1
            for i in start..<end {
                let ax = xs[j], ay = ys[j], bx = xs[i], by = ys[i]
                if (ay > p.y) != (by > p.y) {
                    let xCross = ax + (p.y - ay) * (bx - ax) / (by - ay)
                    if p.x < xCross { crossings += 1 }
                }
                let dx = bx - ax, dy = by - ay
                let len2 = dx * dx + dy * dy
                var t = len2 > 0 ? ((p.x - ax) * dx + (p.y - ay) * dy) / len2 : 0
                t = min(1, max(0, t))
                let ex = ax + t * dx - p.x, ey = ay + t * dy - p.y
                let d2 = ex * ex + ey * ey
                if d2 < best { best = d2 }
                j = i
            }
        }
        if crossings % 2 == 1 { insideAny = true }
        let d = best.squareRoot()
        return insideAny ? -d : d
    }
}
