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
    /// Domestic-abuse cases: the victim's home, at the centre of an exclusion zone. The victim carries a phone
    /// that reports where she is (victim proximity).
    public var victimHome: Coordinate?
    /// Where the victim's own days take her: a shop by her home, and work.
    public var victimPlaces: [Coordinate] = []
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
    /// Licence, community and youth cases on GPS tags report to their local probation office once a week.
    public var probationOffice: Coordinate?
    /// The weekday of that appointment, as `Calendar` numbers them (1 = Sunday ... 7 = Saturday).
    public var appointmentWeekday: Int?

    public var forceArea: String { "MPS" }
    public var probationRegion: String { "London" }

    public static let curfewTimetable = [
        TimetableRow(
            days: Weekday.allCases, from: LocalTime(hour: 19, minute: 0),
            to: LocalTime(hour: 7, minute: 0))
    ]
    public static let curfewGraceMinutes = 5
    /// Weekly probation appointments: 10:30-11:30 local time, 15 minutes' grace, present within 100 m.
    public static let appointmentHours = (start: 10.5, end: 11.5)
    public static let attendanceGraceMinutes = 15
    public static let attendanceRadiusMetres = 100.0
    public static let victimWarnMetres = 2_000.0, victimBreachMetres = 500.0

    /// Condition ids are stable per wearer so truth records can name them.
    public func conditionId(_ name: String) -> String { "sim-\(index)-\(name)" }

    /// The weekly appointments that fall wholly within `period`.
    public func appointments(in period: DateInterval) -> [Appointment] {
        guard let weekday = appointmentWeekday else { return [] }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = Behaviour.london
        var out: [Appointment] = []
        var day = Behaviour.localMidnight(onOrBefore: period.start)
        while day < period.end {
            if cal.component(.weekday, from: day) == weekday {
                let s = Behaviour.at(day, hours: Self.appointmentHours.start), e = Behaviour.at(day, hours: Self.appointmentHours.end)
                if s >= period.start, e <= period.end { out.append(Appointment(start: s, end: e)) }
            }
            day = Behaviour.localMidnight(onOrBefore: day.addingTimeInterval(30 * 3600))
        }
        return out
    }

    /// The order's conditions, given the id the home address got when the wearer was created and the period
    /// the order's appointments are booked for.
    public func conditions(homeAddressId: String, victimDeviceId: EntityID? = nil, period: DateInterval) -> [Condition] {
        var out: [Condition] = []
        if curfew {
            out.append(
                Condition(
                    id: conditionId("curfew"),
                    rule: .curfew(
                        CurfewCondition(
                            addressId: homeAddressId, radiusMetres: 50, graceMinutes: Self.curfewGraceMinutes, timetable: Self.curfewTimetable))))
        }
        if let v = victimHome {
            out.append(
                Condition(
                    id: conditionId("victim-zone"),
                    rule: .zone(
                        ZoneCondition(
                            kind: .exclusion, name: "Victim's home area", geometry: .polygon(Self.square(around: v, halfSide: 250)),
                            bufferMetres: 0))))
            if let victimDeviceId {
                out.append(
                    Condition(
                        id: conditionId("victim-proximity"),
                        rule: .victimProximity(
                            VictimProximityCondition(
                                victimDeviceId: victimDeviceId, warnMetres: Self.victimWarnMetres, breachMetres: Self.victimBreachMetres))))
            }
        }
        if let z = extraZoneCentre {
            out.append(
                Condition(
                    id: conditionId("zone"),
                    rule: .zone(
                        ZoneCondition(
                            kind: .exclusion, name: "Town centre", geometry: .point(z), radiusMetres: 300, bufferMetres: 0))))
        }
        switch deviceType {
        case .alcoholTag, .gpsAlcoholTag:
            out.append(Condition(id: conditionId("alcohol"), rule: .alcohol(AlcoholCondition(mode: .abstinence))))
        default:
            if cohort == .acquisitiveCrime || out.isEmpty { out.append(Condition(id: conditionId("trail"), rule: .trail)) }
        }
        if let office = probationOffice, case let booked = appointments(in: period), !booked.isEmpty {
            out.append(
                Condition(
                    id: conditionId("attendance"),
                    rule: .attendance(
                        AttendanceCondition(
                            location: office, radiusMetres: Self.attendanceRadiusMetres, graceMinutes: Self.attendanceGraceMinutes,
                            appointments: booked))))
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

    static let firstNames = [
        "James", "Daniel", "Ryan", "Jordan", "Connor", "Liam", "Mohammed", "Tyler", "Kieran", "Jack",
        "Aaron", "Callum", "Sophie", "Jade", "Chloe", "Leah", "Shannon", "Adam", "Marcus", "Dean",
    ]
    static let lastNames = [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
        "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Khan", "Clarke",
    ]
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
            // The victim lives 8-11 km away and the wearer's usual places are within 3 km of home (the probation
            // office within 4 km), so an ordinary day never brings them within the victim's 2 km warning ring: only
            // a deliberate trip does.
            victimHome = near(home, minMetres: 8_000, maxMetres: 11_000, &rng)
            places = places.map { p in
                Geodesic.distance(p, home) > 3_000 ? near(home, minMetres: 1_500, maxMetres: 3_000, &rng) : p
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
        var w = SimWearer(
            index: index, firstName: rng.pick(firstNames), lastName: rng.pick(lastNames),
            dateOfBirth: String(format: "%04d-%02d-%02d", year, month, day), crn: String(format: "X%06d", index),
            orderType: orderType, cohort: cohort, home: home,
            postcode:
                "\(rng.pick(postcodeAreas)) "
                + "\(1 + rng.next() % 9)\(["A", "B", "D", "E", "F"][Int(rng.next() % 5)])\(["J", "L", "N", "P", "Q"][Int(rng.next() % 5)])",
            places: places, victimHome: victimHome, deviceType: deviceType, curfew: curfew, extraZoneCentre: extraZone,
            propensity: rng.chance(0.1) ? rng.uniform(2, 4) : rng.uniform(0.3, 1.2), motorised: rng.chance(0.5))
        // Drawn last, so that adding appointments left every other draw of the caseload as it was.
        if deviceType == .gpsTag, [OrderType.postRelease, .community, .youth].contains(orderType) {
            var office = near(home, minMetres: 1_000, maxMetres: 4_000, &rng)
            let keepAway = [victimHome.map { ($0, 1_000.0) }, extraZone.map { ($0, 800.0) }].compactMap { $0 }
            while keepAway.contains(where: { Geodesic.distance(office, $0.0) < $0.1 }) {
                office = near(home, minMetres: 500, maxMetres: 1_500, &rng)
            }
            w.probationOffice = office
            w.appointmentWeekday = 3 + Int(rng.next() % 3)  // Tuesday to Thursday
        }
        if let v = victimHome {
            // A corner shop by her home, and work 4-6 km away on the side away from the wearer, so that her
            // ordinary days keep well clear of his.
            let s = LocalScale(latitude: v.lat)
            let away = atan2((v.lon - home.lon) * s.metresPerDegreeLon, (v.lat - home.lat) * s.metresPerDegreeLat)
            let bearing = away + rng.uniform(-.pi / 3, .pi / 3), d = rng.uniform(4_000, 6_000)
            w.victimPlaces = [
                near(v, minMetres: 40, maxMetres: 150, &rng),
                SimWearer.offset(v, north: d * cos(bearing), east: d * sin(bearing)),
            ]
        }
        return w
    }
}
