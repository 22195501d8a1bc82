import Foundation
import Geo

/// A fix as the matcher sees it.
public struct TrailPoint: Sendable, Hashable, Codable {
    public var time: Date
    public var coordinate: Coordinate
    public var accuracyMetres: Double

    public init(time: Date, coordinate: Coordinate, accuracyMetres: Double) {
        self.time = time
        self.coordinate = coordinate
        self.accuracyMetres = accuracyMetres
    }
}

public enum MatchKind: String, Codable, Sendable, Comparable, CaseIterable {
    /// A fix in the window lies within the area, allowing for its accuracy.
    case fix = "FIX"
    /// The straight path between two consecutive fixes (at most `maxGapSeconds` apart) passes within it.
    case path = "PATH"
    /// Between two fixes the wearer could have reached it at the maximum plausible speed (space-time prism).
    case possible = "POSSIBLE"

    var strength: Int { self == .fix ? 3 : self == .path ? 2 : 1 }
    public static func < (a: MatchKind, b: MatchKind) -> Bool { a.strength < b.strength }
}

public struct PassPosition: Sendable, Hashable, Codable {
    public var label: String
    public var time: Date
    public var lat: Double
    public var lon: Double
    public var accuracyMetres: Double
    public var distanceMetres: Double
}

/// Consecutive positions near the place: pass A, B, ...; its positions A1, A2, ...
public struct Pass: Sendable, Hashable, Codable {
    public var label: String
    public var kind: MatchKind
    public var enter: Date
    public var exit: Date
    public var closestMetres: Double
    public var positions: [PassPosition]
}

public struct PassMatch: Sendable, Hashable, Codable {
    public var kind: MatchKind
    public var closestMetres: Double
    public var passes: [Pass]
    public var algorithm: String
}

/// The published matching algorithm (docs/matching.md explains it in plain words). Its version is stored with
/// every result, so a result can always be traced to the rules that made it.
public enum PassMatcher {
    public static let version = "openem-match/2"

    public struct Options: Sendable, Hashable {
        /// A path between two fixes further apart than this is not drawn as a straight line.
        public var maxGapSeconds: TimeInterval = 600
        /// The fastest plausible movement, for the space-time prism (25 m/s is 56 mph).
        public var maxSpeedMetresPerSecond: Double = 25
        public init() {}
    }

    /// Metres from the place to a segment, sampled every 10 m (negative: the segment enters the place).
    static func segmentDistance(_ shape: PreparedShape, _ a: Coordinate, _ b: Coordinate) -> Double {
        segmentDistance(shape, a, b, centre: shape.shape.boundingBox.center, radius: radius(of: shape))
    }

    /// The same, with the place's enclosing circle worked out once by the caller.
    static func segmentDistance(_ shape: PreparedShape, _ a: Coordinate, _ b: Coordinate, centre: Coordinate, radius r: Double) -> Double {
        // Closed form against the enclosing circle first: most segments are nowhere near.
        let coarse = Segment.distance(from: centre, toSegment: a, b) - r
        if case .circle = shape.shape { return coarse }
        if coarse > 0 { return coarse }
        let length = Geodesic.fastDistance(a, b)
        let steps = max(1, min(2_000, Int(length / 10)))
        var best = Double.infinity
        for s in 0...steps {
            let f = Double(s) / Double(steps)
            let p = Coordinate(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f)
            best = min(best, shape.signedDistance(to: p))
        }
        return best
    }

    /// Matches one wearer's fixes (in time order) against a place and a window.
    public static func match(
        _ points: [TrailPoint], place shape: PreparedShape, from: Date, to: Date,
        options: Options = Options()
    ) -> PassMatch? {
        // The fixes from `maxGapSeconds` before the window to as long after it, and the one either side of those, so
        // that a gap in the data across the window's start or end is seen whole.
        let lower = from.addingTimeInterval(-options.maxGapSeconds), upper = to.addingTimeInterval(options.maxGapSeconds)
        let first = points.firstIndex { $0.time >= lower } ?? points.count
        let afterLast = points[first...].firstIndex { $0.time > upper } ?? points.count
        let range = max(0, first - 1)..<min(points.count, afterLast + 1)
        let pts = Array(points[range])
        guard !pts.isEmpty else { return nil }
        let centre = shape.shape.boundingBox.center, enclosing = Self.radius(of: shape)
        let d = pts.map { shape.signedDistance(to: $0.coordinate) }
        let inWindow = pts.map { $0.time >= from && $0.time <= to }
        var member = Array(repeating: false, count: pts.count)
        var memberKind = Array(repeating: MatchKind.possible, count: pts.count)
        var best: MatchKind?
        var closest = Double.infinity
        for i in pts.indices where inWindow[i] && d[i] - pts[i].accuracyMetres <= 0 {
            member[i] = true
            memberKind[i] = .fix
            best = .fix
            closest = min(closest, max(0, d[i] - pts[i].accuracyMetres))
        }
        var possiblePairs: [(Int, Int)] = []
        for i in 0..<max(0, pts.count - 1) {
            let a = pts[i], b = pts[i + 1]
            guard b.time >= from, a.time <= to else { continue }  // the segment overlaps the window
            let gap = b.time.timeIntervalSince(a.time)
            let slack = max(a.accuracyMetres, b.accuracyMetres)
            // A segment from or to a fix already near the place adds nothing that fix does not show.
            if memberKind[i] == .fix || memberKind[i + 1] == .fix { continue }
            if gap <= options.maxGapSeconds {
                // Fixes this close together are the wearer's route: the straight path decides, and a path that does
                // not come near is no match (version 1 also applied the prism here, so a wearer with a fix a minute
                // who drove by 700 m away was "possible").
                let sd = segmentDistance(shape, a.coordinate, b.coordinate, centre: centre, radius: enclosing)
                if sd - slack <= 0 {
                    for k in [i, i + 1] where !member[k] {
                        member[k] = true
                        memberKind[k] = .path
                    }
                    if best.map({ $0 < .path }) ?? true { best = .path }
                    closest = min(closest, max(0, sd - slack))
                }
                continue
            }
            // A gap in the data. Space-time prism: could the wearer have reached the place between a and b?
            let reach =
                Geodesic.fastDistance(a.coordinate, centre) + Geodesic.fastDistance(centre, b.coordinate)
                - 2 * enclosing - a.accuracyMetres - b.accuracyMetres
            if reach <= options.maxSpeedMetresPerSecond * gap { possiblePairs.append((i, i + 1)) }
        }
        if best == nil, !possiblePairs.isEmpty {
            best = .possible
            for (i, j) in possiblePairs {
                member[i] = true
                member[j] = true
                closest = min(closest, max(0, min(d[i] - pts[i].accuracyMetres, d[j] - pts[j].accuracyMetres)))
            }
        }
        guard let kind = best else { return nil }

        // Runs of member positions are passes.
        var passes: [Pass] = []
        var i = 0
        while i < pts.count {
            guard member[i] else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < pts.count, member[j + 1] { j += 1 }
            let label = Self.label(passes.count)
            let positions = (i...j).enumerated().map { k, p in
                PassPosition(
                    label: "\(label)\(k + 1)", time: pts[p].time, lat: pts[p].coordinate.lat, lon: pts[p].coordinate.lon,
                    accuracyMetres: pts[p].accuracyMetres, distanceMetres: max(0, d[p]))
            }
            let passKind = (i...j).map { memberKind[$0] }.max() ?? .possible
            passes.append(
                Pass(
                    label: label, kind: kind == .possible ? .possible : passKind, enter: pts[i].time, exit: pts[j].time,
                    closestMetres: (i...j).map { max(0, d[$0] - pts[$0].accuracyMetres) }.min() ?? 0, positions: positions))
            i = j + 1
        }
        return PassMatch(kind: kind, closestMetres: closest.isFinite ? closest : 0, passes: passes, algorithm: version)
    }

    /// Half the diagonal of the place's bounding box: the radius of a circle containing it.
    static func radius(of shape: PreparedShape) -> Double {
        if case .circle(let c) = shape.shape { return c.radiusMetres }
        let b = shape.shape.boundingBox
        return Geodesic.fastDistance(Coordinate(lat: b.minLat, lon: b.minLon), Coordinate(lat: b.maxLat, lon: b.maxLon)) / 2
    }

    /// A, B, ..., Z, AA, AB, ...
    static func label(_ n: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return n < 26 ? String(letters[n]) : label(n / 26 - 1) + String(letters[n % 26])
    }
}
