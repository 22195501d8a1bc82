import Foundation
import Geo

/// A remembered lower bound on how far a zone is from a point: "at `lat`,`lon` the zone was at least
/// `metres` away". Signed distance changes by at most the distance moved, so while the wearer stays within
/// `metres - r` of that point every fix is still definitely outside, and the zone's geometry need not be
/// touched. Most fixes of most wearers are nowhere near most of their zones, so this is the engine's main
/// saving. It only skips work: the classification is the same as the full test would give.
struct ZoneClearance: Hashable, Sendable, Codable {
    var lat: Double
    var lon: Double
    /// Metres per degree of longitude at `lat` (so no trigonometry per fix).
    var metresPerDegreeLon: Double
    /// Lower bound of (distance to the zone - the extra distance the zone's kind needs to be sure of
    /// "outside"), so checking it needs only the fix's accuracy.
    var metres: Double
    /// Which side "definitely outside" is for this zone (true for an inclusion zone).
    var outsideSide: Bool

    static let metresPerDegreeLat = 111_195.0
    /// Slack against the flat-earth approximation over the few kilometres this is used for.
    static let safety = 1.01

    init(at c: Coordinate, metres: Double, outsideSide: Bool) {
        lat = c.lat
        lon = c.lon
        metresPerDegreeLon = Self.metresPerDegreeLat * cos(c.lat * .pi / 180)
        self.metres = metres
        self.outsideSide = outsideSide
    }

    /// Whether a fix at `c` with confidence radius `needed` is certainly outside.
    func guarantees(_ needed: Double, at c: Coordinate) -> Bool {
        let room = metres - needed
        guard room > 0 else { return false }
        let dx = (c.lon - lon) * metresPerDegreeLon
        let dy = (c.lat - lat) * Self.metresPerDegreeLat
        return (dx * dx + dy * dy) * (Self.safety * Self.safety) < room * room
    }
}
