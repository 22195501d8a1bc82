import Foundation
import Testing

@testable import OpenEMCore

@Suite("Curfew patterns")
struct CurfewPatternsTests {
    static let london = TimeZone(identifier: "Europe/London")!

    /// A 19:00-07:00 night starting on `day` (GMT in November, so UTC times read as local).
    func night(_ day: String, _ outcome: CurfewNight.Outcome) -> CurfewNight {
        let d = LocalDay(isoDate: day)!
        let start = d.instant(atMinute: 19 * 60, in: Self.london)
        return CurfewNight(day: d, window: DateInterval(start: start, duration: 12 * 3_600), outcome: outcome)
    }

    func absence(_ start: String, _ end: String?) -> Violation {
        Violation(
            subjectId: "s", orderId: "o", conditionId: "c", deviceId: "d", type: .curfewAbsence, status: .confirmed,
            start: ISOTime.parse(start)!, end: end.map { ISOTime.parse($0)! }, late: false,
            evidence: ViolationEvidence(summary: "-"), createdAt: Date(), updatedAt: Date())
    }

    @Test("Friday late returns around 23:00 three weeks running are a pattern; a single Tuesday absence is not")
    func repeatedLateReturns() {
        let nights = [
            night("2026-11-06", .broken), night("2026-11-13", .broken), night("2026-11-20", .broken),  // Fridays
            night("2026-11-10", .broken),  // a Tuesday
            night("2026-11-11", .kept), night("2026-11-12", .noData),
        ]
        let violations = [
            absence("2026-11-06T19:00:00Z", "2026-11-06T23:10:00Z"), absence("2026-11-13T19:05:00Z", "2026-11-13T23:40:00Z"),
            absence("2026-11-20T19:00:00Z", "2026-11-20T23:05:00Z"),
            absence("2026-11-10T21:30:00Z", "2026-11-10T23:00:00Z"),  // home at the start, out later: an absence
        ]
        let p = CurfewPatterns.patterns(nights: nights, violations: violations, zone: Self.london)
        #expect(p.count == 1)
        #expect(p.first?.weekday == .fri && p.first?.hour == 23 && p.first?.kind == .lateReturn && p.first?.count == 3)
        #expect(p.first?.last == ISOTime.parse("2026-11-20T23:05:00Z"))
        let week = CurfewPatterns.byWeekday(nights)
        #expect(week.first { $0.weekday == .fri }.map { [$0.kept, $0.broken, $0.noData] } == [0, 3, 0])
        #expect(week.first { $0.weekday == .wed }.map { [$0.kept, $0.broken, $0.noData] } == [1, 0, 0])
        #expect(week.first { $0.weekday == .thu }.map { [$0.kept, $0.broken, $0.noData] } == [0, 0, 1], "no data is never kept")
    }

    @Test("absences leaving around the same hour on the same weekday repeat; withdrawn violations do not count")
    func repeatedAbsences() {
        let nights = [night("2026-11-07", .broken), night("2026-11-14", .broken), night("2026-11-21", .broken)]  // Saturdays
        var withdrawn = absence("2026-11-21T01:20:00Z", "2026-11-21T02:00:00Z")
        withdrawn.status = .withdrawn
        let p = CurfewPatterns.patterns(
            nights: nights,
            violations: [absence("2026-11-08T01:10:00Z", "2026-11-08T03:00:00Z"), absence("2026-11-15T01:45:00Z", nil), withdrawn],
            zone: Self.london)
        #expect(p.map { [$0.weekday.rawValue, String($0.hour), $0.kind.rawValue, String($0.count)] } == [["SAT", "1", "ABSENCE", "2"]])
    }
}
