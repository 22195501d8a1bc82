import Foundation
import Testing

@testable import OpenEMCore

@Suite("Monthly statistics and the caseload forecast")
struct MonthlyStatisticsTests {
    @Test("Holt's method continues a straight line exactly, with no spread, and a flat series flat")
    func syntheticSeries() throws {
        let line = (0..<12).map { 100 + 10 * Double($0) }
        let f = CaseloadForecast.forecast(line, lastMonth: "2026-11", months: 3)
        #expect(f.map(\.month) == ["2026-12", "2027-01", "2027-02"])
        for (h, m) in f.enumerated() {
            #expect(abs(m.caseload - (210 + 10 * Double(h + 1))) < 1e-9)
            #expect(abs(m.high - m.low) < 1e-9)
        }
        let flat = CaseloadForecast.forecast(Array(repeating: 250, count: 6), lastMonth: "2026-11", months: 12)
        #expect(flat.count == 12 && flat.allSatisfy { abs($0.caseload - 250) < 1e-9 })
        #expect(CaseloadForecast.forecast([1, 2], lastMonth: "2026-11", months: 12).isEmpty, "two months show no trend")
    }

    @Test("a noisy series gets the fit with the least one-month error, and an interval that widens with the horizon")
    func noisySeries() throws {
        // A rising caseload with a repeating wobble: the fitted method must beat a naive last-value forecast.
        let wobble: [Double] = [12, -8, 5, -10, 3, -2]
        let y: [Double] = (0..<24).map { (t: Int) -> Double in 1_000 + 15 * Double(t) + wobble[t % 6] }
        let fit = try #require(CaseloadForecast.fit(y))
        var naiveSum = 0.0
        for t in 1..<y.count { naiveSum += (y[t] - y[t - 1]) * (y[t] - y[t - 1]) }
        let naive = naiveSum / Double(y.count - 1)
        #expect(fit.rmse * fit.rmse < naive)
        let f = CaseloadForecast.forecast(y, lastMonth: "2026-11", months: 12)
        #expect(f[11].caseload > f[0].caseload, "the trend carries on")
        #expect(f[11].high - f[11].low > f[0].high - f[0].low)
        #expect(abs((f[3].high - f[3].low) / (f[0].high - f[0].low) - 2) < 1e-9, "spread grows with the square root of months ahead")
    }

    @Test("caseload at month end, starts, ends and hours to fitting, counted month by month")
    func months() throws {
        let at = { (s: String) in ISOTime.parse(s)! }
        func order(_ id: String, _ start: String, end: String? = nil, endedAt: String? = nil, type: OrderType = .bail) -> Order {
            Order(
                id: id, subjectId: "s-\(id)", status: endedAt == nil ? .active : .ended, orderType: type, cohort: .standard,
                startDate: start, endDate: end, nextReviewDate: nil, conditions: [], createdAt: at("2026-01-01T00:00:00Z"),
                createdBy: "u", endedAt: endedAt.map(at))
        }
        let orders = [
            order("a", "2026-09-10"),  // in force Sep, Oct, Nov
            order("b", "2026-09-20", end: "2026-10-15", type: .community),  // ends in October
            order("c", "2026-10-05", endedAt: "2026-10-31T10:00:00Z"),  // ended early, but in force on the last day of October
            order("d", "2026-11-02"),
        ]
        let fittings = [
            Installation(deviceId: "1", orderId: "a", subjectId: "s-a", installedAt: at("2026-09-10T06:00:00Z")),  // 7 h after midnight BST
            Installation(deviceId: "2", orderId: "b", subjectId: "s-b", installedAt: at("2026-09-21T23:00:00Z")),  // 48 h
            Installation(deviceId: "3", orderId: "d", subjectId: "s-d", installedAt: at("2026-11-02T12:00:00Z")),  // 12 h (GMT)
        ]
        let m = MonthlyStatistics.months(
            from: "2026-09", to: "2026-11", orders: orders, installations: fittings, violations: [], alerts: [],
            now: at("2026-11-20T12:00:00Z"))
        #expect(m.map(\.month) == ["2026-09", "2026-10", "2026-11"])
        #expect(m.map(\.caseload.total) == [2, 2, 2])  // on each month's last day
        #expect(m[0].caseload.byOrderType == ["BAIL": 1, "COMMUNITY": 1])
        #expect(m.map(\.starts) == [2, 1, 1])
        #expect(m.map(\.ends) == [0, 2, 0])
        #expect(m[0].medianHoursToFit == 27.5)  // (7 + 48) / 2
        #expect(m[1].medianHoursToFit == nil)
        #expect(m[2].medianHoursToFit == 12)
    }
}
