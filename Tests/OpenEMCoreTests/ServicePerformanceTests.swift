import Foundation
import Testing

@testable import OpenEMCore

@Suite("Service performance figures")
struct ServicePerformanceTests {
    let at = { (s: String) in ISOTime.parse(s)! }

    func order(_ id: String, _ start: String) -> Order {
        Order(
            id: id, subjectId: "s-\(id)", status: .active, orderType: .bail, cohort: .standard, startDate: start, endDate: nil,
            nextReviewDate: nil, conditions: [], createdAt: at("2026-01-01T00:00:00Z"), createdBy: "u")
    }

    @Test("nearest-rank percentiles")
    func percentiles() {
        let xs = (1...20).map(Double.init)
        #expect(ServicePerformance.percentile(xs, 50) == 10)
        #expect(ServicePerformance.percentile(xs, 90) == 18)
        #expect(ServicePerformance.percentile(xs, 95) == 19)
        #expect(ServicePerformance.percentile([7], 95) == 7)
        #expect(ServicePerformance.percentile([], 50) == nil)
    }

    @Test("order to fitting from the start of the start date, over fitted orders that started in the window")
    func fitting() {
        let orders = [
            order("a", "2026-11-02"), order("b", "2026-11-03"), order("c", "2026-11-04"), order("d", "2026-10-01"), order("e", "2026-11-05"),
        ]
        let installations = [
            Installation(deviceId: "1", orderId: "a", subjectId: "s-a", installedAt: at("2026-11-02T06:00:00Z")),  // 6 h (GMT)
            Installation(deviceId: "9", orderId: "a", subjectId: "s-a", installedAt: at("2026-11-09T06:00:00Z")),  // a refit: not the first
            Installation(deviceId: "2", orderId: "b", subjectId: "s-b", installedAt: at("2026-11-04T00:00:00Z")),  // exactly 24 h
            Installation(deviceId: "3", orderId: "c", subjectId: "s-c", installedAt: at("2026-11-06T12:00:00Z")),  // 60 h
            Installation(deviceId: "4", orderId: "d", subjectId: "s-d", installedAt: at("2026-11-02T00:00:00Z")),  // started before
        ]
        let f = ServicePerformance.fitting(
            orders: orders, installations: installations, from: at("2026-11-01T00:00:00Z"), to: at("2026-11-20T00:00:00Z"))
        #expect(f.orders == 3, "e is not fitted yet and d started before the window")
        #expect(f.p50Hours == 24)
        #expect(f.p90Hours == 60)
        #expect(f.within24HoursShare == 2.0 / 3.0)
    }

    @Test("alerts within SLA: acknowledged by the due time and not escalated, per severity")
    func alertSla() {
        func alert(_ s: Severity, ack: String?, escalated: Bool = false, raised: String = "2026-11-10T10:00:00Z") -> Alert {
            Alert(
                violationId: "v", subjectId: "s", violationType: .curfewAbsence, severity: s, raisedAt: at(raised),
                ackDueAt: at("2026-11-10T10:15:00Z"), acknowledgedAt: ack.map(at), escalated: escalated, forceArea: "MET",
                probationRegion: nil, responsibleOfficer: nil, late: false, violationStatus: .confirmed, history: [],
                updatedAt: at(raised))
        }
        let alerts = [
            alert(.high, ack: "2026-11-10T10:15:00Z"),  // on the dot: in time
            alert(.high, ack: "2026-11-10T10:16:00Z"),  // late
            alert(.high, ack: "2026-11-10T10:05:00Z", escalated: true),  // escalated: not in time
            alert(.high, ack: nil),  // never
            alert(.critical, ack: "2026-11-10T10:01:00Z"),
            alert(.low, ack: "2026-11-10T10:01:00Z", raised: "2026-10-01T00:00:00Z"),  // before the window
        ]
        let r = ServicePerformance.alertSla(alerts, from: at("2026-11-01T00:00:00Z"), to: at("2026-11-20T00:00:00Z"))
        #expect(r.map(\.severity) == ["LOW", "MEDIUM", "HIGH", "CRITICAL"])
        let high = r.first { $0.severity == "HIGH" }!
        #expect(high.alerts == 4 && high.withinSla == 1 && high.withinSlaShare == 0.25)
        #expect(r.first { $0.severity == "CRITICAL" }!.withinSlaShare == 1)
        #expect(r.first { $0.severity == "LOW" }!.alerts == 0 && r.first { $0.severity == "LOW" }!.withinSlaShare == nil)
    }

    @Test("device faults: confirmed flat batteries and silences per 100 weeks of fitted time in the window")
    func faults() {
        func v(_ type: ViolationType, _ status: ViolationStatus, _ start: String) -> Violation {
            Violation(
                subjectId: "s", orderId: nil, conditionId: nil, deviceId: "1", type: type, status: status, start: at(start), end: nil,
                late: false, evidence: ViolationEvidence(summary: ""), createdAt: at(start), updatedAt: at(start))
        }
        let from = at("2026-11-01T00:00:00Z"), to = at("2026-11-29T00:00:00Z")  // four weeks
        let installations = [
            Installation(deviceId: "1", orderId: "a", subjectId: "s", installedAt: at("2026-10-01T00:00:00Z")),  // all four weeks
            Installation(
                deviceId: "2", orderId: "b", subjectId: "t", installedAt: at("2026-11-08T00:00:00Z"),
                removedAt: at("2026-11-15T00:00:00Z")),  // one week
        ]
        let violations = [
            v(.batteryFlat, .confirmed, "2026-11-02T00:00:00Z"), v(.noCommunication, .confirmed, "2026-11-20T00:00:00Z"),
            v(.noCommunication, .provisional, "2026-11-20T00:00:00Z"), v(.tamper, .confirmed, "2026-11-20T00:00:00Z"),
            v(.batteryFlat, .confirmed, "2026-10-20T00:00:00Z"),
        ]
        let f = ServicePerformance.deviceFaults(violations: violations, installations: installations, from: from, to: to)
        #expect(f.faults == 2)
        #expect(abs(f.wearerWeeks - 5) < 1e-9)
        #expect(abs(f.per100WearerWeeks! - 40) < 1e-9)
        #expect(ServicePerformance.deviceFaults(violations: [], installations: [], from: from, to: to).per100WearerWeeks == nil)
    }

    @Test("trail answer times come from the ms= of successful trail reads in the window")
    func trailRequests() {
        func r(_ detail: String?, type: String = "trail", outcome: AuditOutcome = .success, at time: String = "2026-11-10T00:00:00Z") -> AuditRecord
        {
            AuditRecord(at: at(time), actorId: "u", actorRole: "police", action: "read", resourceType: type, outcome: outcome, detail: detail)
        }
        let records = [
            r("from=a to=b fixes=3 format=geojson ms=12.5"), r("fixes=3 ms=40.0"), r("fixes=1 ms=3"),
            r("fixes=3"),  // before the figure was recorded
            r("ms=999", type: "subject"), r("ms=999", outcome: .denied), r("ms=999", at: "2026-12-10T00:00:00Z"),
        ]
        let p = ServicePerformance.trailRequests(records, from: at("2026-11-01T00:00:00Z"), to: at("2026-11-20T00:00:00Z"))
        #expect(p.samples == 3 && p.p50 == 12.5 && p.p95 == 40 && p.unit == "milliseconds")
        #expect(p.method.contains("three days"))
    }
}
