import Foundation
import OpenEMCore

/// What the person page shows beyond the person and their orders: one timeline of violations, alerts and device
/// fittings; reviews due; a compliance calendar per curfew; and the transdermal alcohol readings for the chart.
struct PersonPageExtras {
    var timeline: [PersonPage.TimelineItem] = []
    var reviews: [PersonPage.Review] = []
    var curfews: [PersonPage.CurfewCalendar] = []
    /// The transdermal readings for the chart, when the person wears an alcohol tag.
    var alcohol: AlcoholReadings?

    struct AlcoholReadings: Encodable {
        struct Reading: Encodable {
            var time: Date
            var tac: Double
        }
        var threshold: Double
        var readings: [Reading]
    }

    static let calendarDays = 14.0
    static let reviewWarningDays = 14

    static func load(
        subject: Subject, orders: [Order], installations: [Installation], alerts: [Alert],
        violations: [Violation], to: Date, now: Date, store: any OpenEMStore
    ) async throws -> PersonPageExtras {
        var out = PersonPageExtras()
        let times = PortalClock(now: now)
        var deviceTypes: [EntityID: DeviceType] = [:]
        for i in installations where deviceTypes[i.deviceId] == nil {
            deviceTypes[i.deviceId] = try await store.device(id: i.deviceId)?.type
        }

        // One timeline, newest first.
        var items: [(Date, PersonPage.TimelineItem)] = []
        for v in violations {
            let state = DisplayNames.of(v.status) + (v.end.map { ", ended " + times.words($0) } ?? ", ongoing")
            let outcome = v.outcome.map { "; outcome: " + DisplayNames.of($0.outcome) } ?? ""
            let note = v.outcome?.note.map { " Outcome note: " + $0 } ?? ""
            items.append(
                (
                    v.start,
                    .init(
                        time: times.instant(v.start), kind: "Violation",
                        what: DisplayNames.of(v.type) + (v.late ? " (late data)" : ""),
                        status: state + outcome, detail: v.evidence.summary + note)
                ))
        }
        for a in alerts {
            items.append(
                (
                    a.raisedAt,
                    .init(
                        time: times.instant(a.raisedAt), kind: "Alert",
                        what: "\(DisplayNames.of(a.severity)) alert: \(DisplayNames.of(a.violationType))",
                        status: DisplayNames.of(a.status) + (a.decision.map { ": " + DisplayNames.of($0) } ?? ""),
                        detail: a.decisionNote ?? "")
                ))
        }
        for i in installations {
            let type = deviceTypes[i.deviceId].map { DisplayNames.of($0) } ?? "Device"
            items.append(
                (
                    i.installedAt,
                    .init(
                        time: times.instant(i.installedAt), kind: "Device", what: "\(type) fitted",
                        status: "", detail: "")
                ))
            if let r = i.removedAt {
                items.append((r, .init(time: times.instant(r), kind: "Device", what: "\(type) removed", status: "", detail: "")))
            }
        }
        out.timeline = items.sorted { $0.0 > $1.0 }.map(\.1)

        // Reviews due within two weeks, or overdue.
        let zone = TimeZone(identifier: "Europe/London")!
        let today = LocalDay(containing: now, in: zone)
        for o in orders where o.status == .active {
            guard let d = o.nextReviewDate, let day = LocalDay(isoDate: d) else { continue }
            let days = day.dayNumber - today.dayNumber
            guard days <= reviewWarningDays else { continue }
            let date = times.date(d)
            out.reviews.append(
                .init(
                    text: days < 0
                        ? "Review overdue since \(date)"
                        : days == 0
                            ? "Review due today (\(date))"
                            : "Review due by \(date), in \(days) day\(days == 1 ? "" : "s")",
                    overdue: days < 0))
        }

        // A compliance calendar for each curfew, over the two weeks to the end of the chosen window.
        let period = DateInterval(start: to.addingTimeInterval(-calendarDays * 86_400), end: to)
        let fitted = installations.map(\.installedAt).min()
        // One read of the eight weeks the patterns look at, which holds the calendar's two weeks too.
        let weeks = DateInterval(start: to.addingTimeInterval(-Double(CurfewPatterns.lookbackDays) * 86_400), end: to)
        var weeksViolations: [Violation]?
        for o in orders where o.status == .active {
            for c in o.conditions {
                guard case .curfew(let cu) = c.rule,
                    let timetable = WeeklyTimetable(rows: cu.timetable, timeZoneIdentifier: o.timeZone)
                else { continue }
                if weeksViolations == nil {
                    weeksViolations = try await store.violations(
                        ViolationQuery(subjectIds: [subject.id], from: weeks.start, to: weeks.end, limit: 5_000))
                }
                let violations = weeksViolations ?? []
                let monitoredFrom = fitted.map { f in max(f, o.startInstant ?? f) }
                let nights = CurfewCalendar.nights(
                    timetable: timetable, conditionId: c.id, period: period, now: now,
                    monitoredFrom: monitoredFrom, violations: violations)
                // Patterns over eight weeks: repeated late returns and absences, and each weekday's nights.
                let weeksNights = CurfewCalendar.nights(
                    timetable: timetable, conditionId: c.id, period: weeks, now: now, monitoredFrom: monitoredFrom,
                    violations: violations)
                let patterns = CurfewPatterns.patterns(nights: weeksNights, violations: violations, zone: timetable.timeZone)
                let day = DateFormatter(), hourMinute = DateFormatter()
                for f in [day, hourMinute] {
                    f.locale = Locale(identifier: "en_GB")
                    f.timeZone = timetable.timeZone
                }
                day.dateFormat = "EEE d MMM"
                hourMinute.dateFormat = "HH:mm"
                out.curfews.append(
                    .init(
                        nights: nights.map { n in
                            .init(
                                date: day.string(from: n.window.start),
                                window: "\(hourMinute.string(from: n.window.start))-\(hourMinute.string(from: n.window.end))",
                                outcome: n.outcome.rawValue, label: DisplayNames.of(n.outcome))
                        },
                        patterns: patterns.map { p in
                            .init(
                                when: "\(DisplayNames.of(p.weekday)) nights around \(String(format: "%02d:00", p.hour))",
                                what: p.kind == .lateReturn ? "Back late: not home when the curfew began" : "Out during the curfew",
                                times: "\(p.count) times in \(CurfewPatterns.lookbackDays / 7) weeks; last \(times.words(p.last))")
                        }, hasPatterns: !patterns.isEmpty,
                        weekdays: CurfewPatterns.byWeekday(weeksNights).map {
                            .init(weekday: DisplayNames.of($0.weekday), kept: $0.kept, broken: $0.broken, noData: $0.noData)
                        }))
            }
        }

        // Transdermal alcohol readings over the same two weeks.
        let alcoholDevices = Set(installations.filter { [.alcoholTag, .gpsAlcoholTag].contains(deviceTypes[$0.deviceId]) }.map(\.deviceId))
        if !alcoholDevices.isEmpty {
            let logged = try await store.telemetry(deviceIds: Array(alcoholDevices), from: period.start, to: period.end, limit: 5_000)
            let readings = logged.compactMap { r -> AlcoholReadings.Reading? in
                guard case .alcohol(let a) = r.message.payload, a.tac.isFinite else { return nil }
                return .init(time: r.message.time, tac: a.tac)
            }
            out.alcohol = AlcoholReadings(threshold: RuleConfig().alcoholThresholdTac, readings: readings)
        }
        return out
    }
}
