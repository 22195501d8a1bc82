import Foundation

/// Why a step may not be added to a case now.
public enum EnforcementStepProblem: Error, Sendable, Equatable {
    /// The case is closed: nothing follows CLOSED.
    case caseClosed
    /// The step needs one of these first (a hearing needs a summons or a recall request).
    case needsFirst(EnforcementStepKind, anyOf: [EnforcementStepKind])
    /// The step comes before one already recorded (a warning letter after the breach pack).
    case comesBefore(EnforcementStepKind, recorded: EnforcementStepKind)
    /// The step happens once in a case and is already recorded.
    case alreadyRecorded(EnforcementStepKind)
    /// The step does not apply to this type of order (a recall is for licences).
    case notForOrderType(EnforcementStepKind, OrderType)
    /// Dated before the case opened or before the step before it.
    case datedBeforePrevious(EnforcementStepKind, previous: Date)

    public var code: String {
        switch self {
        case .caseClosed: "CASE_CLOSED"
        case .needsFirst, .comesBefore, .alreadyRecorded, .datedBeforePrevious: "STEP_OUT_OF_ORDER"
        case .notForOrderType: "STEP_NOT_FOR_ORDER_TYPE"
        }
    }

    public var message: String {
        func list(_ steps: [EnforcementStepKind]) -> String { steps.map(\.rawValue).joined(separator: " or ") }
        switch self {
        case .caseClosed: return "the case is closed: no step may follow CLOSED"
        case .needsFirst(let s, let first): return "\(s.rawValue) needs \(list(first)) first"
        case .comesBefore(let s, let recorded): return "\(s.rawValue) comes before \(recorded.rawValue), which is already recorded"
        case .alreadyRecorded(let s): return "\(s.rawValue) is already recorded in this case"
        case .notForOrderType(let s, let t): return "\(s.rawValue) does not apply to a \(t.rawValue) order"
        case .datedBeforePrevious(let s, let previous):
            return "\(s.rawValue) is dated before the case's last step or its opening (\(ISOTime.format(previous)))"
        }
    }
}

/// A deadline a probation service works to: `step` within `workingDays` of the case opening (`after` nil) or of
/// the step `after`, for cases on orders of `orderTypes` (empty: every type).
public struct EnforcementDeadline: Sendable, Hashable, Codable {
    public var orderTypes: Set<OrderType>
    public var after: EnforcementStepKind?
    public var step: EnforcementStepKind
    public var workingDays: Int

    public init(orderTypes: Set<OrderType>, after: EnforcementStepKind? = nil, step: EnforcementStepKind, workingDays: Int) {
        self.orderTypes = orderTypes
        self.after = after
        self.step = step
        self.workingDays = workingDays
    }
}

/// The step a case waits for and when it is due.
public struct EnforcementDue: Sendable, Hashable {
    public var step: EnforcementStepKind
    public var dueBy: Date

    public func isOverdue(at now: Date) -> Bool { now >= dueBy }
}

/// The order of enforcement steps and their deadlines. Pure: the same case and clock always give the same answer.
///
/// Order: a warning letter comes before any breach action; a breach pack, a recall request and a summons happen
/// once each, and a recall request or a summons needs the breach pack first; a hearing needs a summons served or a
/// recall requested; a recall applies to licences (post-release orders) only; CLOSED may come at any point and
/// nothing follows it. Steps are dated in order, none before the case opened.
public enum EnforcementRules {
    /// Where each step stands in the escalation: a deadline for a step is met by it or by any later stage.
    static func stage(_ s: EnforcementStepKind) -> Int {
        switch s {
        case .warningLetter: 0
        case .breachPackSent: 1
        case .recallRequested, .summonsServed: 2
        case .hearing: 3
        case .closed: 4
        }
    }

    /// The standard deadlines: a breach pack within 1 working day of the case opening on a licence (post-release
    /// order), a warning letter within 5 working days on community and youth orders.
    public static let standardDeadlines: [EnforcementDeadline] = [
        EnforcementDeadline(orderTypes: [.postRelease], step: .breachPackSent, workingDays: 1),
        EnforcementDeadline(orderTypes: [.community, .youth], step: .warningLetter, workingDays: 5),
    ]

    /// Throws the problem when `step` dated `at` may not be added to the case.
    public static func check(_ step: EnforcementStepKind, at: Date, in c: EnforcementCase) throws(EnforcementStepProblem) {
        let recorded = Set(c.steps.map(\.step))
        if recorded.contains(.closed) { throw .caseClosed }
        let previous = c.steps.map(\.at).max().map { max($0, c.openedAt) } ?? c.openedAt
        if at < previous { throw .datedBeforePrevious(step, previous: previous) }
        switch step {
        case .warningLetter:
            if let later = c.steps.first(where: { stage($0.step) > stage(.warningLetter) }) {
                throw .comesBefore(step, recorded: later.step)
            }
        case .breachPackSent:
            if recorded.contains(step) { throw .alreadyRecorded(step) }
            if let later = c.steps.first(where: { stage($0.step) > stage(.breachPackSent) }) {
                throw .comesBefore(step, recorded: later.step)
            }
        case .recallRequested, .summonsServed:
            if recorded.contains(step) { throw .alreadyRecorded(step) }
            if step == .recallRequested, let t = c.orderType, t != .postRelease { throw .notForOrderType(step, t) }
            if !recorded.contains(.breachPackSent) { throw .needsFirst(step, anyOf: [.breachPackSent]) }
        case .hearing:
            if !recorded.contains(.summonsServed) && !recorded.contains(.recallRequested) {
                throw .needsFirst(step, anyOf: [.summonsServed, .recallRequested])
            }
        case .closed:
            break
        }
    }

    /// The earliest deadline the case has not met, or nil when none applies (or the case is closed).
    public static func nextDue(_ c: EnforcementCase, deadlines: [EnforcementDeadline], zone: TimeZone) -> EnforcementDue? {
        guard c.status == .open else { return nil }
        var best: EnforcementDue?
        for d in deadlines where d.orderTypes.isEmpty || c.orderType.map(d.orderTypes.contains) == true {
            let anchor: Date
            if let after = d.after {
                guard let s = c.steps.first(where: { $0.step == after }) else { continue }
                anchor = s.at
            } else {
                anchor = c.openedAt
            }
            let met = c.steps.contains { $0.at >= anchor && ($0.step == d.step || stage($0.step) > stage(d.step)) }
            if met { continue }
            let due = WorkingDays.endOfWorkingDay(d.workingDays, after: anchor, in: zone)
            if best.map({ due < $0.dueBy }) ?? true { best = EnforcementDue(step: d.step, dueBy: due) }
        }
        return best
    }
}

/// Working days: Monday to Friday (bank holidays are not known to OpenEM and count as working days).
public enum WorkingDays {
    /// The end (midnight, local time) of the `n`th working day after the day containing `instant`: opened on a
    /// Friday, one working day runs to the end of Monday; opened on a Saturday, too. n = 0 is the end of that day.
    public static func endOfWorkingDay(_ n: Int, after instant: Date, in zone: TimeZone) -> Date {
        var day = LocalDay(containing: instant, in: zone)
        var left = n
        while left > 0 {
            day = day.adding(days: 1)
            if isWorkingDay(day) { left -= 1 }
        }
        return day.adding(days: 1).instant(atMinute: 0, in: zone)
    }

    public static func isWorkingDay(_ day: LocalDay) -> Bool { day.weekday != .sat && day.weekday != .sun }
}
