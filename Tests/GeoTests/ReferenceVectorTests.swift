import Foundation
import Geo
import Testing

/// Checks the Geo module against vectors produced by geographiclib, shapely and pyproj
/// (scripts/geo-vectors.py; the vectors are committed in Tests/GeoTests/Vectors).
@Suite("Reference vectors")
struct ReferenceVectorTests {
    static func load<T: Decodable>(_ name: String, as: T.Type) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors"))
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static func coordinate(_ pair: [Double]) -> Coordinate { Coordinate(lat: pair[0], lon: pair[1]) }

    struct DistanceVector: Decodable { let a: [Double], b: [Double], metres: Double }
    struct ContainmentPoint: Decodable { let p: [Double], inside: Bool, boundaryMetres: Double }
    struct ContainmentVector: Decodable { let name: String, polygons: [[[[Double]]]], points: [ContainmentPoint] }
    struct CirclePoint: Decodable { let p: [Double], inside: Bool, metres: Double }
    struct CircleVector: Decodable { let center: [Double], radiusMetres: Double, points: [CirclePoint] }
    struct GridVector: Decodable { let easting: Double, northing: Double, lat: Double, lon: Double }

    @Test("geodesic distance is within 0.1% and 1 m of geographiclib from 0.5 m to 500 km")
    func distances() throws {
        let vectors = try Self.load("distances", as: [DistanceVector].self)
        #expect(vectors.count > 300)
        #expect(vectors.contains { $0.metres > 400_000 })
        for v in vectors {
            let d = Geodesic.distance(Self.coordinate(v.a), Self.coordinate(v.b))
            let error = abs(d - v.metres)
            #expect(error <= 0.001 * v.metres && error <= 1, "\(v.a) -> \(v.b): \(d) m, geographiclib \(v.metres) m")
        }
    }

    @Test("fast distance (the hot path) is within 0.1% of geographiclib up to 30 km")
    func fastDistances() throws {
        for v in try Self.load("distances", as: [DistanceVector].self) where v.metres <= 30_000 {
            let d = Geodesic.fastDistance(Self.coordinate(v.a), Self.coordinate(v.b))
            #expect(abs(d - v.metres) <= 0.001 * v.metres + 0.001, "\(v.a) -> \(v.b): \(d) m vs \(v.metres) m")
        }
    }

    static func shape(_ v: ContainmentVector) -> Shape {
        let polygons = v.polygons.map { rings in
            Polygon(exterior: rings[0].map(coordinate), holes: rings.dropFirst().map { $0.map(coordinate) })
        }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(MultiPolygon(polygons: polygons))
    }

    @Test("point-in-polygon equals shapely on every vector: concave shells, holes, multipolygons, corridors")
    func containment() throws {
        let vectors = try Self.load("containment", as: [ContainmentVector].self)
        #expect(Set(vectors.map(\.name)) == ["polygon", "concave", "holes", "multipolygon", "corridor"])
        var checked = 0
        for v in vectors {
            let prepared = PreparedShape(Self.shape(v))
            #expect(v.points.contains { $0.inside } && v.points.contains { !$0.inside })
            for point in v.points {
                let c = Self.coordinate(point.p)
                #expect(prepared.contains(c) == point.inside, "\(v.name) \(point.p): shapely says inside=\(point.inside)")
                checked += 1
            }
        }
        #expect(checked > 2_500)
    }

    @Test("distance from a point to a polygon's boundary is within 0.5% (and 0.5 m) of shapely in metres")
    func boundaryDistance() throws {
        for v in try Self.load("containment", as: [ContainmentVector].self) {
            let prepared = PreparedShape(Self.shape(v))
            for point in v.points {
                let d = prepared.signedDistance(to: Self.coordinate(point.p))
                #expect(
                    abs(abs(d) - point.boundaryMetres) <= 0.005 * point.boundaryMetres + 0.5,
                    "\(v.name) \(point.p): \(d) m vs shapely \(point.boundaryMetres) m")
                #expect((d <= 0) == point.inside)
            }
        }
    }

    @Test("circles: inside exactly when geographiclib puts the point within the radius; distance to the edge within 0.1%")
    func circles() throws {
        let vectors = try Self.load("circles", as: [CircleVector].self)
        #expect(vectors.contains { $0.radiusMetres >= 20_000 })
        for v in vectors {
            let prepared = PreparedShape(.circle(Circle(center: Self.coordinate(v.center), radiusMetres: v.radiusMetres)))
            for point in v.points {
                let c = Self.coordinate(point.p)
                let expected = point.metres - v.radiusMetres
                let d = prepared.signedDistance(to: c)
                #expect(abs(d - expected) <= 0.001 * point.metres + 0.01, "\(point.p): \(d) vs \(expected)")
                if abs(expected) > 0.001 * point.metres + 0.01 {
                    #expect(prepared.contains(c) == point.inside, "\(point.p) at \(point.metres) m of a \(v.radiusMetres) m circle")
                }
            }
        }
    }

    @Test("British National Grid <-> WGS84 within 5 m of pyproj across Great Britain, both directions")
    func britishNationalGrid() throws {
        let vectors = try Self.load("bng", as: [GridVector].self)
        #expect(vectors.count >= 200)
        var worst = 0.0
        for v in vectors {
            let c = BritishNationalGrid.toWGS84(easting: v.easting, northing: v.northing)
            let error = Geodesic.distance(c, Coordinate(lat: v.lat, lon: v.lon))
            worst = max(worst, error)
            #expect(error <= 5, "E\(v.easting) N\(v.northing): \(c) is \(error) m from pyproj's")
            let back = BritishNationalGrid.fromWGS84(Coordinate(lat: v.lat, lon: v.lon))
            let gridError =
                ((back.easting - v.easting) * (back.easting - v.easting)
                + (back.northing - v.northing) * (back.northing - v.northing)).squareRoot()
            #expect(gridError <= 5, "\(v.lat),\(v.lon): E\(back.easting) N\(back.northing), pyproj E\(v.easting) N\(v.northing)")
        }
        #expect(worst < 5)
    }
}
