import Foundation
import Testing

@testable import OpenEMCore

@Suite("What the programmes measure")
struct ProgrammeMeasuresTests {
    let at = { (s: String) in ISOTime.parse(s)! }

    func order(_ id: String, _ subject: String, _ start: String, end: String? = nil, type: OrderType = .bail, cohort: Cohort = .standard) -> Order {
        Order(
            id: id, subjectId: subject, status: .active, orderType: type, cohort: cohort, startDate: start, endDate: end,
            nextReviewDate: nil, conditions: [], createdAt: at("2026-01-01T00:00:00Z"), createdBy: "u")
    }

    func alert(_ subject: String, force: String, decision: AlertDecision?, violation: String = "v", raised: String = "2026-11-10T10:00:00Z") -> Alert
    {
        Alert(
            violationId: violation, subjectId: subject, violationType: .curfewAbsence, severity: .high, raisedAt: at(raised),
            ackDueAt: at(raised), decision: decision, forceArea: force, probationRegion: nil, responsibleOfficer: nil, late: false,
            violationStatus: .confirmed, history: [], updatedAt: at(raised))
    }

    @Test("alert decisions and violation outcomes by force and the cohort of the order in force")
    func outcomes() {
        // s1 moved from a standard order to an acquisitive-crime one on 1 November.
        let orders = [
            order("o1", "s1", "2026-06-01", end: "2026-10-31"), order("o2", "s1", "2026-11-01", cohort: .acquisitiveCrime),
            order("o3", "s2", "2026-06-01", cohort: .domesticAbuse),
        ]
        var v = Violation(
            id: "v-out", subjectId: "s1", orderId: "o2", conditionId: nil, deviceId: nil, type: .curfewAbsence, status: .confirmed,
            start: at("2026-11-10T09:00:00Z"), end: nil, late: false, evidence: ViolationEvidence(summary: ""),
            createdAt: at("2026-11-10T09:00:00Z"), updatedAt: at("2026-11-10T09:00:00Z"))
        v.outcome = ViolationOutcome(
            violationId: "v-out", subjectId: "s1", outcome: .enforcement, note: nil, recordedBy: "u", recordedAt: at("2026-11-11T00:00:00Z"))
        let alerts = [
            alert("s1", force: "MPS", decision: .arrest, violation: "v-out"), alert("s1", force: "MPS", decision: .warn),
            alert("s1", force: "MPS", decision: nil), alert("s1", force: "MPS", decision: .arrest, raised: "2026-10-20T10:00:00Z"),
            alert("s2", force: "GMP", decision: .referToProbation), alert("s9", force: "GMP", decision: nil),
            alert("s2", force: "GMP", decision: .arrest, raised: "2026-12-20T10:00:00Z"),  // after the window
        ]
        let rows = ProgrammeMeasures.outcomes(
            alerts: alerts, orders: orders, violations: [v], from: at("2026-10-01T00:00:00Z"), to: at("2026-12-01T00:00:00Z"))
        #expect(rows.map { "\($0.forceArea)/\($0.cohort)" } == ["GMP/DOMESTIC_ABUSE", "GMP/UNKNOWN", "MPS/ACQUISITIVE_CRIME", "MPS/STANDARD"])
        let mpsAcq = rows[2]
        #expect(mpsAcq.alerts == 3 && mpsAcq.decisions == ["ARREST": 1, "WARN": 1] && mpsAcq.violationOutcomes == ["ENFORCEMENT": 1])
        #expect(rows[3].alerts == 1 && rows[3].decisions == ["ARREST": 1], "October's alert counts under the order then in force")
        #expect(rows[0].decisions == ["REFER_TO_PROBATION": 1])
    }

    @Test("orders per court and month, all under unknown until orders carry a court")
    func courts() {
        let orders = [order("a", "s", "2026-09-10"), order("b", "s", "2026-09-20"), order("c", "s", "2026-11-02"), order("d", "s", "2026-12-01")]
        let rows = ProgrammeMeasures.courts(orders: orders, from: "2026-09", to: "2026-11")
        #expect(rows == [.init(court: "unknown", month: "2026-09", orders: 2), .init(court: "unknown", month: "2026-11", orders: 1)])
    }

    @Test("days monitored per order type times the configured daily costs")
    func benefits() {
        let costs = ProgrammeMeasures.DailyCosts(custodyPerDay: 100, custodySource: "test", tagPerDay: 10, tagSource: "test")
        let orders = [
            order("a", "s", "2026-11-01"),  // all ten days of the window
            order("b", "t", "2026-11-05", end: "2026-11-06", type: .community),  // two days
            order("c", "u", "2026-12-01", type: .community),  // after
        ]
        let b = ProgrammeMeasures.benefits(orders: orders, from: at("2026-11-01T00:00:00Z"), to: at("2026-11-11T00:00:00Z"), costs: costs)
        let bail = b.byOrderType.first { $0.orderType == "BAIL" }!, community = b.byOrderType.first { $0.orderType == "COMMUNITY" }!
        #expect(abs(bail.daysMonitored - 10) < 1e-9 && abs(bail.custodyCost - 1_000) < 1e-6 && abs((bail.tagCost ?? 0) - 100) < 1e-6)
        #expect(abs(community.daysMonitored - 2) < 1e-9 && abs((community.difference ?? 0) - 180) < 1e-6)
        #expect(b.byOrderType.count == OrderType.allCases.count && b.costs.custodySource == "test")
        #expect(
            !ProgrammeMeasures.DailyCosts.standard.custodySource.isEmpty && ProgrammeMeasures.DailyCosts.standard.tagSource.hasPrefix("Not set"))
        // With no tag cost set, the panel gives no tag cost and no difference rather than an invented one.
        var unset = costs
        unset.tagPerDay = nil
        let plain = ProgrammeMeasures.benefits(orders: orders, from: at("2026-11-01T00:00:00Z"), to: at("2026-11-11T00:00:00Z"), costs: unset)
        #expect(plain.byOrderType.allSatisfy { $0.tagCost == nil && $0.difference == nil })
        #expect(abs((plain.byOrderType.first { $0.orderType == "BAIL" }?.custodyCost ?? 0) - 1_000) < 1e-6)
    }
}
