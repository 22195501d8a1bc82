import Foundation
import Geo
import OpenEMCore

/// What `EngineBenchmark.run` measured.
struct EngineBenchmarkResult: Sendable, CustomStringConvertible {
    var wearers: Int
    var fixes: Int
    var seconds: Double
    var fixesPerSecond: Double
    /// Violation changes produced (a sanity check that the rules were really exercised).
    var changes: Int
    var setupSeconds: Double

    var description: String {
        String(
            format: "engine: %d wearers, %d fixes in %.3f s = %.0f fixes/s on one core (%d violation changes; set-up %.1f s)",
            wearers, fixes, seconds, fixesPerSecond, changes, setupSeconds)
    }
}

/// Fixes per second through the pure engine: London wearers, each with a 19:00-07:00 curfew and five
/// exclusion zones (polygons and circles) a few kilometres from home, reporting a fix a minute from 17:00.
/// By day they wander around home (some through their zones); from 18:55 they are home with GPS scatter,
/// so curfew start checks fire and the zone and curfew edges are both exercised. Single-threaded;
/// deterministic for a seed.
enum EngineBenchmark {
    static func run(wearers: Int = 10_000, fixesPerWearer: Int, seed: UInt64) -> EngineBenchmarkResult {
        let clock = ContinuousClock()
        let setupStart = clock.now
        var rng = BenchRandom(seed: seed)
        let start = Date(timeIntervalSince1970: 1_770_051_600)  // Monday 2 February 2026, 17:00 GMT
        var compiled: [CompiledWearer] = []
        var states: [WearerState] = []
        var walkers: [Walker] = []
        compiled.reserveCapacity(wearers)
        states.reserveCapacity(wearers)
        walkers.reserveCapacity(wearers)
        for n in 0..<wearers {
            let home = Coordinate(lat: 51.5074 + rng.symmetric(0.15), lon: -0.1278 + rng.symmetric(0.25))
            let wearer = makeWearer(index: n, home: home, start: start, rng: &rng)
            compiled.append(wearer)
            states.append(WearerState(for: wearer, at: start))
            walkers.append(Walker(deviceId: deviceId(n), lat: home.lat, lon: home.lon, homeLat: home.lat, homeLon: home.lon))
        }
        let setupSeconds = seconds(clock.now - setupStart)

        let others = NoOtherParties()
        var changes = 0
        let runStart = clock.now
        for k in 0..<fixesPerWearer {
            let time = start.addingTimeInterval(Double(k) * 60)
            let curfewHours = k >= 115 && k < 840  // 18:55 to 07:00
            for w in 0..<wearers {
                let position: Coordinate
                if curfewHours {
                    position = Coordinate(
                        lat: walkers[w].homeLat + rng.symmetric(0.00015),
                        lon: walkers[w].homeLon + rng.symmetric(0.00025))
                } else {
                    // A random walk of up to ~80 m a minute, drawn gently back towards home.
                    walkers[w].lat += rng.symmetric(0.0007) + (walkers[w].homeLat - walkers[w].lat) * 0.01
                    walkers[w].lon += rng.symmetric(0.0011) + (walkers[w].homeLon - walkers[w].lon) * 0.01
                    position = Coordinate(lat: walkers[w].lat, lon: walkers[w].lon)
                }
                let fix = PositionFix(coordinate: position, accuracyMetres: 5 + rng.unit() * 30)
                let message = TelemetryMessage(
                    deviceId: walkers[w].deviceId, seq: Int64(k), time: time,
                    payload: .position(fix))
                changes &+= RuleEngine.process(message, state: &states[w], wearer: compiled[w], others: others).count
            }
        }
        let elapsed = seconds(clock.now - runStart)
        let fixes = wearers * fixesPerWearer
        return EngineBenchmarkResult(
            wearers: wearers, fixes: fixes, seconds: elapsed,
            fixesPerSecond: Double(fixes) / max(elapsed, 1e-9), changes: changes,
            setupSeconds: setupSeconds)
    }

    struct Walker {
        var deviceId: EntityID
        var lat: Double
        var lon: Double
        var homeLat: Double
        var homeLon: Double
    }

    /// A benchmark wearer's subject and order (a curfew and five exclusion zones near `home`), for benchmarks that
    /// load wearers into a store.
    static func wearer(index: Int, home: Coordinate, start: Date, seed: UInt64) -> (Subject, Order) {
        var rng = BenchRandom(seed: seed &+ UInt64(index))
        return subjectAndOrder(index: index, home: home, start: start, rng: &rng)
    }

    static func deviceId(_ index: Int) -> EntityID { "bench-device-\(index)" }

    static func makeWearer(index: Int, home: Coordinate, start: Date, rng: inout BenchRandom) -> CompiledWearer {
        let (subject, order) = subjectAndOrder(index: index, home: home, start: start, rng: &rng)
        let device = InstalledDevice(id: deviceId(index), type: .gpsTag, installedAt: start)
        return CompiledWearer(subject: subject, order: order, devices: [device])
    }

    static func subjectAndOrder(index: Int, home: Coordinate, start: Date, rng: inout BenchRandom) -> (Subject, Order) {
        let subjectId = "bench-subject-\(index)"
        let address = Address(id: "bench-address-\(index)", type: .primary, line1: "-", location: home)
        let subject = Subject(
            id: subjectId, firstName: "-", lastName: "-", dateOfBirth: nil, identifiers: .init(),
            forceArea: "MPS", probationRegion: nil, responsibleOfficer: nil, addresses: [address],
            createdAt: start)
        var conditions = [
            Condition(
                id: "bench-curfew-\(index)",
                rule: .curfew(
                    CurfewCondition(
                        addressId: address.id,
                        timetable: [
                            TimetableRow(
                                days: Weekday.allCases, from: LocalTime(hour: 19, minute: 0),
                                to: LocalTime(hour: 7, minute: 0))
                        ])))
        ]
        for z in 0..<5 {
            // Zones 0.5-5 km from home in a random direction.
            let bearing = rng.unit() * 2 * .pi
            let distance = 500 + rng.unit() * 4500
            let centre = Coordinate(
                lat: home.lat + distance * cos(bearing) / 111_195,
                lon: home.lon + distance * sin(bearing) / (111_195 * cos(home.lat * .pi / 180)))
            let radius = 100 + rng.unit() * 400
            let geometry: GeoJSONGeometry
            let circleRadius: Double?
            if z < 3 {
                geometry = polygon(around: centre, radius: radius, vertices: 6 + z * 2, rng: &rng)
                circleRadius = nil
            } else {
                geometry = .point(centre)
                circleRadius = radius
            }
            conditions.append(
                Condition(
                    id: "bench-zone-\(index)-\(z)",
                    rule: .zone(
                        ZoneCondition(
                            kind: .exclusion, name: "zone \(z)", geometry: geometry, radiusMetres: circleRadius, bufferMetres: 10))))
        }
        let order = Order(
            id: "bench-order-\(index)", subjectId: subjectId, orderType: .postRelease, cohort: .standard,
            startDate: "2026-01-01", endDate: nil, nextReviewDate: nil, conditions: conditions,
            createdAt: start, createdBy: "bench")
        return (subject, order)
    }

    /// An irregular star-shaped polygon, built through GeoJSON so the benchmark depends only on the
    /// geometry's interchange form.
    static func polygon(around c: Coordinate, radius: Double, vertices: Int, rng: inout BenchRandom) -> GeoJSONGeometry {
        var ring: [String] = []
        for v in 0..<vertices {
            let angle = Double(v) / Double(vertices) * 2 * .pi
            let r = radius * (0.6 + 0.4 * rng.unit())
            let lat = c.lat + r * cos(angle) / 111_195
            let lon = c.lon + r * sin(angle) / (111_195 * cos(c.lat * .pi / 180))
            ring.append("[\(lon),\(lat)]")
        }
        ring.append(ring[0])
        let json = "{\"type\":\"Polygon\",\"coordinates\":[[\(ring.joined(separator: ","))]]}"
        return try! JSONDecoder().decode(GeoJSONGeometry.self, from: Data(json.utf8))
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}

/// SplitMix64: deterministic and allocation-free (the benchmark must not depend on system randomness).
struct BenchRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func symmetric(_ amplitude: Double) -> Double { (unit() * 2 - 1) * amplitude }
}
