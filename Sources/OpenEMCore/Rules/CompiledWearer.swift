import Foundation
import Geo

/// A device fitted to the wearer, as the rules need it.
public struct InstalledDevice: Hashable, Sendable, Codable {
    public var id: EntityID
    public var type: DeviceType
    public var installedAt: Date

    public init(id: EntityID, type: DeviceType, installedAt: Date) {
        self.id = id
        self.type = type
        self.installedAt = installedAt
    }

    var reportsPosition: Bool { type == .gpsTag || type == .gpsAlcoholTag }
    var readsAlcohol: Bool { type == .alcoholTag || type == .gpsAlcoholTag }
    /// An RF tag has no radio of its own: the home unit speaks for it.
    var communicates: Bool { type != .rfTag && type != .victimPhone }
}

/// Everything about one wearer's active order that the rules need, prepared once (shapes indexed,
/// timetables made concrete in the order's zone) so that evaluating a message does no set-up work.
/// Rebuild it when the order is varied or a device is fitted or removed; `WearerState.adapt(to:)` then
/// carries the memory across by condition id.
///
/// It is an immutable final class rather than a struct on purpose: it is read on every message, and copying
/// a struct of this many references (shapes, timetables, strings) cost a third of the engine's time in the
/// benchmark. Nothing in it can change after `init`, so sharing it is as safe as copying it.
public final class CompiledWearer: Sendable {
    public let subjectId: EntityID
    public let orderId: EntityID
    public let orderVersion: Int
    public let config: RuleConfig
    public let timeZone: TimeZone
    /// The order's dates as instants: from the start of `startDate` to the end of `endDate` (local).
    public let orderPeriod: DateInterval
    /// Things an order manager should know (an unknown address, a zone with no shape, overlapping rows).
    public let problems: [String]

    /// Hot-path copies of configuration, so evaluating a fix does not copy `config` (which holds a dictionary).
    let dwellRule: Dwell.Rule
    let fixGapSeconds: TimeInterval
    let maxTrustedAccuracyMetres: Double
    /// Per device, aligned with `devices`.
    let noCommunicationLimits: [TimeInterval]

    let curfews: [CompiledCurfew]
    let zones: [CompiledZone]
    let attendances: [CompiledAttendance]
    let alcohol: [CompiledAlcohol]
    let proximities: [CompiledProximity]
    let devices: [InstalledDevice]

    public init(subject: Subject, order: Order, devices: [InstalledDevice], config: RuleConfig = .default) {
        var problems: [String] = []
        let zone = TimeZone(identifier: order.timeZone) ?? TimeZone(identifier: "Europe/London")!
        if TimeZone(identifier: order.timeZone) == nil { problems.append("unknown time zone '\(order.timeZone)'; using Europe/London") }
        subjectId = subject.id
        orderId = order.id
        orderVersion = order.version
        self.config = config
        dwellRule = Dwell.Rule(fixes: config.dwellFixes, seconds: config.dwellSeconds, evidenceLimit: config.maxEvidenceFixes)
        fixGapSeconds = config.fixGapSeconds
        maxTrustedAccuracyMetres = config.maxTrustedAccuracyMetres
        timeZone = zone
        let startDay = LocalDay(isoDate: order.startDate) ?? LocalDay(dayNumber: 0)
        let endDay = order.endDate.flatMap(LocalDay.init(isoDate:))?.adding(days: 1)
        orderPeriod = DateInterval(
            start: startDay.instant(atMinute: 0, in: zone),
            end: endDay?.instant(atMinute: 0, in: zone) ?? .distantFuture)
        self.devices = devices
        noCommunicationLimits = devices.map { config.noCommunicationLimit(for: $0.type) }

        let homeUnit = devices.first { $0.type == .rfHomeUnit }?.id
        var curfews: [CompiledCurfew] = []
        var zones: [CompiledZone] = []
        var attendances: [CompiledAttendance] = []
        var alcohol: [CompiledAlcohol] = []
        var proximities: [CompiledProximity] = []
        let period = orderPeriod
        func inForce(_ c: Condition) -> DateInterval {
            let start = max(c.start ?? period.start, period.start)
            let end = min(c.end ?? period.end, period.end)
            return DateInterval(start: start, end: max(start, end))
        }
        for condition in order.conditions {
            switch condition.rule {
            case .curfew(let c):
                guard let address = subject.address(id: c.addressId) else {
                    problems.append("curfew \(condition.id): address \(c.addressId) is not one of the subject's addresses")
                    continue
                }
                problems += TimetableProblem.problems(in: c.timetable).map { "curfew \(condition.id): \($0)" }
                curfews.append(
                    CompiledCurfew(
                        conditionId: condition.id, inForce: inForce(condition), home: address.location,
                        radiusMetres: c.radiusMetres, grace: TimeInterval(c.graceMinutes * 60),
                        timetable: WeeklyTimetable(rows: c.timetable, timeZone: zone), homeUnitId: homeUnit))
            case .zone(let z):
                guard let shape = z.shape else {
                    problems.append("zone \(condition.id): geometry is not a polygon, multipolygon or point with a radius")
                    continue
                }
                let schedule = z.schedule.map { WeeklyTimetable(rows: $0, timeZone: zone) }
                if let rows = z.schedule {
                    problems += TimetableProblem.problems(in: rows).map { "zone \(condition.id): \($0)" }
                }
                zones.append(
                    CompiledZone(
                        conditionId: condition.id, kind: z.kind, name: z.name,
                        shape: PreparedShape(shape),
                        bufferMetres: z.bufferMetres ?? config.defaultZoneBufferMetres,
                        inForce: inForce(condition), schedule: schedule))
            case .attendance(let a):
                attendances.append(
                    CompiledAttendance(
                        conditionId: condition.id, inForce: inForce(condition), location: a.location,
                        radiusMetres: a.radiusMetres,
                        grace: TimeInterval((a.graceMinutes ?? config.defaultAttendanceGraceMinutes) * 60),
                        appointments: a.appointments.sorted { $0.start < $1.start }))
            case .alcohol(let a):
                let limit = a.mode == .limit ? (a.limitTac ?? config.alcoholThresholdTac) : config.alcoholThresholdTac
                alcohol.append(
                    CompiledAlcohol(
                        conditionId: condition.id, inForce: inForce(condition),
                        thresholdTac: limit,
                        type: a.mode == .limit ? .alcoholLimitExceeded : .alcoholDetected))
            case .nonAssociation(let n):
                proximities.append(
                    CompiledProximity(
                        conditionId: condition.id, inForce: inForce(condition),
                        party: .subject(n.otherSubjectId),
                        rings: [.init(metres: n.distanceMetres, type: .nonAssociation)],
                        dwellFixes: config.dwellFixes))
            case .victimProximity(let v):
                proximities.append(
                    CompiledProximity(
                        conditionId: condition.id, inForce: inForce(condition), party: .device(v.victimDeviceId),
                        rings: [
                            .init(metres: v.warnMetres, type: .victimProximityWarning),
                            .init(metres: v.breachMetres, type: .victimProximityBreach),
                        ],
                        dwellFixes: config.victimProximityDwellFixes))
            case .trail:
                continue
            }
        }
        self.curfews = curfews
        self.zones = zones
        self.attendances = attendances
        self.alcohol = alcohol
        self.proximities = proximities
        self.problems = problems
    }

    func deviceIndex(_ id: EntityID) -> Int? { devices.firstIndex { $0.id == id } }
}

/// Immutable and shared (see `CompiledWearer`).
final class CompiledCurfew: Sendable {
    let conditionId: EntityID
    let inForce: DateInterval
    let home: Coordinate
    let radiusMetres: Double
    let grace: TimeInterval
    let timetable: WeeklyTimetable
    /// When a home unit is fitted its RF reading decides presence; GPS is then only for the trail.
    let homeUnitId: EntityID?
    private let metresPerDegreeLon: Double

    init(
        conditionId: EntityID, inForce: DateInterval, home: Coordinate, radiusMetres: Double, grace: TimeInterval,
        timetable: WeeklyTimetable, homeUnitId: EntityID?
    ) {
        metresPerDegreeLon = ZoneClearance.metresPerDegreeLat * cos(home.lat * .pi / 180)
        self.conditionId = conditionId
        self.inForce = inForce
        self.home = home
        self.radiusMetres = radiusMetres
        self.grace = grace
        self.timetable = timetable
        self.homeUnitId = homeUnitId
    }

    /// Flat-earth distance from the address with the scale fixed at the address: exact to well under a metre
    /// within a few kilometres, where comparing with a 50 m radius matters, and no trigonometry per fix.
    func distanceFromHome(_ c: Coordinate) -> Double {
        let dx = (c.lon - home.lon) * metresPerDegreeLon
        let dy = (c.lat - home.lat) * ZoneClearance.metresPerDegreeLat
        return (dx * dx + dy * dy).squareRoot()
    }
}

final class CompiledZone: Sendable {
    let conditionId: EntityID
    let kind: ZoneKind
    let name: String
    let shape: PreparedShape
    let bufferMetres: Double
    let inForce: DateInterval
    let schedule: WeeklyTimetable?

    init(
        conditionId: EntityID, kind: ZoneKind, name: String, shape: PreparedShape, bufferMetres: Double,
        inForce: DateInterval, schedule: WeeklyTimetable?
    ) {
        self.conditionId = conditionId
        self.kind = kind
        self.name = name
        self.shape = shape
        self.bufferMetres = bufferMetres
        self.inForce = inForce
        self.schedule = schedule
    }

    var violationType: ViolationType { kind == .exclusion ? .exclusionZoneEntry : .inclusionZoneExit }
}

final class CompiledAttendance: Sendable {
    let conditionId: EntityID
    let inForce: DateInterval
    let location: Coordinate
    let radiusMetres: Double
    let grace: TimeInterval
    let appointments: [Appointment]

    init(
        conditionId: EntityID, inForce: DateInterval, location: Coordinate, radiusMetres: Double,
        grace: TimeInterval, appointments: [Appointment]
    ) {
        self.conditionId = conditionId
        self.inForce = inForce
        self.location = location
        self.radiusMetres = radiusMetres
        self.grace = grace
        self.appointments = appointments
    }
}

final class CompiledAlcohol: Sendable {
    let conditionId: EntityID
    let inForce: DateInterval
    let thresholdTac: Double
    let type: ViolationType

    init(conditionId: EntityID, inForce: DateInterval, thresholdTac: Double, type: ViolationType) {
        self.conditionId = conditionId
        self.inForce = inForce
        self.thresholdTac = thresholdTac
        self.type = type
    }
}

final class CompiledProximity: Sendable {
    struct Ring: Sendable {
        var metres: Double
        var type: ViolationType
    }
    let conditionId: EntityID
    let inForce: DateInterval
    let party: OtherParty
    let rings: [Ring]
    let dwellFixes: Int

    init(conditionId: EntityID, inForce: DateInterval, party: OtherParty, rings: [Ring], dwellFixes: Int) {
        self.conditionId = conditionId
        self.inForce = inForce
        self.party = party
        self.rings = rings
        self.dwellFixes = dwellFixes
    }
}
