import Foundation
import Testing

@testable import OpenEMCore

/// Monitoring starts at the later of the first fitting and local midnight of the order's start date, with the
/// midnight found on the order's own wall clock. Computing it with the offset at the fitting put it an hour out
/// whenever the fitting and the start date fell either side of a clock change.
@Suite("Monitoring start")
struct MonitoringStartTests {
    func start(order startDate: String, fitted: String) -> Date {
        var w = TestWearer(conditions: [curfew()], installedAt: utc(fitted))
        w.order.startDate = startDate
        w.order.timeZone = "Europe/London"
        return w.compiled.monitoringStart(firstFittedAt: utc(fitted))
    }

    @Test("fitted in BST, the order starting after the clocks go back starts at midnight GMT")
    func autumn() {
        // BST ends at 01:00 UTC on 25 October 2026; 26 October starts at 00:00 GMT.
        #expect(start(order: "2026-10-26", fitted: "2026-10-24T10:00:00Z") == utc("2026-10-26T00:00:00Z"))
        // 25 October itself starts before the change, at midnight BST.
        #expect(start(order: "2026-10-25", fitted: "2026-10-24T10:00:00Z") == utc("2026-10-24T23:00:00Z"))
    }

    @Test("fitted in GMT, the order starting after the clocks go forward starts at midnight BST")
    func spring() {
        // BST starts at 01:00 UTC on 29 March 2026; 30 March starts at 00:00 BST, 23:00 UTC the day before.
        #expect(start(order: "2026-03-30", fitted: "2026-03-27T10:00:00Z") == utc("2026-03-29T23:00:00Z"))
    }

    @Test("a fitting after the order's first midnight is when monitoring starts")
    func fittedLater() {
        #expect(start(order: "2026-03-30", fitted: "2026-04-02T09:30:00Z") == utc("2026-04-02T09:30:00Z"))
    }
}
