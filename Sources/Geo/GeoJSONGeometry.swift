import Foundation

/// A GeoJSON (RFC 7946) geometry: positions are [lon, lat] (an optional altitude is ignored).
public enum GeoJSONGeometry: Hashable, Sendable, Codable {
    case point(Coordinate)
    case lineString([Coordinate])
    case polygon(Polygon)
    case multiPolygon(MultiPolygon)

    private enum Keys: String, CodingKey { case type, coordinates }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        func position(_ raw: [Double], _ path: String) throws -> Coordinate {
            guard raw.count == 2 || raw.count == 3 else {
                throw DecodingError.dataCorruptedError(
                    forKey: .coordinates, in: c,
                    debugDescription: "\(path): a position is [lon, lat] (2 or 3 numbers), got \(raw.count)")
            }
            return Coordinate(lat: raw[1], lon: raw[0])
        }
        func ring(_ raw: [[Double]], _ path: String) throws -> [Coordinate] {
            try raw.enumerated().map { try position($0.element, "\(path)[\($0.offset)]") }
        }
        func polygon(_ raw: [[[Double]]], _ path: String) throws -> Polygon {
            guard let first = raw.first else {
                throw DecodingError.dataCorruptedError(
                    forKey: .coordinates, in: c,
                    debugDescription: "\(path): a Polygon needs at least one ring")
            }
            return Polygon(
                exterior: try ring(first, "\(path)[0]"),
                holes: try raw.dropFirst().enumerated().map { try ring($0.element, "\(path)[\($0.offset + 1)]") })
        }
        switch type {
        case "Point": self = .point(try position(try c.decode([Double].self, forKey: .coordinates), "coordinates"))
        case "LineString": self = .lineString(try ring(try c.decode([[Double]].self, forKey: .coordinates), "coordinates"))
        case "Polygon": self = .polygon(try polygon(try c.decode([[[Double]]].self, forKey: .coordinates), "coordinates"))
        case "MultiPolygon":
            let raw = try c.decode([[[[Double]]]].self, forKey: .coordinates)
            self = .multiPolygon(MultiPolygon(polygons: try raw.enumerated().map { try polygon($0.element, "coordinates[\($0.offset)]") }))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c,
                debugDescription: "geometry type '\(type)' is not supported; use Point, LineString, Polygon or MultiPolygon")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        func pos(_ p: Coordinate) -> [Double] { [p.lon, p.lat] }
        switch self {
        case .point(let p):
            try c.encode("Point", forKey: .type)
            try c.encode(pos(p), forKey: .coordinates)
        case .lineString(let l):
            try c.encode("LineString", forKey: .type)
            try c.encode(l.map(pos), forKey: .coordinates)
        case .polygon(let p):
            try c.encode("Polygon", forKey: .type)
            try c.encode(p.rings.map { $0.map(pos) }, forKey: .coordinates)
        case .multiPolygon(let m):
            try c.encode("MultiPolygon", forKey: .type)
            try c.encode(m.polygons.map { $0.rings.map { $0.map(pos) } }, forKey: .coordinates)
        }
    }
}
