import Foundation
import Geo

@testable import OpenEMCore

/// Builds wearers and drives the engine the way the evaluator does: messages in event time, a tick every
/// minute, every change kept.
let home = Coordinate(lat: 51.5000, lon: -0.1200)

func offset(_ c: Coordinate, east: Double, north: Double) -> Coordinate {
    Coordinate(lat: c.lat + north / 111_195, lon: c.lon + east / (111_195 * cos(c.lat * .pi / 180)))
}

func geometry(_ json: String) -> GeoJSONGeometry {
    try! JSONDecoder().decode(GeoJSONGeometry.self, from: Data(json.utf8))
}

/// A square polygon zone with its west edge `westEdgeEast` metres east of home, `size` metres wide.
func squareZone(westEdgeEast: Double, size: Double) -> GeoJSONGeometry {
    let sw = offset(home, east: westEdgeEast, north: -size / 2)
    let ne = offset(home, east: westEdgeEast + size, north: size / 2)
    return geometry(
        """
        {"type":"Polygon","coordinates":[[[\(sw.lon),\(sw.lat)],[\(ne.lon),\(sw.lat)],[\(ne.lon),\(ne.lat)],[\(sw.lon),\(ne.lat)],[\(sw.lon),
        \(sw.lat)]]]}
        """)
}

struct TestWearer {
    var subject: Subject
    var order: Order
    var devices: [InstalledDevice]
    var config = RuleConfig()

    static let gps = "gps-1"
    static let homeUnit = "hmu-1"
    static let alcoholTag = "alc-1"

    init(conditions: [Condition], devices: [DeviceType] = [.gpsTag], installedAt: Date = utc("2026-01-01T00:00:00Z")) {
        let address = Address(id: "addr-1", type: .primary, line1: "1 Test Street", location: home)
        subject = Subject(
            id: "subj-1", firstName: "T", lastName: "W", dateOfBirth: nil, identifiers: .init(),
            forceArea: "MPS", probationRegion: nil, responsibleOfficer: nil, addresses: [address],
            createdAt: installedAt)
        order = Order(
            id: "order-1", subjectId: "subj-1", orderType: .postRelease, cohort: .standard,
            startDate: "2026-01-01", endDate: nil, nextReviewDate: nil, conditions: conditions,
            createdAt: installedAt, createdBy: "u")
        self.devices = devices.map { type in
            let id =
                switch type {
                case .gpsTag, .gpsAlcoholTag: TestWearer.gps
                case .rfHomeUnit: TestWearer.homeUnit
                case .alcoholTag: TestWearer.alcoholTag
                default: "dev-\(type.rawValue)"
                }
            return InstalledDevice(id: id, type: type, installedAt: installedAt)
        }
    }

    var compiled: CompiledWearer { CompiledWearer(subject: subject, order: order, devices: devices, config: config) }
}

func curfew(_ from: String = "19:00", _ to: String = "07:00", grace: Int = 5, id: String = "curfew-1") -> Condition {
    Condition(
        id: id,
        rule: .curfew(
            CurfewCondition(
                addressId: "addr-1", radiusMetres: 50, graceMinutes: grace,
                timetable: [row(Weekday.allCases, from, to)])))
}

/// Runs messages and minute ticks between `from` and `to`, returning every change.
struct Drive<Others: OtherPartyPositions> {
    var wearer: CompiledWearer
    var state: WearerState
    var others: Others
    var changes: [ViolationChange] = []
    var seq: Int64 = 0

    init(_ w: TestWearer, start: Date, others: Others) {
        wearer = w.compiled
        state = WearerState(for: wearer, at: start)
        self.others = others
    }

    mutating func send(_ payload: TelemetryPayload, at t: Date, device: String = TestWearer.gps) {
        seq += 1
        let m = TelemetryMessage(deviceId: device, seq: seq, time: t, payload: payload)
        changes += RuleEngine.process(m, state: &state, wearer: wearer, others: others)
    }

    mutating func fix(_ c: Coordinate, at t: Date, accuracy: Double? = 10) {
        send(.position(PositionFix(coordinate: c, accuracyMetres: accuracy)), at: t)
    }

    mutating func tick(_ t: Date) {
        changes += RuleEngine.tick(now: t, state: &state, wearer: wearer, others: others)
    }

    /// Final snapshot of every episode seen, withdrawn ones excluded.
    var episodes: [Episode] {
        Replay.latestEpisodes(start: [], changes: changes).filter { $0.status != .withdrawn }
    }

    func episodes(_ type: ViolationType) -> [Episode] { episodes.filter { $0.type == type } }
}

extension Drive where Others == NoOtherParties {
    init(_ w: TestWearer, start: Date) { self.init(w, start: start, others: NoOtherParties()) }
}

/// Every minute in [from, to).
func minutes(from: Date, to: Date, step: TimeInterval = 60) -> [Date] {
    stride(from: from.timeIntervalSince1970, to: to.timeIntervalSince1970, by: step).map(Date.init(timeIntervalSince1970:))
}

/// A deterministic generator for jitter (SplitMix64).
struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    mutating func symmetric(_ amplitude: Double) -> Double { (unit() * 2 - 1) * amplitude }
}

/// A tiny violation store: upserts by episode key, remembers whether the newest write was late.
struct EpisodeStore {
    var rows: [EpisodeKey: (episode: Episode, late: Bool)] = [:]

    mutating func apply(_ changes: [ViolationChange]) {
        for c in changes {
            let wasLate = rows[c.episode.key]?.late ?? false
            rows[c.episode.key] = (c.episode, wasLate || c.late)
        }
    }

    var active: [Episode] { rows.values.map(\.episode).filter { $0.status != .withdrawn }.sorted { $0.start < $1.start } }
}
