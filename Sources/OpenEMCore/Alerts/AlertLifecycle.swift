import Foundation

/// The alert loop's legal moves. Anything else is refused with the reason, which the API returns as 409.
public enum AlertLifecycle {
    public struct IllegalTransition: Error, Sendable, Equatable {
        public var message: String
    }

    public static func raise(for v: Violation, subject: Subject, cohort: Cohort?, policy: AlertPolicy, at: Date) -> Alert {
        let rule = policy.rule(for: v.type, cohort: cohort)
        return Alert(
            violationId: v.id, subjectId: v.subjectId, violationType: v.type, severity: rule.severity,
            raisedAt: at, ackDueAt: at.addingTimeInterval(rule.ackWithinSeconds),
            forceArea: subject.forceArea, probationRegion: subject.probationRegion,
            responsibleOfficer: subject.responsibleOfficer, late: v.late, violationStatus: v.status,
            history: [AlertEvent(kind: .raised, at: at, note: v.evidence.summary)], updatedAt: at)
    }

    /// The violation behind the alert changed (extended, confirmed, withdrawn, late): update, never re-raise.
    public static func violationChanged(_ alert: Alert, to v: Violation, at: Date) -> Alert {
        var a = alert
        guard a.violationStatus != v.status || a.late != v.late else { return a }
        a.violationStatus = v.status
        a.late = v.late
        a.history.append(
            AlertEvent(
                kind: v.status == .withdrawn ? .withdrawn : .updated, at: at,
                note: "violation \(v.status.rawValue.lowercased())\(v.late ? ", late data" : "")"))
        a.updatedAt = at
        a.revision += 1
        return a
    }

    public static func acknowledge(_ alert: Alert, by user: User, at: Date) throws(IllegalTransition) -> Alert {
        guard alert.status == .open else {
            throw IllegalTransition(message: "only an OPEN alert can be acknowledged; this one is \(alert.status.rawValue)")
        }
        var a = alert
        a.status = .acknowledged
        a.acknowledgedAt = at
        a.history.append(AlertEvent(kind: .acknowledged, at: at, actorId: user.id, actorRole: role(user)))
        a.updatedAt = at
        a.revision += 1
        return a
    }

    public static func decide(
        _ alert: Alert, _ decision: AlertDecision, note: String?, by user: User,
        at: Date
    ) throws(IllegalTransition) -> Alert {
        guard alert.status == .acknowledged else {
            throw IllegalTransition(message: "a decision needs an ACKNOWLEDGED alert; this one is \(alert.status.rawValue)")
        }
        var a = alert
        a.status = .actioned
        a.decision = decision
        a.decisionNote = note
        a.history.append(AlertEvent(kind: .decided, at: at, actorId: user.id, actorRole: role(user), decision: decision, note: note))
        a.updatedAt = at
        a.revision += 1
        return a
    }

    public static func close(_ alert: Alert, note: String?, by user: User, at: Date) throws(IllegalTransition) -> Alert {
        guard alert.status == .actioned || (alert.status != .closed && alert.violationStatus == .withdrawn) else {
            throw IllegalTransition(
                message: alert.status == .closed
                    ? "the alert is already CLOSED"
                    : "record a decision before closing (or the violation must be withdrawn)")
        }
        var a = alert
        a.status = .closed
        a.history.append(AlertEvent(kind: .closed, at: at, actorId: user.id, actorRole: role(user), note: note))
        a.updatedAt = at
        a.revision += 1
        return a
    }

    /// Past its deadline and still OPEN: severity rises one step, the deadline restarts, everyone is told again.
    public static func escalateIfDue(_ alert: Alert, policy: AlertPolicy, cohort: Cohort?, now: Date) -> Alert? {
        guard alert.status == .open, now >= alert.ackDueAt else { return nil }
        var a = alert
        let from = a.severity
        a.severity = a.severity.raised
        a.escalated = true
        let rule = policy.rule(for: a.violationType, cohort: cohort)
        a.ackDueAt = now.addingTimeInterval(rule.ackWithinSeconds)
        a.history.append(
            AlertEvent(
                kind: .escalated, at: now,
                note: "not acknowledged in time: \(from.rawValue) -> \(a.severity.rawValue), supervisors notified"))
        a.updatedAt = now
        a.revision += 1
        return a
    }

    private static func role(_ u: User) -> String { u.roles.map(\.rawValue).joined(separator: ",") }
}
