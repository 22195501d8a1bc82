import Foundation

public enum GeometryProblem: Error, Hashable, Sendable {
    case coordinateOutOfRange(ring: Int, index: Int)
    case ringNotClosed(ring: Int)
    case tooFewPositions(ring: Int)
    case selfIntersection(ring: Int)
    case holeOutsideShell(hole: Int)
    case holesOverlap
    case areaTooLarge(squareMetres: Double)
    case radiusOutOfRange(Double)
    case emptyGeometry

    public var code: String {
        switch self {
        case .coordinateOutOfRange: "COORDINATE_OUT_OF_RANGE"
        case .ringNotClosed: "RING_NOT_CLOSED"
        case .tooFewPositions: "TOO_FEW_POSITIONS"
        case .selfIntersection: "SELF_INTERSECTION"
        case .holeOutsideShell: "HOLE_OUTSIDE_SHELL"
        case .holesOverlap: "HOLES_OVERLAP"
        case .areaTooLarge: "AREA_TOO_LARGE"
        case .radiusOutOfRange: "RADIUS_OUT_OF_RANGE"
        case .emptyGeometry: "EMPTY_GEOMETRY"
        }
    }

    public var message: String {
        switch self {
        case .coordinateOutOfRange(let r, let i): "ring \(r) position \(i) is not a valid [lon, lat]"
        case .ringNotClosed(let r): "ring \(r) is not closed: its last position must equal its first"
        case .tooFewPositions(let r): "ring \(r) needs at least 4 positions (a closed triangle)"
        case .selfIntersection(let r): "ring \(r) crosses itself"
        case .holeOutsideShell(let h): "hole \(h) is not inside the exterior ring"
        case .holesOverlap: "two holes overlap"
        case .areaTooLarge(let a): String(format: "the area is %.0f km², larger than allowed", a / 1e6)
        case .radiusOutOfRange(let r): String(format: "radius %.1f m is outside the allowed range", r)
        case .emptyGeometry: "the geometry has no positions"
        }
    }
}

public enum GeometryValidation {
    public static func problems(in polygon: Polygon, maxAreaSquareMetres: Double = 2_000_000_000) -> [GeometryProblem] {
        var out: [GeometryProblem] = []
        let rings = polygon.rings
        if polygon.exterior.isEmpty { return [.emptyGeometry] }
        var structurallyValid = true
        for (r, ring) in rings.enumerated() {
            for (i, c) in ring.enumerated() where !c.isValid {
                out.append(.coordinateOutOfRange(ring: r, index: i))
                structurallyValid = false
            }
            if ring.count < 4 {
                out.append(.tooFewPositions(ring: r))
                structurallyValid = false
            } else if ring.first != ring.last {
                out.append(.ringNotClosed(ring: r))
                structurallyValid = false
            }
        }
        guard structurallyValid else { return out }
        let proj = LocalProjection(origin: BoundingBox(covering: polygon.exterior).center)
        let projected = rings.map { $0.dropLast().map(proj.project) }
        for (r, ring) in projected.enumerated() where selfIntersects(ring) {
            out.append(.selfIntersection(ring: r))
        }
        if !out.isEmpty { return out }
        let shell = PreparedShape(.polygon(Polygon(exterior: polygon.exterior)))
        for (h, hole) in polygon.holes.enumerated() {
            let outside = hole.dropLast().contains { !shell.contains($0) }
            if outside || ringsCross(projected[0], projected[h + 1]) { out.append(.holeOutsideShell(hole: h + 1)) }
        }
        for i in 0..<polygon.holes.count {
            for j in (i + 1)..<max(polygon.holes.count, i + 1)
            where ringsCross(projected[i + 1], projected[j + 1])
                || PreparedShape(.polygon(Polygon(exterior: polygon.holes[i]))).contains(polygon.holes[j][0])
            {
                out.append(.holesOverlap)
            }
        }
        let area = PlanarGeometry.area(of: polygon)
        if area > maxAreaSquareMetres { out.append(.areaTooLarge(squareMetres: area)) }
        return out
    }

    public static func problems(in multi: MultiPolygon, maxAreaSquareMetres: Double = 2_000_000_000) -> [GeometryProblem] {
        if multi.polygons.isEmpty { return [.emptyGeometry] }
        var out = multi.polygons.flatMap { problems(in: $0, maxAreaSquareMetres: .infinity) }
        if out.isEmpty {
            let area = multi.polygons.reduce(0) { $0 + PlanarGeometry.area(of: $1) }
            if area > maxAreaSquareMetres { out.append(.areaTooLarge(squareMetres: area)) }
        }
        return out
    }

    public static func problems(in circle: Circle, minRadius: Double = 10, maxRadius: Double = 50_000) -> [GeometryProblem] {
        var out: [GeometryProblem] = []
        if !circle.center.isValid { out.append(.coordinateOutOfRange(ring: 0, index: 0)) }
        if !circle.radiusMetres.isFinite || circle.radiusMetres < minRadius || circle.radiusMetres > maxRadius {
            out.append(.radiusOutOfRange(circle.radiusMetres))
        }
        return out
    }

    /// Any two non-adjacent edges of a ring (closing duplicate removed) that touch or cross.
    static func selfIntersects(_ pts: [Point2D]) -> Bool {
        let n = pts.count
        guard n >= 3 else { return true }
        for i in 0..<n {
            let a1 = pts[i], a2 = pts[(i + 1) % n]
            for j in (i + 1)..<n {
                if j == i || (j + 1) % n == i || (i + 1) % n == j { continue }
                if segmentsIntersect(a1, a2, pts[j], pts[(j + 1) % n]) { return true }
            }
        }
        return false
    }

    static func ringsCross(_ a: [Point2D], _ b: [Point2D]) -> Bool {
        for i in 0..<a.count {
            for j in 0..<b.count where segmentsIntersect(a[i], a[(i + 1) % a.count], b[j], b[(j + 1) % b.count]) {
                return true
            }
        }
        return false
    }

    static func segmentsIntersect(_ p1: Point2D, _ p2: Point2D, _ q1: Point2D, _ q2: Point2D) -> Bool {
        func orient(_ a: Point2D, _ b: Point2D, _ c: Point2D) -> Double { (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x) }
        func onSegment(_ a: Point2D, _ b: Point2D, _ c: Point2D) -> Bool {
            min(a.x, b.x) <= c.x && c.x <= max(a.x, b.x) && min(a.y, b.y) <= c.y && c.y <= max(a.y, b.y)
        }
        let d1 = orient(q1, q2, p1), d2 = orient(q1, q2, p2), d3 = orient(p1, p2, q1), d4 = orient(p1, p2, q2)
        if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) { return true }
        if d1 == 0 && onSegment(q1, q2, p1) { return true }
        if d2 == 0 && onSegment(q1, q2, p2) { return true }
        if d3 == 0 && onSegment(p1, p2, q1) { return true }
        if d4 == 0 && onSegment(p1, p2, q2) { return true }
        return false
    }
}
