import Foundation

/// One curfew window in a compliance calendar and what happened in it.
public struct CurfewNight: Sendable, Hashable {
    public enum Outcome: String, Sendable, CaseIterable {
        /// Monitored throughout, no breach.
        case kept = "KEPT"
        /// A curfew violation (confirmed or provisional) overlapped the window.
        case broken = "BROKEN"
        /// The tag did not communicate during the window: not known, and never shown as kept.
        case noData = "NO_DATA"
        /// Before the tag was fitted or the order began.
        case notMonitored = "NOT_MONITORED"
        /// The window has not ended yet.
        case inProgress = "IN_PROGRESS"
    }

    /// The local day the window starts (a window crossing midnight belongs to the day it starts).
    public var day: LocalDay
    public var window: DateInterval
    public var outcome: Outcome
}

/// The curfew compliance calendar a probation officer reads: every window of a curfew in a period, kept or broken,
/// with "no data" kept apart from compliance.
public enum CurfewCalendar {
    public static func nights(
        timetable: WeeklyTimetable, conditionId: EntityID, period: DateInterval, now: Date,
        monitoredFrom: Date?, violations: [Violation]
    ) -> [CurfewNight] {
        let live = violations.filter { $0.status != .withdrawn }
        func overlaps(_ v: Violation, _ w: DateInterval) -> Bool { v.start < w.end && (v.end ?? now) > w.start }
        return timetable.windows(overlapping: period).filter { $0.start <= now }.map { w in
            let day = LocalDay(containing: w.start, in: timetable.timeZone)
            let outcome: CurfewNight.Outcome
            if live.contains(where: { $0.type == .curfewAbsence && ($0.conditionId == nil || $0.conditionId == conditionId) && overlaps($0, w) }) {
                outcome = .broken
            } else if monitoredFrom.map({ w.start < $0 }) ?? true {
                outcome = .notMonitored
            } else if live.contains(where: { $0.type == .noCommunication && overlaps($0, w) }) {
                outcome = .noData
            } else if w.end > now {
                outcome = .inProgress
            } else {
                outcome = .kept
            }
            return CurfewNight(day: day, window: w, outcome: outcome)
        }
    }
}
