import Foundation
import Geo
import OpenEMCore

/// One simulated wearer: who they are, their order, the places their days take them, and how compliant they are.
public struct SimWearer: Sendable {
    public var index: Int
    public var firstName: String
    public var lastName: String
    public var dateOfBirth: String
    public var crn: String
    public var orderType: OrderType
    public var cohort: Cohort
    public var home: Coordinate
    public var postcode: String
    /// Work, shops, friends: where the days go.
    public var places: [Coordinate]
    /// Domestic-abuse cases: the victim's home, at the centre of an exclusion zone.
    public var victimHome: Coordinate?
    public var deviceType: DeviceType
    public var curfew: Bool
    /// A second exclusion zone (a shopping centre, a former associate's street) for some bail cases.
    public var extraZoneCentre: Coordinate?
    /// How often this wearer breaks the rules (0 = never); a few are far worse than the rest.
    public var propensity: Double
    /// Moves by car/bus (true) or on foot/bicycle.
    public var motorised: Bool
    /// A scripted incident (for demonstrations): at this time the wearer is inside their exclusion zone, or,
    /// without one, tampers with the strap.
    public var incident: Date?

    public var forceArea: String { "MPS" }
    public var probationRegion: String { "London" }

    public static let curfewTimetable = [TimetableRow(days: Weekday.allCases, from: LocalTime(hour: 19, minute: 0),
                                                      to: LocalTime(hour: 7, minute: 0))]
    public static let curfewGraceMinutes = 5

    /// Condition ids are stable per wearer so truth records can name them.
    public func conditionId(_ name: String) -> String { "sim-\(index)-\(name)" }

    /// The order's conditions, given the id the home address got when the wearer was created.
    public func conditions(homeAddressId: String) -> [Condition] {
        var out: [Condition] = []
        if curfew {
            out.append(Condition(id: conditionId("curfew"), rule: .curfew(CurfewCondition(
                addressId: homeAddressId, radiusMetres: 50, graceMinutes: Self.curfewGraceMinutes, timetable: Self.curfewTimetable))))
        }
        if let v = victimHome {
            out.append(Condition(id: conditionId("victim-zone"), rule: .zone(ZoneCondition(
                kind: .exclusion, name: "Victim's home area", geometry: .polygon(Self.square(around: v, halfSide: 250)),
                bufferMetres: 0))))
        }
        if let z = extraZoneCentre {
            out.append(Condition(id: conditionId("zone"), rule: .zone(ZoneCondition(
                kind: .exclusion, name: "Town centre", geometry: .point(z), radiusMetres: 300, bufferMetres: 0))))
        }
        switch deviceType {
        case .alcoholTag, .gpsAlcoholTag:
            out.append(Condition(id: conditionId("alcohol"), rule: .alcohol(AlcoholCondition(mode: .abstinence))))
        default:
            if cohort == .acquisitiveCrime || out.isEmpty { out.append(Condition(id: conditionId("trail"), rule: .trail)) }
        }
        return out
    }

    public var victimZone: Polygon? { victimHome.map { Self.square(around: $0, halfSide: 250) } }

    static func offset(_ c: Coordinate, north: Double, east: Double) -> Coordinate {
        let s = LocalScale(latitude: c.lat)
        return Coordinate(lat: c.lat + north / s.metresPerDegreeLat, lon: c.lon + east / s.metresPerDegreeLon)
    }

    static func square(around c: Coordinate, halfSide: Double) -> Polygon {
        let corners = [(-1.0, -1.0), (-1.0, 1.0), (1.0, 1.0), (1.0, -1.0), (-1.0, -1.0)]
        return Polygon(exterior: corners.map { offset(c, north: $0.0 * halfSide, east: $0.1 * halfSide) })
    }
}

/// A deterministic caseload over Greater London in the proportions of the July 2020 location-monitoring
/// figures (court bail about half, licence a third, community orders the rest), with licence cohorts and
/// conditions that fit them.
public enum CaseloadGenerator {
    /// Greater London's extent, roughly.
    static let south = 51.38, north = 51.62, west = -0.42, east = 0.17

    static let firstNames = ["James", "Daniel", "Ryan", "Jordan", "Connor", "Liam", "Mohammed", "Tyler", "Kieran", "Jack",
                             "Aaron", "Callum", "Sophie", "Jade", "Chloe", "Leah", "Shannon", "Adam", "Marcus", "Dean"]
    static let lastNames = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
                            "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Khan", "Clarke"]
    static let postcodeAreas = ["E1", "E8", "N7", "N15", "NW10", "SE5", "SE15", "SW2", "SW9", "W12", "CR0", "BR1", "HA8", "IG1"]

    public static func make(wearers: Int, seed: UInt64) -> [SimWearer] {
        (0..<wearers).map { wearer(index: $0, seed: seed) }
    }

    static func pointInLondon(_ rng: inout SimRandom) -> Coordinate {
        // Denser towards the centre: average two uniform draws.
        let lat = (rng.uniform(south, north) + rng.uniform(south, north)) / 2
        let lon = (rng.uniform(west, east) + rng.uniform(west, east)) / 2
        return Coordinate(lat: lat, lon: lon)
    }

    static func near(_ c: Coordinate, minMetres: Double, maxMetres: Double, _ rng: inout SimRandom) -> Coordinate {
        let d = rng.uniform(minMetres, maxMetres), b = rng.uniform(0, 2 * .pi)
        return SimWearer.offset(c, north: d * cos(b), east: d * sin(b))
    }

    public static func wearer(index: Int, seed: UInt64) -> SimWearer {
        var rng = SimRandom(seed: seed, index, -1)
        let orderType: OrderType = rng.weighted([(.bail, 50), (.community, 15), (.postRelease, 30), (.youth, 3), (.immigration, 2)])
        var cohort = Cohort.standard
        if orderType == .postRelease {
            cohort = rng.weighted([(.acquisitiveCrime, 40), (.domesticAbuse, 25), (.alcohol, 20), (.standard, 15)])
        } else if orderType == .community, rng.chance(0.2) {
            cohort = .alcohol
        } else if orderType == .immigration {
            cohort = .foreignNational
        }
        let home = pointInLondon(&rng)
        var places = [near(home, minMetres: 1_500, maxMetres: 8_000, &rng)]
        for _ in 0..<3 { places.append(near(home, minMetres: 300, maxMetres: 3_000, &rng)) }
        var victimHome: Coordinate?
        if cohort == .domesticAbuse {
            // The victim lives 3-6 km away; none of the wearer's usual places is within a kilometre of them.
            victimHome = near(home, minMetres: 3_000, maxMetres: 6_000, &rng)
            places = places.map { p in
                Geodesic.distance(p, victimHome!) < 1_000 ? near(home, minMetres: 300, maxMetres: 1_500, &rng) : p
            }
        }
        var extraZone: Coordinate?
        if orderType == .bail, rng.chance(0.3) {
            extraZone = near(home, minMetres: 2_500, maxMetres: 5_000, &rng)
            places = places.map { p in
                Geodesic.distance(p, extraZone!) < 800 ? near(home, minMetres: 300, maxMetres: 1_200, &rng) : p
            }
        }
        let deviceType: DeviceType = cohort == .alcohol ? .alcoholTag : .gpsTag
        let curfew = cohort != .acquisitiveCrime && cohort != .alcohol
        let year = 1975 + Int(rng.next() % 30), month = 1 + Int(rng.next() % 12), day = 1 + Int(rng.next() % 28)
        return SimWearer(
            index: index, firstName: rng.pick(firstNames), lastName: rng.pick(lastNames),
            dateOfBirth: String(format: "%04d-%02d-%02d", year, month, day), crn: String(format: "X%06d", index),
            orderType: orderType, cohort: cohort, home: home,
            postcode: "\(rng.pick(postcodeAreas)) \(1 + rng.next() % 9)\(["A", "B", "D", "E", "F"][Int(rng.next() % 5)])\(["J", "L", "N", "P", "Q"][Int(rng.next() % 5)])",
            places: places, victimHome: victimHome, deviceType: deviceType, curfew: curfew, extraZoneCentre: extraZone,
            propensity: rng.chance(0.1) ? rng.uniform(2, 4) : rng.uniform(0.3, 1.2), motorised: rng.chance(0.5))
    }
}
