import Foundation
import OpenEMCore

/// What the person page shows beyond the person and their orders: one timeline of violations, alerts and device
/// fittings; reviews due; a compliance calendar per curfew; and the transdermal alcohol readings for the chart.
struct PersonPageExtras {
    var timeline: [[String: Any]] = []
    var reviews: [[String: Any]] = []
    var curfews: [[String: Any]] = []
    /// `{"threshold":..,"readings":[[time, tac], ...]}` when the person wears an alcohol tag.
    var alcoholJSON: String?

    static let calendarDays = 14.0
    static let reviewWarningDays = 14

    static func load(subject: Subject, orders: [Order], installations: [Installation], alerts: [Alert],
                     violations: [Violation], to: Date, now: Date, store: any OpenEMStore) async throws -> PersonPageExtras {
        var out = PersonPageExtras()
        var deviceTypes: [EntityID: DeviceType] = [:]
        for i in installations where deviceTypes[i.deviceId] == nil {
            deviceTypes[i.deviceId] = try await store.device(id: i.deviceId)?.type
        }

        // One timeline, newest first.
        var items: [(Date, [String: Any])] = []
        for v in violations {
            items.append((v.start, ["time": ISOTime.format(v.start), "kind": "Violation",
                                    "what": v.type.rawValue + (v.late ? " (late data)" : ""),
                                    "status": v.status.rawValue + (v.end.map { ", ended " + ISOTime.format($0) } ?? ", ongoing"),
                                    "detail": v.evidence.summary]))
        }
        for a in alerts {
            items.append((a.raisedAt, ["time": ISOTime.format(a.raisedAt), "kind": "Alert",
                                       "what": "\(a.severity.rawValue) alert: \(a.violationType.rawValue)",
                                       "status": a.status.rawValue + (a.decision.map { ": " + $0.rawValue } ?? ""),
                                       "detail": a.decisionNote ?? ""]))
        }
        for i in installations {
            let type = deviceTypes[i.deviceId]?.rawValue ?? "Device"
            items.append((i.installedAt, ["time": ISOTime.format(i.installedAt), "kind": "Device", "what": "\(type) fitted",
                                          "status": "", "detail": ""]))
            if let r = i.removedAt {
                items.append((r, ["time": ISOTime.format(r), "kind": "Device", "what": "\(type) removed", "status": "", "detail": ""]))
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
            out.reviews.append(["text": days < 0 ? "Review overdue since \(d)" : days == 0 ? "Review due today (\(d))"
                                    : "Review due by \(d), in \(days) day\(days == 1 ? "" : "s")",
                                "overdue": days < 0])
        }

        // A compliance calendar for each curfew, over the two weeks to the end of the chosen window.
        let period = DateInterval(start: to.addingTimeInterval(-calendarDays * 86_400), end: to)
        let fitted = installations.map(\.installedAt).min()
        var periodViolations: [Violation]?
        for o in orders where o.status == .active {
            for c in o.conditions {
                guard case .curfew(let cu) = c.rule,
                      let timetable = WeeklyTimetable(rows: cu.timetable, timeZoneIdentifier: o.timeZone) else { continue }
                if periodViolations == nil {
                    periodViolations = try await store.violations(ViolationQuery(subjectIds: [subject.id], from: period.start,
                                                                                 to: period.end, limit: 1000))
                }
                let orderStart = LocalDay(isoDate: o.startDate).map { $0.instant(atMinute: 0, in: timetable.timeZone) }
                let monitoredFrom = fitted.map { f in max(f, orderStart ?? f) }
                let nights = CurfewCalendar.nights(timetable: timetable, conditionId: c.id, period: period, now: now,
                                                   monitoredFrom: monitoredFrom, violations: periodViolations ?? [])
                let day = DateFormatter(), clock = DateFormatter()
                for f in [day, clock] {
                    f.locale = Locale(identifier: "en_GB")
                    f.timeZone = timetable.timeZone
                }
                day.dateFormat = "EEE d MMM"
                clock.dateFormat = "HH:mm"
                out.curfews.append(["nights": nights.map { n in
                    ["date": day.string(from: n.window.start), "window": "\(clock.string(from: n.window.start))-\(clock.string(from: n.window.end))",
                     "outcome": n.outcome.rawValue, "label": label(n.outcome)]
                }])
            }
        }

        // Transdermal alcohol readings over the same two weeks.
        let alcoholDevices = Set(installations.filter { [.alcoholTag, .gpsAlcoholTag].contains(deviceTypes[$0.deviceId]) }.map(\.deviceId))
        if !alcoholDevices.isEmpty {
            let logged = try await store.telemetry(deviceIds: Array(alcoholDevices), from: period.start, to: period.end, limit: 5_000)
            let points = logged.compactMap { r -> String? in
                guard case .alcohol(let a) = r.message.payload, a.tac.isFinite else { return nil }
                return "[\"\(ISOTime.format(r.message.time))\",\(a.tac)]"
            }
            out.alcoholJSON = "{\"threshold\":\(RuleConfig().alcoholThresholdTac),\"readings\":[\(points.joined(separator: ","))]}"
        }
        return out
    }

    static func label(_ o: CurfewNight.Outcome) -> String {
        switch o {
        case .kept: "Kept"
        case .broken: "Broken"
        case .noData: "No data"
        case .notMonitored: "Not monitored"
        case .inProgress: "In progress"
        }
    }
}
