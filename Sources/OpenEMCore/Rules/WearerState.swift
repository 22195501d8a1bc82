import Foundation
import Geo

/// The whole memory the rules keep for one wearer. It is a value: the evaluator stores it as the wearer's
/// checkpoint, and a replay starts from a copy. Per-condition parts carry their condition id so that
/// `adapt(to:)` can keep them across an order variation.
public struct WearerState: Hashable, Sendable, Codable {
    /// Event time up to which timers (curfew start checks, no communication, window ends) have fired.
    public internal(set) var clock: Date
    /// Newest message time applied. A message older than this is a backlog: replay from a checkpoint.
    public internal(set) var watermark: Date?
    /// No timer is due before this (a lower bound kept so most messages skip the timer scan).
    var nextDue: Date
    /// The newest trusted-or-not position fix, for gap detection and evidence.
    var lastFix: EvidenceFix?
    var devices: [DeviceState]
    var curfews: [CurfewState]
    var zones: [ZoneState]
    var attendances: [AttendanceState]
    var alcohol: [AlcoholState]
    var proximities: [ProximityState]
    var book: EpisodeBook

    /// Episodes the engine may still change (open ones and recent tamper episodes).
    public var liveEpisodes: [Episode] { book.live }
    public var openEpisodes: [Episode] { book.live.filter(\.isOpen) }

    /// A fresh memory for a wearer whose monitoring starts at `time`.
    public init(for wearer: CompiledWearer, at time: Date) {
        clock = time
        watermark = nil
        nextDue = time
        lastFix = nil
        devices = wearer.devices.map { DeviceState(deviceId: $0.id, expectedFrom: max($0.installedAt, time)) }
        curfews = wearer.curfews.map { CurfewState(conditionId: $0.conditionId) }
        zones = wearer.zones.map { ZoneState(conditionId: $0.conditionId, active: $0.schedule == nil) }
        attendances = wearer.attendances.map { AttendanceState(conditionId: $0.conditionId) }
        alcohol = wearer.alcohol.map { AlcoholState(conditionId: $0.conditionId) }
        proximities = wearer.proximities.map { ProximityState(conditionId: $0.conditionId, rings: $0.rings.count) }
        book = EpisodeBook()
        for i in curfews.indices {
            curfews[i].window = wearer.curfews[i].timetable.currentOrNextWindow(at: time)
        }
        for i in zones.indices {
            guard let schedule = wearer.zones[i].schedule else { continue }
            zones[i].window = schedule.currentOrNextWindow(at: time)
            zones[i].active = zones[i].window.map { $0.start <= time } ?? false
        }
    }

    /// Carries memory over to a recompiled wearer (order variation, device fitted or removed): parts whose
    /// condition or device is still there are kept, new ones start fresh, and episodes of conditions that
    /// no longer exist stay in the book until their own timers or data close them.
    public mutating func adapt(to wearer: CompiledWearer) {
        let fresh = WearerState(for: wearer, at: clock)
        func carry<T>(_ old: [T], _ new: [T], id: (T) -> EntityID) -> [T] {
            new.map { n in old.first { id($0) == id(n) } ?? n }
        }
        devices = carry(devices, fresh.devices, id: \.deviceId)
        curfews = carry(curfews, fresh.curfews, id: \.conditionId)
        zones = carry(zones, fresh.zones, id: \.conditionId)
        attendances = carry(attendances, fresh.attendances, id: \.conditionId)
        alcohol = carry(alcohol, fresh.alcohol, id: \.conditionId)
        proximities = carry(proximities, fresh.proximities, id: \.conditionId)
        nextDue = clock
    }
}

struct DeviceState: Hashable, Sendable, Codable {
    var deviceId: EntityID
    /// Silence is counted from here until the first message (the fitting time).
    var expectedFrom: Date
    var lastSeen: Date?
    var lowBattery: EpisodeKey?
    var batteryFlat: EpisodeKey?
    /// A flat battery inferred from silence closes on the next message; one reported at 0% on charging.
    var flatFromSilence = false
    var noCommunication: EpisodeKey?
    /// When the device's data last reached us (wall clock), whatever its event time. A backlog arriving now shows
    /// the device communicating now: silence is counted from the later of this and the last event.
    var lastReceived: Date?
    /// Newest tamper episode per kind, which a repeat within the merge time extends.
    var tamper: [TamperKind: EpisodeKey] = [:]

    init(deviceId: EntityID, expectedFrom: Date) {
        self.deviceId = deviceId
        self.expectedFrom = expectedFrom
    }

    var silentSince: Date { lastSeen ?? expectedFrom }
}

enum WindowPhase: Hashable, Sendable, Codable {
    /// Waiting for the window to start.
    case idle
    /// Inside the window, before start + grace.
    case awaitingCheck
    /// The start check could not decide (no definite position yet). `silent`: because the device was not
    /// communicating, in which case the gap is NO_COMMUNICATION and never counted as absence.
    case pending(silent: Bool)
    /// Decided; watching for leaving and returning.
    case monitoring
}

struct CurfewState: Hashable, Sendable, Codable {
    var conditionId: EntityID
    /// The window in force or the next one (cached so no calendar work is done per fix).
    var window: DateInterval?
    var phase: WindowPhase = .idle
    var presence = Dwell()
    var rfInRange: Bool?
    var episode: EpisodeKey?
    /// Opened at the start check on stale data: the next definite evidence confirms or withdraws it.
    var withdrawable = false
    /// The newest fix of known, trusted accuracy that put the wearer at home: what lets a fix of unknown accuracy
    /// at the address count as "home" (corroboration), for `CurfewRule.corroborationSeconds` after it.
    var measuredHomeAt: Date?
}

struct ZoneState: Hashable, Sendable, Codable {
    var conditionId: EntityID
    var dwell = Dwell()
    /// Schedule window in force or next (nil for an unscheduled zone).
    var window: DateInterval?
    var active: Bool
    var episode: EpisodeKey?
    var clearance: ZoneClearance?

    init(conditionId: EntityID, active: Bool) {
        self.conditionId = conditionId
        self.active = active
    }
}

struct AttendanceState: Hashable, Sendable, Codable {
    var conditionId: EntityID
    /// Index of the appointment not yet over.
    var next = 0
    var phase: WindowPhase = .idle
    var presentSeen = false
    var lastSide: Bool?
    var episode: EpisodeKey?
}

struct AlcoholState: Hashable, Sendable, Codable {
    var conditionId: EntityID
    var streak: [Double] = []
    var streakStart: Date?
    var implausibleRise = false
    var lastTac: Double?
    var lastReading: Date?
    var episode: EpisodeKey?
}

struct ProximityState: Hashable, Sendable, Codable {
    var conditionId: EntityID
    var rings: [Dwell]
    var episodes: [EpisodeKey?]

    init(conditionId: EntityID, rings: Int) {
        self.conditionId = conditionId
        self.rings = Array(repeating: Dwell(), count: rings)
        episodes = Array(repeating: nil, count: rings)
    }
}
