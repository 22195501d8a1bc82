// The formulas' one-letter and numeral names (L, U1, I, II, ...) are the published papers' own.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Foundation

/// British National Grid (EPSG:27700, OSGB36 / Transverse Mercator on the Airy 1830 ellipsoid) to and from
/// WGS84, using the Ordnance Survey's published 7-parameter Helmert transformation. That is accurate to a
/// few metres across Great Britain (OSTN15, the grid-based transformation, is the centimetre-level one).
public enum BritishNationalGrid {
    // Airy 1830
    static let airyA = 6_377_563.396, airyB = 6_356_256.909
    // WGS84 / GRS80
    static let wgsA = 6_378_137.0, wgsB = 6_356_752.314245
    // National Grid projection
    static let f0 = 0.9996012717
    static let lat0 = 49.0 * Double.pi / 180, lon0 = -2.0 * Double.pi / 180
    static let e0 = 400_000.0, n0 = -100_000.0

    /// WGS84 -> OSGB36 Helmert (OS guide, table 3): metres, ppm, arc-seconds. The reverse uses the negated set.
    static let helmert = (tx: -446.448, ty: 125.157, tz: -542.060, s: 20.4894, rx: -0.1502, ry: -0.2470, rz: -0.8421)

    public static func isInGreatBritain(easting: Double, northing: Double) -> Bool {
        easting.isFinite && northing.isFinite && (0...700_000).contains(easting) && (0...1_300_000).contains(northing)
    }

    public static func toWGS84(easting: Double, northing: Double) -> Coordinate {
        let (latO, lonO) = gridToOSGB36(easting: easting, northing: northing)
        let xyz = toCartesian(lat: latO, lon: lonO, a: airyA, b: airyB)
        let w = transform(xyz, sign: -1)
        let (lat, lon) = fromCartesian(w, a: wgsA, b: wgsB)
        return Coordinate(lat: lat * 180 / .pi, lon: lon * 180 / .pi)
    }

    public static func fromWGS84(_ c: Coordinate) -> (easting: Double, northing: Double) {
        let xyz = toCartesian(lat: c.lat * .pi / 180, lon: c.lon * .pi / 180, a: wgsA, b: wgsB)
        let o = transform(xyz, sign: 1)
        let (lat, lon) = fromCartesian(o, a: airyA, b: airyB)
        return osgb36ToGrid(lat: lat, lon: lon)
    }

    // MARK: Transverse Mercator (OS guide, annexe C)

    static func meridionalArc(_ lat: Double) -> Double {
        let n = (airyA - airyB) / (airyA + airyB), n2 = n * n, n3 = n2 * n
        let dl = lat - lat0, sl = lat + lat0
        return airyB * f0
            * ((1 + n + 5.0 / 4 * n2 + 5.0 / 4 * n3) * dl
                - (3 * n + 3 * n2 + 21.0 / 8 * n3) * sin(dl) * cos(sl)
                + (15.0 / 8 * n2 + 15.0 / 8 * n3) * sin(2 * dl) * cos(2 * sl)
                - 35.0 / 24 * n3 * sin(3 * dl) * cos(3 * sl))
    }

    static func osgb36ToGrid(lat: Double, lon: Double) -> (easting: Double, northing: Double) {
        let e2 = 1 - (airyB * airyB) / (airyA * airyA)
        let sinLat = sin(lat), cosLat = cos(lat), tanLat = tan(lat)
        let nu = airyA * f0 / (1 - e2 * sinLat * sinLat).squareRoot()
        let rho = airyA * f0 * (1 - e2) / pow(1 - e2 * sinLat * sinLat, 1.5)
        let eta2 = nu / rho - 1
        let m = meridionalArc(lat)
        let cos3 = cosLat * cosLat * cosLat, cos5 = cos3 * cosLat * cosLat
        let tan2 = tanLat * tanLat, tan4 = tan2 * tan2
        let I = m + n0
        let II = nu / 2 * sinLat * cosLat
        let III = nu / 24 * sinLat * cos3 * (5 - tan2 + 9 * eta2)
        let IIIA = nu / 720 * sinLat * cos5 * (61 - 58 * tan2 + tan4)
        let IV = nu * cosLat
        let V = nu / 6 * cos3 * (nu / rho - tan2)
        let VI = nu / 120 * cos5 * (5 - 18 * tan2 + tan4 + 14 * eta2 - 58 * tan2 * eta2)
        let dl = lon - lon0, dl2 = dl * dl, dl3 = dl2 * dl, dl4 = dl3 * dl, dl5 = dl4 * dl, dl6 = dl5 * dl
        let northing = I + II * dl2 + III * dl4 + IIIA * dl6
        let easting = e0 + IV * dl + V * dl3 + VI * dl5
        return (easting, northing)
    }

    static func gridToOSGB36(easting: Double, northing: Double) -> (lat: Double, lon: Double) {
        let e2 = 1 - (airyB * airyB) / (airyA * airyA)
        var lat = lat0
        var m = 0.0
        repeat {
            lat = (northing - n0 - m) / (airyA * f0) + lat
            m = meridionalArc(lat)
        } while abs(northing - n0 - m) >= 0.00001
        let sinLat = sin(lat), cosLat = cos(lat), tanLat = tan(lat)
        let nu = airyA * f0 / (1 - e2 * sinLat * sinLat).squareRoot()
        let rho = airyA * f0 * (1 - e2) / pow(1 - e2 * sinLat * sinLat, 1.5)
        let eta2 = nu / rho - 1
        let tan2 = tanLat * tanLat, tan4 = tan2 * tan2, tan6 = tan4 * tan2
        let secLat = 1 / cosLat
        let nu3 = nu * nu * nu, nu5 = nu3 * nu * nu, nu7 = nu5 * nu * nu
        let VII = tanLat / (2 * rho * nu)
        let VIII = tanLat / (24 * rho * nu3) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2)
        let IX = tanLat / (720 * rho * nu5) * (61 + 90 * tan2 + 45 * tan4)
        let X = secLat / nu
        let XI = secLat / (6 * nu3) * (nu / rho + 2 * tan2)
        let XII = secLat / (120 * nu5) * (5 + 28 * tan2 + 24 * tan4)
        let XIIA = secLat / (5040 * nu7) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6)
        let de = easting - e0, de2 = de * de, de3 = de2 * de, de4 = de3 * de, de5 = de4 * de, de6 = de5 * de, de7 = de6 * de
        let latOut = lat - VII * de2 + VIII * de4 - IX * de6
        let lonOut = lon0 + X * de - XI * de3 + XII * de5 - XIIA * de7
        return (latOut, lonOut)
    }

    // MARK: Datum shift

    static func toCartesian(lat: Double, lon: Double, a: Double, b: Double) -> (Double, Double, Double) {
        let e2 = 1 - (b * b) / (a * a)
        let nu = a / (1 - e2 * sin(lat) * sin(lat)).squareRoot()
        return (nu * cos(lat) * cos(lon), nu * cos(lat) * sin(lon), (1 - e2) * nu * sin(lat))
    }

    static func fromCartesian(_ p: (Double, Double, Double), a: Double, b: Double) -> (lat: Double, lon: Double) {
        let (x, y, z) = p
        let e2 = 1 - (b * b) / (a * a)
        let r = (x * x + y * y).squareRoot()
        var lat = atan2(z, r * (1 - e2))
        for _ in 0..<10 {
            let nu = a / (1 - e2 * sin(lat) * sin(lat)).squareRoot()
            let next = atan2(z + e2 * nu * sin(lat), r)
            if abs(next - lat) < 1e-13 {
                lat = next
                break
            }
            lat = next
        }
        return (lat, atan2(y, x))
    }

    /// sign +1: WGS84 -> OSGB36; -1: the reverse (small-angle Helmert, inverse by negating the parameters).
    static func transform(_ p: (Double, Double, Double), sign: Double) -> (Double, Double, Double) {
        let h = helmert
        let sec = Double.pi / (180 * 3600)
        let tx = sign * h.tx, ty = sign * h.ty, tz = sign * h.tz
        let s = 1 + sign * h.s * 1e-6
        let rx = sign * h.rx * sec, ry = sign * h.ry * sec, rz = sign * h.rz * sec
        let (x, y, z) = p
        return (
            tx + s * (x - rz * y + ry * z),
            ty + s * (rz * x + y - rx * z),
            tz + s * (-ry * x + rx * y + z)
        )
    }
}
