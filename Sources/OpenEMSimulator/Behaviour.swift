import Foundation
import Geo
import OpenEMCore

/// One message a simulated device produces: when it happened (event time) and when the device sends it
/// (uploads every few minutes; a backlog after a coverage gap goes up late).
public struct SimMessage: Sendable {
    public var time: Date
    public var sendTime: Date
    public var payload: TelemetryPayload
}

/// A wearer's carried-over state between simulated days: battery, an alcohol episode in progress.
public struct SimWearerState: Sendable {
    var battery = 100.0
    var charging = false
    var dead = false
    var lowSince: Date?
    var flatSince: Date?
    var drink: DrinkEpisode?
    /// Found the tag flat in the morning: charging it until the battery is full or they leave.
    var rescueUntil: Date?
    public init() {}
}

struct DrinkEpisode: Sendable {
    var start: Date
    var peak: Double
    static let lagHours = 0.5, risePerHour = 0.025, fallPerHour = 0.012

    func tac(at t: Date) -> Double {
        let h = t.timeIntervalSince(start) / 3600 - Self.lagHours
        if h <= 0 { return 0 }
        let riseHours = peak / Self.risePerHour
        if h <= riseHours { return h * Self.risePerHour }
        return max(0, peak - (h - riseHours) * Self.fallPerHour)
    }

    var end: Date { start.addingTimeInterval((Self.lagHours + peak / Self.risePerHour + peak / Self.fallPerHour) * 3600) }

    /// When the true curve is above a threshold.
    func above(_ threshold: Double) -> (Date, Date)? {
        guard peak > threshold else { return nil }
        let up = Self.lagHours + threshold / Self.risePerHour
        let down = Self.lagHours + peak / Self.risePerHour + (peak - threshold) / Self.fallPerHour
        return (start.addingTimeInterval(up * 3600), start.addingTimeInterval(down * 3600))
    }
}

/// A piecewise-linear day: stays and journeys.
struct Path {
    struct Leg {
        var start: Date
        var end: Date
        var from: Coordinate
        var to: Coordinate
    }
    var legs: [Leg] = []
    var cursor: Date
    var position: Coordinate
    /// A detour laid over the plan: from wherever the wearer is at `start`, to `target` by `arrive`, there until
    /// `leave`, back on the plan by `end`.
    var detour: (start: Date, arrive: Date, leave: Date, end: Date, target: Coordinate)?

    init(start: Date, at: Coordinate) {
        cursor = start
        position = at
    }

    mutating func stay(until t: Date) {
        guard t > cursor else { return }
        legs.append(Leg(start: cursor, end: t, from: position, to: position))
        cursor = t
    }

    mutating func travel(to p: Coordinate, speed: Double) {
        let d = Geodesic.fastDistance(position, p)
        let end = cursor.addingTimeInterval(max(60, d / speed))
        legs.append(Leg(start: cursor, end: end, from: position, to: p))
        cursor = end
        position = p
    }

    /// Travel so as to arrive at `t` (leaving when needed, never before now).
    mutating func arrive(at p: Coordinate, by t: Date, speed: Double) {
        let d = Geodesic.fastDistance(position, p)
        stay(until: t.addingTimeInterval(-max(60, d / speed)))
        travel(to: p, speed: speed)
    }

    func at(_ t: Date) -> Coordinate {
        if let d = detour, t >= d.start, t < d.end {
            func lerp(_ a: Coordinate, _ b: Coordinate, _ f: Double) -> Coordinate {
                Coordinate(lat: a.lat + (b.lat - a.lat) * f, lon: a.lon + (b.lon - a.lon) * f)
            }
            if t < d.arrive { return lerp(planned(d.start), d.target, t.timeIntervalSince(d.start) / d.arrive.timeIntervalSince(d.start)) }
            if t < d.leave { return d.target }
            return lerp(d.target, planned(d.end), t.timeIntervalSince(d.leave) / d.end.timeIntervalSince(d.leave))
        }
        return planned(t)
    }

    func planned(_ t: Date) -> Coordinate {
        // Legs are few (under 20); a linear scan is fine.
        for l in legs where t >= l.start && t < l.end {
            let f = l.end > l.start ? t.timeIntervalSince(l.start) / l.end.timeIntervalSince(l.start) : 0
            return Coordinate(lat: l.from.lat + (l.to.lat - l.from.lat) * f, lon: l.from.lon + (l.to.lon - l.from.lon) * f)
        }
        return position
    }
}

/// Generates a wearer's telemetry for one local day, with the truth of what was injected.
public enum Behaviour {
    static let london = TimeZone(identifier: "Europe/London")!

    public static func localMidnight(onOrBefore t: Date) -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = london
        return cal.startOfDay(for: t)
    }

    static func at(_ day: Date, _ hour: Int, _ minute: Int = 0) -> Date {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = london
        return cal.date(bySettingHour: hour, minute: minute, second: 0, of: day) ?? day.addingTimeInterval(Double(hour * 3600 + minute * 60))
    }

    static func at(_ day: Date, hours: Double) -> Date {
        at(day, Int(hours), Int((hours - floor(hours)) * 60)).addingTimeInterval(((hours * 60) - floor(hours * 60)) * 60)
    }

    /// One day from local midnight `day` (day number `dayIndex` of the run).
    public static func day(
        _ w: SimWearer, day: Date, dayIndex: Int, seed: UInt64,
        state: inout SimWearerState
    ) -> (messages: [SimMessage], truth: [TruthRecord]) {
        var rng = SimRandom(seed: seed, w.index, dayIndex)
        let next = localMidnight(onOrBefore: day.addingTimeInterval(30 * 3600))
        switch w.deviceType {
        case .alcoholTag: return alcoholDay(w, day: day, next: next, rng: &rng, state: &state)
        default: return gpsDay(w, day: day, next: next, dayIndex: dayIndex, seed: seed, rng: &rng, state: &state)
        }
    }

    // MARK: GPS tags

    static func gpsDay(
        _ w: SimWearer, day: Date, next: Date, dayIndex: Int, seed: UInt64, rng: inout SimRandom,
        state: inout SimWearerState
    ) -> (messages: [SimMessage], truth: [TruthRecord]) {
        var truth: [TruthRecord] = []
        let p = w.propensity
        let speed = w.motorised ? rng.uniform(6, 11) : rng.uniform(1.3, 4.5)
        var path = Path(start: day, at: w.home)
        func violation(_ type: ViolationType, _ condition: String?, _ s: Date, _ e: Date, _ note: String) {
            truth.append(
                TruthRecord(
                    kind: .violation, type: type, wearer: w.index, conditionId: condition.map(w.conditionId),
                    start: s, end: e, note: note))
        }
        func nearMiss(_ type: ViolationType, _ condition: String?, _ s: Date, _ e: Date, _ note: String) {
            truth.append(
                TruthRecord(
                    kind: .nearMiss, type: type, wearer: w.index, conditionId: condition.map(w.conditionId),
                    start: s, end: e, note: note))
        }

        // Morning: leave after the curfew ends (07:00) with a margin.
        let leave = at(day, hours: rng.uniform(7.4, 9.5))
        if let appt = w.appointments(in: DateInterval(start: day, end: next)).first, let office = w.probationOffice {
            // Appointment day: to the probation office first; on time, within the grace, late, or not at all.
            // What really happened is read off the path afterwards (`groundTruth`).
            let grace = Double(SimWearer.attendanceGraceMinutes) * 60
            let r = rng.unit()
            if r < 0.04 * p {
                path.stay(until: leave)
            } else {
                let arrival =
                    r < 0.07 * p
                    ? appt.start.addingTimeInterval(grace + rng.uniform(5, 40) * 60)
                    : rng.chance(0.08)
                        ? appt.start.addingTimeInterval(rng.uniform(1, grace / 60 - 4) * 60)
                        : appt.start.addingTimeInterval(-rng.uniform(5, 25) * 60)
                path.stay(until: min(leave, at(day, hours: 8.5)))
                path.arrive(at: CaseloadGenerator.near(office, minMetres: 0, maxMetres: 20, &rng), by: arrival, speed: speed)
                path.stay(until: max(arrival, appt.start).addingTimeInterval(rng.uniform(25, 45) * 60))
            }
        } else {
            path.stay(until: leave)
        }
        let first = rng.chance(0.6) ? w.places[0] : rng.pick(w.places)
        path.travel(to: CaseloadGenerator.near(first, minMetres: 0, maxMetres: 30, &rng), speed: speed)
        path.stay(until: at(day, hours: rng.uniform(12, 13.5)))

        // Midday: sometimes the rule-breaking trip.
        let origin = path.position
        if let victim = w.victimHome, rng.chance(0.04 * p) {
            path.travel(to: CaseloadGenerator.near(victim, minMetres: 0, maxMetres: 100, &rng), speed: speed)
            path.stay(until: path.cursor.addingTimeInterval(rng.uniform(10, 40) * 60))
            path.travel(to: origin, speed: speed)
        } else if let centre = w.extraZoneCentre, rng.chance(0.03 * p) {
            path.travel(to: CaseloadGenerator.near(centre, minMetres: 0, maxMetres: 150, &rng), speed: speed)
            path.stay(until: path.cursor.addingTimeInterval(rng.uniform(10, 40) * 60))
            path.travel(to: origin, speed: speed)
        } else if let victim = w.victimHome, rng.chance(0.06) {
            // A near-miss: along the zone's edge on the wearer's side, 80-120 m outside it, for 500 m.
            let s = LocalScale(latitude: victim.lat)
            let north = (origin.lat - victim.lat) * s.metresPerDegreeLat, east = (origin.lon - victim.lon) * s.metresPerDegreeLon
            let off = 250 + rng.uniform(80, 120)
            let (a, b) =
                abs(north) > abs(east)
                ? (
                    SimWearer.offset(victim, north: north.sign == .minus ? -off : off, east: -250),
                    SimWearer.offset(victim, north: north.sign == .minus ? -off : off, east: 250)
                )
                : (
                    SimWearer.offset(victim, north: -250, east: east.sign == .minus ? -off : off),
                    SimWearer.offset(victim, north: 250, east: east.sign == .minus ? -off : off)
                )
            path.travel(to: a, speed: speed)
            let started = path.cursor
            path.travel(to: b, speed: 1.4)
            nearMiss(.exclusionZoneEntry, "victim-zone", started, path.cursor, "walked along the zone edge outside it")
            path.travel(to: origin, speed: speed)
        }
        path.travel(to: CaseloadGenerator.near(rng.pick(w.places), minMetres: 0, maxMetres: 30, &rng), speed: speed)
        path.stay(until: at(day, hours: rng.uniform(15, 17)))

        // Evening: home before the curfew, or late.
        let home = CaseloadGenerator.near(w.home, minMetres: 0, maxMetres: 8, &rng)
        let curfewStart = at(day, 19, 0)
        if w.curfew, rng.chance(0.03 * p) {
            path.arrive(at: home, by: curfewStart.addingTimeInterval(rng.uniform(15, 120) * 60), speed: speed)
        } else if w.curfew, rng.chance(0.05) {
            let arrival = curfewStart.addingTimeInterval(rng.uniform(1, 3) * 60)
            path.arrive(at: home, by: arrival, speed: speed)
            nearMiss(.curfewAbsence, "curfew", curfewStart, arrival, "home within the grace period")
        } else {
            path.arrive(at: home, by: at(day, hours: rng.uniform(17.5, 18.75)), speed: speed)
        }
        // Late evening: rarely, out during the curfew.
        if w.curfew, rng.chance(0.01 * p) {
            let out = at(day, hours: rng.uniform(22, 23.3))
            path.stay(until: out)
            let dest = CaseloadGenerator.near(w.home, minMetres: 600, maxMetres: 1_500, &rng)
            path.travel(to: dest, speed: 1.4)
            path.stay(until: path.cursor.addingTimeInterval(rng.uniform(15, 40) * 60))
            path.travel(to: home, speed: 1.4)
        }
        path.stay(until: next)
        var tamperAt: Date? = rng.chance(0.003 * p) ? at(day, hours: rng.uniform(9, 22)) : nil
        if let incident = w.incident, incident >= day, incident < next {
            if let target = w.victimHome ?? w.extraZoneCentre {
                path.detour = (
                    incident.addingTimeInterval(-240), incident, incident.addingTimeInterval(15 * 60),
                    incident.addingTimeInterval(20 * 60), target
                )
            } else {
                tamperAt = incident
            }
        }
        let victim = victimPath(w, day: day, next: next, dayIndex: dayIndex, seed: seed)
        truth += groundTruth(w, path: path, victim: victim, day: day, next: next)

        // Coverage: sometimes a gap by day whose fixes go up as a backlog when it ends.
        var gap: (Date, Date)?
        if rng.chance(0.15) {
            let s = at(day, hours: rng.uniform(10, 15))
            gap = (s, s.addingTimeInterval(rng.uniform(20, 90) * 60))
        }
        let forgetsToCharge = rng.chance(0.03 * p)
        let chargeFrom = at(day, hours: rng.uniform(20.5, 21.5)), chargeHours = rng.uniform(1.5, 2.2)

        var zones: [PreparedShape] = []
        if let z = w.victimZone { zones.append(PreparedShape(.polygon(z))) }
        if let c = w.extraZoneCentre { zones.append(PreparedShape(.circle(Circle(center: c, radiusMetres: 300)))) }
        var fastMode = 0
        var messages: [SimMessage] = []
        messages.reserveCapacity(1600)
        var t = day
        var minute = 0
        while t < next {
            // Battery: 3.5% an hour off charge; 60% an hour on it. A flat tag says nothing until charged.
            let plannedCharge = !forgetsToCharge && t >= chargeFrom && t < chargeFrom.addingTimeInterval(chargeHours * 3600)
            if state.dead, state.rescueUntil == nil, t >= at(day, hours: 7.25) { state.rescueUntil = at(day, hours: 9) }
            let rescueCharge = state.rescueUntil.map { t < $0 && state.battery < 100 } ?? false
            if !rescueCharge { state.rescueUntil = nil }
            let charging = plannedCharge || rescueCharge
            if charging != state.charging {
                state.charging = charging
                if charging {
                    if let low = state.lowSince {
                        violation(.lowBattery, nil, low, t, "forgot to charge")
                        state.lowSince = nil
                    }
                    if let flat = state.flatSince {
                        violation(.batteryFlat, nil, flat, t, "battery ran out")
                        state.flatSince = nil
                    }
                    state.dead = false
                }
                if !state.dead {
                    messages.append(
                        SimMessage(time: t, sendTime: t, payload: .battery(levelPercent: state.battery.rounded(.up), charging: charging)))
                }
            }
            let before = state.battery
            state.battery = charging ? min(100, state.battery + 1.0) : max(0, state.battery - 3.5 / 60)
            if before > 20, state.battery <= 20, !charging {
                // Tags report crossing the low-battery threshold at once.
                state.lowSince = t
                messages.append(SimMessage(time: t, sendTime: t, payload: .battery(levelPercent: state.battery.rounded(.up), charging: false)))
            }
            if state.battery <= 0, !state.dead, !charging {
                state.dead = true
                state.flatSince = t
                messages.append(SimMessage(time: t, sendTime: t, payload: .battery(levelPercent: 0, charging: false)))
            }
            if !state.dead {
                var send = Date(timeIntervalSince1970: (t.timeIntervalSince1970 / 300).rounded(.up) * 300)
                if let g = gap, t >= g.0, t < g.1 { send = g.1 }
                // A fix a minute; every 15 s while the tag sees itself in an exclusion zone, uploaded at once.
                var sub = 0.0
                while sub < 60 {
                    let ft = t.addingTimeInterval(sub)
                    let truePosition = path.at(ft)
                    let atHome = Geodesic.fastDistance(truePosition, w.home) < 40
                    let (accuracy, source) = fixQuality(indoors: atHome, &rng)
                    var sigma = accuracy / 2.45
                    if rng.chance(0.002) { sigma *= 3 }  // multipath: the stated accuracy is too optimistic
                    let observed = SimWearer.offset(truePosition, north: rng.gaussian() * sigma, east: rng.gaussian() * sigma)
                    let alarm = source == .gps && zones.contains { $0.contains(observed) }
                    messages.append(
                        SimMessage(
                            time: ft, sendTime: alarm && send > ft ? ft : send,
                            payload: .position(
                                PositionFix(
                                    coordinate: observed, accuracyMetres: accuracy.rounded(), source: source))))
                    sub += alarm || fastMode > 0 ? 15 : 60
                    if alarm { fastMode = 4 } else if fastMode > 0 { fastMode -= 1 }
                }
                if minute % 30 == 0 {
                    messages.append(
                        SimMessage(time: t, sendTime: send, payload: .battery(levelPercent: state.battery.rounded(.up), charging: charging)))
                }
                if let tamper = tamperAt, tamper >= t, tamper < t.addingTimeInterval(60) {
                    messages.append(SimMessage(time: tamper, sendTime: tamper, payload: .tamper(.strap)))
                    violation(.tamper, nil, tamper, tamper, "strap tamper")
                }
            }
            t.addTimeInterval(60)
            minute += 1
        }
        // A violation the tag could not see (flat for all of it) is kept in the truth, marked unobservable.
        let positional: Set<ViolationType> = [
            .curfewAbsence, .exclusionZoneEntry, .attendanceMissed,
            .victimProximityWarning, .victimProximityBreach,
        ]
        for i in truth.indices where truth[i].kind == .violation && positional.contains(truth[i].type) {
            let r = truth[i]
            let seen = messages.contains { m in
                if case .position = m.payload { return m.time >= r.start && m.time <= r.end } else { return false }
            }
            if !seen { truth[i].observable = false }
        }
        messages.sort { $0.sendTime < $1.sendTime || ($0.sendTime == $1.sendTime && $0.time < $1.time) }
        return (messages, truth)
    }

    /// Truth still open at the end of a run (a battery not yet charged), closed at `end`.
    public static func openTruth(_ w: SimWearer, state: SimWearerState, end: Date) -> [TruthRecord] {
        var out: [TruthRecord] = []
        if let low = state.lowSince {
            out.append(
                TruthRecord(
                    kind: .violation, type: .lowBattery, wearer: w.index, conditionId: nil, start: low, end: end,
                    note: "forgot to charge"))
        }
        if let flat = state.flatSince {
            out.append(
                TruthRecord(
                    kind: .violation, type: .batteryFlat, wearer: w.index, conditionId: nil, start: flat, end: end,
                    note: "battery ran out"))
        }
        return out
    }

    /// What really happened on the true path, sampled every 10 s: every time inside an exclusion zone, every
    /// curfew absence (not home 5 minutes after the window opens, or leaving during it).
    static func groundTruth(_ w: SimWearer, path: Path, victim: Path?, day: Date, next: Date) -> [TruthRecord] {
        var out: [TruthRecord] = []
        var zones: [(String, PreparedShape)] = []
        if let z = w.victimZone { zones.append(("victim-zone", PreparedShape(.polygon(z)))) }
        if let c = w.extraZoneCentre { zones.append(("zone", PreparedShape(.circle(Circle(center: c, radiusMetres: 300))))) }
        var insideSince: [Date?] = Array(repeating: nil, count: zones.count)
        var absentSince: Date?
        let rings = [
            (SimWearer.victimWarnMetres, ViolationType.victimProximityWarning),
            (SimWearer.victimBreachMetres, ViolationType.victimProximityBreach),
        ]
        var nearSince: [Date?] = [nil, nil]
        let window = at(day, 19, 0), grace = window.addingTimeInterval(Double(SimWearer.curfewGraceMinutes) * 60)
        var t = day
        while t <= next {
            let p = path.at(t)
            for (i, z) in zones.enumerated() {
                let inside = t < next && z.1.contains(p)
                if inside, insideSince[i] == nil { insideSince[i] = t }
                if !inside, let s = insideSince[i] {
                    out.append(
                        TruthRecord(
                            kind: .violation, type: .exclusionZoneEntry, wearer: w.index,
                            conditionId: w.conditionId(z.0), start: s, end: t, note: "inside the zone"))
                    insideSince[i] = nil
                }
            }
            if let victim {
                let d = Geodesic.fastDistance(p, victim.at(t))
                for (r, ring) in rings.enumerated() {
                    let near = t < next && d <= ring.0
                    if near, nearSince[r] == nil { nearSince[r] = t }
                    if !near, let s = nearSince[r] {
                        out.append(
                            TruthRecord(
                                kind: .violation, type: ring.1, wearer: w.index,
                                conditionId: w.conditionId("victim-proximity"), start: s, end: t,
                                note: "within \(Int(ring.0)) m of the victim"))
                        nearSince[r] = nil
                    }
                }
            }
            if w.curfew {
                let absent = t >= window && t < next && Geodesic.fastDistance(p, w.home) > 50
                if absent, absentSince == nil { absentSince = t }
                if !absent, let s = absentSince {
                    // Home again within the grace period at the window's start is no violation.
                    if !(s <= window && t <= grace) {
                        out.append(
                            TruthRecord(
                                kind: .violation, type: .curfewAbsence, wearer: w.index,
                                conditionId: w.conditionId("curfew"), start: s, end: t,
                                note: s <= window ? "not home when the curfew began" : "left during the curfew"))
                    }
                    absentSince = nil
                }
            }
            t.addTimeInterval(10)
        }
        // Attendance: the first time within the radius, from the grace before the appointment to its end.
        if let appt = w.appointments(in: DateInterval(start: day, end: next)).first, let office = w.probationOffice {
            let grace = Double(SimWearer.attendanceGraceMinutes) * 60
            var t = appt.start.addingTimeInterval(-grace)
            var arrived: Date?
            while t < appt.end, arrived == nil {
                if Geodesic.fastDistance(path.at(t), office) <= SimWearer.attendanceRadiusMetres { arrived = t }
                t.addTimeInterval(10)
            }
            let late = arrived.map { $0 > appt.start.addingTimeInterval(grace) } ?? true
            if late || arrived! > appt.start {
                out.append(
                    TruthRecord(
                        kind: late ? .violation : .nearMiss, type: .attendanceMissed, wearer: w.index,
                        conditionId: w.conditionId("attendance"), start: appt.start, end: arrived ?? appt.end,
                        note: arrived == nil
                            ? "missed the appointment"
                            : late ? "arrived after the grace period" : "arrived within the grace period"))
            }
        }
        return out
    }

    /// Stated accuracy and source of a fix: mostly 3-15 m outdoors, worse indoors, sometimes a coarse cell fix.
    static func fixQuality(indoors: Bool, _ rng: inout SimRandom) -> (Double, PositionSource) {
        let r = rng.unit()
        if indoors {
            if r < 0.70 { return (rng.uniform(8, 25), .gps) }
            if r < 0.92 { return (rng.uniform(15, 40), .wifi) }
            return (rng.uniform(150, 600), .lbs)
        }
        if r < 0.85 { return (rng.uniform(3, 15), .gps) }
        if r < 0.97 { return (rng.uniform(15, 50), .gps) }
        return (rng.uniform(200, 800), .lbs)
    }

    // MARK: victims' phones

    /// The victim's day: most weekdays to work and home by the evening; otherwise at home with a trip to the shop.
    static func victimPath(_ w: SimWearer, day: Date, next: Date, dayIndex: Int, seed: UInt64) -> Path? {
        guard let home = w.victimHome, w.victimPlaces.count == 2 else { return nil }
        var rng = SimRandom(seed: seed ^ 0x71C7_1A5E, w.index, dayIndex)
        var path = Path(start: day, at: home)
        let speed = rng.uniform(5, 9)  // bus or car to work
        if rng.chance(0.7) {
            path.stay(until: at(day, hours: rng.uniform(7.5, 9.5)))
            path.travel(to: w.victimPlaces[1], speed: speed)
            path.arrive(at: home, by: at(day, hours: rng.uniform(16.5, 18.5)), speed: speed)
        } else {
            path.stay(until: at(day, hours: rng.uniform(9, 17)))
            path.travel(to: w.victimPlaces[0], speed: 1.3)
            path.stay(until: path.cursor.addingTimeInterval(rng.uniform(5, 20) * 60))
            path.travel(to: home, speed: 1.3)
        }
        path.stay(until: next)
        return path
    }

    /// The victim's phone for one local day: a fix every 2 minutes, sent at once (as Traccar Client does).
    public static func victimDay(_ w: SimWearer, day: Date, dayIndex: Int, seed: UInt64) -> [SimMessage] {
        let next = localMidnight(onOrBefore: day.addingTimeInterval(30 * 3600))
        guard let path = victimPath(w, day: day, next: next, dayIndex: dayIndex, seed: seed) else { return [] }
        var rng = SimRandom(seed: seed ^ 0x9B0E_F1C5, w.index, dayIndex)
        var out: [SimMessage] = []
        out.reserveCapacity(720)
        var t = day.addingTimeInterval(rng.uniform(0, 120))
        while t < next {
            let p = path.at(t)
            let indoors = ([w.victimHome!] + w.victimPlaces).contains { Geodesic.fastDistance(p, $0) < 40 }
            let accuracy = indoors ? rng.uniform(10, 35) : rng.uniform(4, 16)
            let sigma = accuracy / 2.45
            let observed = SimWearer.offset(p, north: rng.gaussian() * sigma, east: rng.gaussian() * sigma)
            out.append(
                SimMessage(
                    time: t, sendTime: t,
                    payload: .position(
                        PositionFix(
                            coordinate: observed, accuracyMetres: accuracy.rounded(), source: indoors ? .wifi : .gps))))
            t.addTimeInterval(120)
        }
        return out
    }

    // MARK: alcohol tags

    static func alcoholDay(
        _ w: SimWearer, day: Date, next: Date, rng: inout SimRandom,
        state: inout SimWearerState
    ) -> (messages: [SimMessage], truth: [TruthRecord]) {
        var truth: [TruthRecord] = []
        if state.drink.map({ $0.end < day }) ?? true { state.drink = nil }
        if state.drink == nil {
            var peak: Double?
            if rng.chance(0.04 * w.propensity) {
                peak = rng.uniform(0.035, 0.08)
            } else if rng.chance(0.03) {
                peak = rng.uniform(0.021, 0.026)  // a small drink: briefly over, not confirmed
            }
            if let peak {
                let e = DrinkEpisode(start: at(day, hours: rng.uniform(18.5, 21)), peak: peak)
                state.drink = e
                if let (s, end) = e.above(0.02) {
                    let kind: TruthRecord.Kind = end.timeIntervalSince(s) >= 100 * 60 ? .violation : .nearMiss
                    truth.append(
                        TruthRecord(
                            kind: kind, type: .alcoholDetected, wearer: w.index, conditionId: w.conditionId("alcohol"),
                            start: s, end: end, note: String(format: "peak TAC %.3f g/dL", peak)))
                }
            }
        }
        var messages: [SimMessage] = []
        let phase = rng.uniform(0, 30 * 60)
        var t = day.addingTimeInterval(phase)
        while t < next {
            let tac = max(0, (state.drink?.tac(at: t) ?? 0) + rng.gaussian() * 0.0015)
            let reading = AlcoholReading(
                tac: (tac * 10_000).rounded() / 10_000, irVoltage: rng.uniform(1.5, 3.0),
                temperatureC: rng.uniform(31, 34))
            messages.append(SimMessage(time: t, sendTime: t.addingTimeInterval(rng.uniform(0, 60)), payload: .alcohol(reading)))
            t.addTimeInterval(30 * 60)
        }
        return (messages, truth)
    }
}
