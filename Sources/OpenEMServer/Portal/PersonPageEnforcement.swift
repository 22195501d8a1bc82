import Foundation
import OpenEMCore

extension PersonPageExtras {
    /// The person's enforcement cases on the timeline: each case's opening, with where it stands and its next
    /// deadline (overdue or not), and each of its steps.
    mutating func addEnforcement(_ cases: [EnforcementCase], deadlines: [EnforcementDeadline], now: Date) {
        guard !cases.isEmpty else { return }
        let times = PortalClock(now: now)
        var items: [(Date, PersonPage.TimelineItem)] = []
        for c in cases {
            var state = DisplayNames.of(c.status)
            if let due = EnforcementRules.nextDue(c, deadlines: deadlines, zone: PortalClock.zone) {
                let overdue = due.isOverdue(at: now) ? "overdue: " : ""
                state += "; \(overdue)\(DisplayNames.of(due.step).lowercased()) due by \(times.words(due.dueBy))"
            }
            let count = c.violationIds.count
            items.append(
                (
                    c.openedAt,
                    .init(
                        time: times.instant(c.openedAt), kind: "Enforcement",
                        what: "Enforcement case opened (\(count) violation\(count == 1 ? "" : "s"))", status: state, detail: "")
                ))
            for s in c.steps {
                items.append(
                    (s.at, .init(time: times.instant(s.at), kind: "Enforcement", what: DisplayNames.of(s.step), status: "", detail: s.note ?? "")))
            }
        }
        // The timeline stays newest first; the cases' rows go in among the rest.
        var merged: [(Date, PersonPage.TimelineItem)] = timeline.map { (ISOTime.parse($0.time.iso) ?? .distantPast, $0) }
        merged += items
        timeline = merged.sorted { $0.0 > $1.0 }.map(\.1)
    }
}
