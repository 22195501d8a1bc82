import Foundation

/// What the data-quality rules read, and the daily figures they leave.
public protocol DataQualityStore: Sendable {
    /// The whole registry in one consistent read (`DataQualitySnapshot`).
    func dataQualitySnapshot() async throws -> DataQualitySnapshot
    /// Keeps a day's figures, replacing any kept for the same (day, rule): a day's figures are its last.
    func recordQualityFigures(_ figures: [QualityFigures]) async throws
    /// Oldest day first; all rules when `rule` is nil; days from `fromDay` to `toDay` inclusive ("yyyy-MM-dd").
    func qualityHistory(rule: String?, fromDay: String, toDay: String) async throws -> [QualityFigures]
}
