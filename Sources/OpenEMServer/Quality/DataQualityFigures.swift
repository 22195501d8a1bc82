import Foundation
import OpenEMCore

/// The data-quality figures a reader sees: every rule (or one) over the wearers in their statistics scope, with
/// example ids only of records they may open (`Access.qualityExampleSubjects`).
struct DataQualityFigures: Codable, Sendable {
    struct Rule: Codable, Sendable {
        var id: String
        var title: String
        var dimension: String
        var entity: String
        var description: String
        var fields: [String]
        var checked: Int
        var failing: Int
        var passRate: Double
        var examples: [String]
    }
    var generatedAt: Date
    /// False when the reader may not open the records (an MI analyst): `examples` are then empty.
    var examplesShown: Bool
    var rules: [Rule]

    static func read(
        _ store: any OpenEMStore, _ user: User, now: Date, only rules: [DataQualityRule]? = nil
    ) async throws -> DataQualityFigures {
        let access = Access(user)
        let snapshot = try await store.dataQualitySnapshot()
        let figureScope = try await access.qualityFigureSubjects(in: store)
        let exampleScope = try await access.qualityExampleSubjects(in: store)
        let results = DataQuality.evaluate(snapshot.within(figureScope), now: now, only: rules)
        // Examples from a narrower scope than the figures' (an analyst who is also a probation officer, say) come
        // from the rules run again over that scope.
        let examples: [[EntityID]]
        switch exampleScope {
        case .none: examples = results.map { _ in [] }
        case _ where exampleScope == figureScope: examples = results.map(\.outcome.failing)
        default: examples = DataQuality.evaluate(snapshot.within(exampleScope), now: now, only: rules).map(\.outcome.failing)
        }
        return DataQualityFigures(
            generatedAt: now, examplesShown: exampleScope != .none,
            rules: zip(results, examples).map { r, ex in
                Rule(
                    id: r.rule.id, title: r.rule.title, dimension: r.rule.dimension.rawValue, entity: r.rule.entity, description: r.rule.description,
                    fields: r.rule.fields, checked: r.outcome.checked, failing: r.outcome.failing.count, passRate: r.outcome.passRate,
                    examples: Array(ex.prefix(DataQuality.exampleCount)))
            })
    }
}

extension DataQualitySnapshot {
    func within(_ scope: SubjectSet) -> DataQualitySnapshot {
        switch scope {
        case .every: self
        case .only(let ids): restricted(to: ids)
        case .none: restricted(to: [])
        }
    }
}
