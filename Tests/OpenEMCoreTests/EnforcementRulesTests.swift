import Foundation
import Testing

@testable import OpenEMCore

@Suite("Enforcement steps, deadlines and outcomes")
struct EnforcementRulesTests {
    func enforcementCase(_ type: OrderType, opened: String = "2026-11-20T12:00:00Z", steps: [(EnforcementStepKind, String)] = []) -> EnforcementCase
    {
        EnforcementCase(
            subjectId: "s", orderId: "o", orderType: type, violationIds: ["v"], openedBy: "u", openedAt: utc(opened),
            steps: steps.map { EnforcementStep(step: $0.0, at: utc($0.1), note: nil, recordedBy: "u", recordedAt: utc($0.1)) })
    }

    func problem(_ step: EnforcementStepKind, at: String, in c: EnforcementCase) -> EnforcementStepProblem? {
        do throws(EnforcementStepProblem) {
            try EnforcementRules.check(step, at: utc(at), in: c)
            return nil
        } catch {
            return error
        }
    }

    @Test("a hearing needs a summons or a recall; a recall or summons the breach pack; a warning comes first")
    func order() {
        let opened = enforcementCase(.community)
        #expect(problem(.hearing, at: "2026-11-21T10:00:00Z", in: opened) == .needsFirst(.hearing, anyOf: [.summonsServed, .recallRequested]))
        #expect(problem(.summonsServed, at: "2026-11-21T10:00:00Z", in: opened) == .needsFirst(.summonsServed, anyOf: [.breachPackSent]))
        #expect(problem(.warningLetter, at: "2026-11-21T10:00:00Z", in: opened) == nil)
        #expect(problem(.closed, at: "2026-11-21T10:00:00Z", in: opened) == nil, "a case may close at any point")

        let packed = enforcementCase(.community, steps: [(.breachPackSent, "2026-11-21T10:00:00Z")])
        #expect(problem(.warningLetter, at: "2026-11-22T10:00:00Z", in: packed) == .comesBefore(.warningLetter, recorded: .breachPackSent))
        #expect(problem(.breachPackSent, at: "2026-11-22T10:00:00Z", in: packed) == .alreadyRecorded(.breachPackSent))
        #expect(problem(.summonsServed, at: "2026-11-22T10:00:00Z", in: packed) == nil)
        #expect(problem(.recallRequested, at: "2026-11-22T10:00:00Z", in: packed) == .notForOrderType(.recallRequested, .community))
        #expect(
            problem(.summonsServed, at: "2026-11-21T09:00:00Z", in: packed)
                == .datedBeforePrevious(.summonsServed, previous: utc("2026-11-21T10:00:00Z")))
        #expect(problem(.warningLetter, at: "2026-11-20T11:00:00Z", in: opened) != nil, "nothing is dated before the case opened")

        let summoned = enforcementCase(.community, steps: [(.breachPackSent, "2026-11-21T10:00:00Z"), (.summonsServed, "2026-11-23T10:00:00Z")])
        #expect(problem(.hearing, at: "2026-11-30T10:00:00Z", in: summoned) == nil)
        let recalled = enforcementCase(.postRelease, steps: [(.breachPackSent, "2026-11-20T13:00:00Z"), (.recallRequested, "2026-11-20T14:00:00Z")])
        #expect(problem(.hearing, at: "2026-11-30T10:00:00Z", in: recalled) == nil)

        let closed = enforcementCase(.community, steps: [(.closed, "2026-11-21T10:00:00Z")])
        #expect(closed.status == .closed)
        for step in EnforcementStepKind.allCases {
            #expect(problem(step, at: "2026-11-22T10:00:00Z", in: closed) == .caseClosed, "nothing after CLOSED: \(step)")
        }
    }

    @Test("working days skip Saturday and Sunday; a deadline is the end of its working day, UK time")
    func workingDays() {
        // Friday 20 November 2026, GMT.
        #expect(WorkingDays.endOfWorkingDay(1, after: utc("2026-11-20T12:00:00Z"), in: london) == utc("2026-11-24T00:00:00Z"))
        #expect(WorkingDays.endOfWorkingDay(5, after: utc("2026-11-20T12:00:00Z"), in: london) == utc("2026-11-28T00:00:00Z"))
        // Opened on a Saturday: Monday is the first working day after it.
        #expect(WorkingDays.endOfWorkingDay(1, after: utc("2026-11-21T09:00:00Z"), in: london) == utc("2026-11-24T00:00:00Z"))
        // Wednesday 1 July 2026, BST: midnight in London is 23:00 UTC.
        #expect(WorkingDays.endOfWorkingDay(1, after: utc("2026-07-01T08:00:00Z"), in: london) == utc("2026-07-02T23:00:00Z"))
    }

    @Test("the next deadline depends on the order type, is met by the step or a later one, and passes into overdue")
    func deadlines() {
        let deadlines = EnforcementRules.standardDeadlines
        let licence = enforcementCase(.postRelease)
        let due = EnforcementRules.nextDue(licence, deadlines: deadlines, zone: london)
        #expect(due == EnforcementDue(step: .breachPackSent, dueBy: utc("2026-11-24T00:00:00Z")))
        #expect(due?.isOverdue(at: utc("2026-11-23T23:59:00Z")) == false)
        #expect(due?.isOverdue(at: utc("2026-11-24T00:00:00Z")) == true)

        let community = EnforcementRules.nextDue(enforcementCase(.community), deadlines: deadlines, zone: london)
        #expect(community == EnforcementDue(step: .warningLetter, dueBy: utc("2026-11-28T00:00:00Z")))
        let straightToBreach = enforcementCase(.community, steps: [(.breachPackSent, "2026-11-21T10:00:00Z")])
        #expect(EnforcementRules.nextDue(straightToBreach, deadlines: deadlines, zone: london) == nil, "a breach pack goes past a warning")
        #expect(EnforcementRules.nextDue(enforcementCase(.bail), deadlines: deadlines, zone: london) == nil, "no deadline for bail")
        let closedLicence = enforcementCase(.postRelease, steps: [(.closed, "2026-11-20T13:00:00Z")])
        #expect(EnforcementRules.nextDue(closedLicence, deadlines: deadlines, zone: london) == nil)

        // A service's own deadline after a step.
        let own = deadlines + [EnforcementDeadline(orderTypes: [], after: .breachPackSent, step: .recallRequested, workingDays: 2)]
        let packed = enforcementCase(.postRelease, steps: [(.breachPackSent, "2026-11-20T15:00:00Z")])
        #expect(
            EnforcementRules.nextDue(packed, deadlines: own, zone: london)
                == EnforcementDue(step: .recallRequested, dueBy: utc("2026-11-25T00:00:00Z")))
    }

    @Test("compliance counts a confirmed breach unless its current outcome is an accepted excuse")
    func excusedBreaches() {
        let order = Order(
            subjectId: "s", orderType: .community, cohort: .standard, startDate: "2026-11-01", endDate: nil, nextReviewDate: nil,
            conditions: [], createdAt: utc("2026-11-01T00:00:00Z"), createdBy: "u")
        let breach = Violation(
            id: "v", subjectId: "s", orderId: order.id, conditionId: "c", deviceId: nil, type: .curfewAbsence, status: .confirmed,
            start: utc("2026-11-10T22:00:00Z"), end: utc("2026-11-10T23:00:00Z"), late: false, evidence: ViolationEvidence(summary: ""),
            createdAt: utc("2026-11-10T22:00:00Z"), updatedAt: utc("2026-11-10T23:00:00Z"))
        func outcome(_ kind: ViolationOutcomeKind, _ at: String) -> ViolationOutcome {
            ViolationOutcome(violationId: "v", subjectId: "s", outcome: kind, note: nil, recordedBy: "u", recordedAt: utc(at))
        }
        func badDays(_ events: [ViolationOutcome]) -> Int {
            CaseloadStatistics.compliance(
                orders: [order], violations: ViolationOutcome.attach(events, to: [breach]), from: utc("2026-11-09T00:00:00Z"),
                to: utc("2026-11-12T00:00:00Z")
            ).daysWithConfirmedViolation
        }
        #expect(badDays([]) == 1)
        #expect(badDays([outcome(.reasonableExcuse, "2026-11-11T10:00:00Z")]) == 0)
        #expect(badDays([outcome(.noExcuse, "2026-11-11T10:00:00Z")]) == 1)
        // The last recorded is current, even when two were recorded in the same millisecond.
        #expect(badDays([outcome(.noExcuse, "2026-11-11T10:00:00Z"), outcome(.reasonableExcuse, "2026-11-11T10:00:00Z")]) == 0)
        #expect(badDays([outcome(.reasonableExcuse, "2026-11-11T10:00:00Z"), outcome(.noExcuse, "2026-11-11T10:00:00Z")]) == 1)
        let attached = ViolationOutcome.attach(
            [outcome(.reasonableExcuse, "2026-11-11T10:00:00Z"), outcome(.noExcuse, "2026-11-11T10:00:00Z")], to: [breach])
        #expect(attached[0].outcomeHistory?.map(\.outcome) == [.reasonableExcuse, .noExcuse])
        #expect(attached[0].outcome?.outcome == .noExcuse)
    }
}
