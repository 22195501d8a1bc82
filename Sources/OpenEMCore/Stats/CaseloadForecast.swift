import Foundation

/// The caseload projected from its monthly history by Holt's linear trend (double exponential smoothing): a level
/// and a trend, each updated every month by a share (alpha, beta) of what the month showed. Alpha and beta are the
/// pair on a 0.05 grid whose one-month-ahead forecasts over the history erred least (sum of squares); the interval is
/// the forecast plus or minus 1.96 times the root mean square of those one-month errors times the square root of
/// the months ahead (a 95% interval if errors are independent and normal), never below zero.
public enum CaseloadForecast {
    public struct Month: Codable, Sendable, Hashable {
        public var month: String
        public var caseload: Double
        public var low: Double
        public var high: Double
    }

    public struct Fit: Sendable, Hashable {
        public var alpha: Double
        public var beta: Double
        /// Root mean square of the one-month-ahead errors over the history.
        public var rmse: Double
    }

    public static let method =
        "Holt's linear trend (double exponential smoothing) over the month-end caseload; alpha and beta chosen on a 0.05 grid "
        + "to minimise the squared one-month-ahead errors over the history; interval: forecast +/- 1.96 x RMSE of those errors "
        + "x sqrt(months ahead), not below 0"

    /// At least three months are needed to see a trend.
    public static let minimumHistory = 3

    /// One-month-ahead errors of Holt's method over a series, and the level and trend after its last value.
    static func run(_ y: [Double], alpha: Double, beta: Double) -> (sse: Double, level: Double, trend: Double) {
        var level = y[0], trend = y[1] - y[0], sse = 0.0
        for t in 1..<y.count {
            let forecast = level + trend
            sse += (y[t] - forecast) * (y[t] - forecast)
            let newLevel = alpha * y[t] + (1 - alpha) * (level + trend)
            trend = beta * (newLevel - level) + (1 - beta) * trend
            level = newLevel
        }
        return (sse, level, trend)
    }

    public static func fit(_ y: [Double]) -> Fit? {
        guard y.count >= minimumHistory else { return nil }
        var best: (Double, Double, Double)?
        for a in stride(from: 0.05, through: 1.0, by: 0.05) {
            for b in stride(from: 0.05, through: 1.0, by: 0.05) {
                let sse = run(y, alpha: a, beta: b).sse
                if best == nil || sse < best!.2 - 1e-9 { best = (a, b, sse) }
            }
        }
        guard let (a, b, sse) = best else { return nil }
        return Fit(alpha: a, beta: b, rmse: (sse / Double(y.count - 1)).squareRoot())
    }

    /// The next `months` values after a series whose last month is `lastMonth` ("yyyy-MM"); empty when the history
    /// is shorter than `minimumHistory`.
    public static func forecast(_ y: [Double], lastMonth: String, months: Int) -> [Month] {
        guard let f = fit(y), let last = MonthlyStatistics.firstDay(of: lastMonth) else { return [] }
        let (_, level, trend) = run(y, alpha: f.alpha, beta: f.beta)
        return (1...max(1, months)).map { h in
            let value = max(0, level + Double(h) * trend)
            let spread = 1.96 * f.rmse * Double(h).squareRoot()
            return Month(
                month: MonthlyStatistics.monthText(last.adding(months: h)), caseload: value, low: max(0, value - spread),
                high: value + spread)
        }
    }
}
