// The formulas' one-letter and numeral names (L, U1, I, II, ...) are the published papers' own.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation

/// Distances on the WGS84 ellipsoid.
public enum Geodesic {
    public static let a = 6_378_137.0
    public static let f = 1 / 298.257223563
    public static let b = a * (1 - f)

    /// Metres between two points: Vincenty's inverse formula (sub-millimetre on the ellipsoid), with a
    /// spherical fallback for the rare nearly antipodal pairs where it does not converge.
    public static func distance(_ p: Coordinate, _ q: Coordinate) -> Double {
        if p.lat == q.lat && p.lon == q.lon { return 0 }
        let rad = Double.pi / 180
        let L = (q.lon - p.lon) * rad
        let U1 = atan((1 - f) * tan(p.lat * rad))
        let U2 = atan((1 - f) * tan(q.lat * rad))
        let sinU1 = sin(U1), cosU1 = cos(U1), sinU2 = sin(U2), cosU2 = cos(U2)
        var lambda = L
        var iterations = 0
        var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0, cos2Alpha = 0.0, cos2SigmaM = 0.0
        while true {
            let sinLambda = sin(lambda), cosLambda = cos(lambda)
            let t1 = cosU2 * sinLambda
            let t2 = cosU1 * sinU2 - sinU1 * cosU2 * cosLambda
            sinSigma = (t1 * t1 + t2 * t2).squareRoot()
            if sinSigma == 0 { return 0 }
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosLambda
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cosU1 * cosU2 * sinLambda / sinSigma
            cos2Alpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0
            let C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
            let previous = lambda
            lambda =
                L + (1 - C) * f * sinAlpha
                * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            iterations += 1
            if abs(lambda - previous) < 1e-12 { break }
            if iterations > 200 { return sphericalDistance(p, q) }
        }
        let uSq = cos2Alpha * (a * a - b * b) / (b * b)
        let A = 1 + uSq / 16384 * (4096 + uSq * (-768 + uSq * (320 - 175 * uSq)))
        let B = uSq / 1024 * (256 + uSq * (-128 + uSq * (74 - 47 * uSq)))
        let deltaSigma =
            B * sinSigma
            * (cos2SigmaM + B / 4
                * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                    - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        return b * A * (sigma - deltaSigma)
    }

    /// Great-circle distance on the mean-radius sphere (within about 0.5% of the ellipsoid).
    public static func sphericalDistance(_ p: Coordinate, _ q: Coordinate) -> Double {
        let rad = Double.pi / 180
        let dLat = (q.lat - p.lat) * rad, dLon = (q.lon - p.lon) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(p.lat * rad) * cos(q.lat * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_008.8 * asin(min(1, h.squareRoot()))
    }

    /// Cheap distance for hot paths under ~50 km: a plane tangent at the midpoint with the ellipsoid's
    /// meridional and parallel radii there. Error well under 0.1% at city scale.
    @inline(__always)
    public static func fastDistance(_ p: Coordinate, _ q: Coordinate) -> Double {
        let s = LocalScale(latitude: (p.lat + q.lat) / 2)
        var dLon = q.lon - p.lon
        if dLon > 180 { dLon -= 360 } else if dLon < -180 { dLon += 360 }
        let x = dLon * s.metresPerDegreeLon
        let y = (q.lat - p.lat) * s.metresPerDegreeLat
        return (x * x + y * y).squareRoot()
    }

    /// The point reached by going `distanceMetres` from `from` on an initial bearing (spherical; for
    /// simulation and drawing, not for measurement).
    public static func destination(from: Coordinate, bearingDegrees: Double, distanceMetres: Double) -> Coordinate {
        let rad = Double.pi / 180
        let d = distanceMetres / 6_371_008.8
        let br = bearingDegrees * rad
        let lat1 = from.lat * rad, lon1 = from.lon * rad
        let lat2 = asin(sin(lat1) * cos(d) + cos(lat1) * sin(d) * cos(br))
        let lon2 = lon1 + atan2(sin(br) * sin(d) * cos(lat1), cos(d) - sin(lat1) * sin(lat2))
        var lon = lon2 / rad
        if lon > 180 { lon -= 360 } else if lon < -180 { lon += 360 }
        return Coordinate(lat: lat2 / rad, lon: lon)
    }
}

/// Metres per degree at a latitude on the WGS84 ellipsoid.
public struct LocalScale: Sendable, Hashable {
    public let metresPerDegreeLat: Double
    public let metresPerDegreeLon: Double

    public init(latitude: Double) {
        let phi = latitude * .pi / 180
        let e2 = Geodesic.f * (2 - Geodesic.f)
        let s = sin(phi)
        let w = (1 - e2 * s * s).squareRoot()
        let meridional = Geodesic.a * (1 - e2) / (w * w * w)
        let normal = Geodesic.a / w
        metresPerDegreeLat = meridional * .pi / 180
        metresPerDegreeLon = normal * cos(phi) * .pi / 180
    }
}

/// A tangent-plane projection around an origin: accurate to a small fraction of a percent within tens of
/// kilometres, which is the scale of zones, crime radii and trails.
public struct LocalProjection: Sendable, Hashable {
    public let origin: Coordinate
    public let scale: LocalScale

    public init(origin: Coordinate) {
        self.origin = origin
        scale = LocalScale(latitude: origin.lat)
    }

    @inline(__always)
    public func project(_ c: Coordinate) -> Point2D {
        var dLon = c.lon - origin.lon
        if dLon > 180 { dLon -= 360 } else if dLon < -180 { dLon += 360 }
        return Point2D(x: dLon * scale.metresPerDegreeLon, y: (c.lat - origin.lat) * scale.metresPerDegreeLat)
    }

    public func unproject(_ p: Point2D) -> Coordinate {
        Coordinate(lat: origin.lat + p.y / scale.metresPerDegreeLat, lon: origin.lon + p.x / scale.metresPerDegreeLon)
    }
}

public enum Segment {
    /// Metres from `p` to the segment a-b, in a plane local to the three points.
    public static func distance(from p: Coordinate, toSegment a: Coordinate, _ b: Coordinate) -> Double {
        let proj = LocalProjection(origin: p)
        let pa = proj.project(a), pb = proj.project(b)
        return planarDistance(Point2D(x: 0, y: 0), pa, pb)
    }

    /// Where along a-b (0...1) the closest point to `p` lies.
    public static func closestFraction(from p: Coordinate, toSegment a: Coordinate, _ b: Coordinate) -> Double {
        let proj = LocalProjection(origin: p)
        let pa = proj.project(a), pb = proj.project(b)
        return fraction(Point2D(x: 0, y: 0), pa, pb)
    }

    @inline(__always)
    static func fraction(_ p: Point2D, _ a: Point2D, _ b: Point2D) -> Double {
        let dx = b.x - a.x, dy = b.y - a.y
        let len2 = dx * dx + dy * dy
        if len2 == 0 { return 0 }
        return min(1, max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2))
    }

    @inline(__always)
    static func planarDistance(_ p: Point2D, _ a: Point2D, _ b: Point2D) -> Double {
        let t = fraction(p, a, b)
        let x = a.x + t * (b.x - a.x) - p.x, y = a.y + t * (b.y - a.y) - p.y
        return (x * x + y * y).squareRoot()
    }
}
