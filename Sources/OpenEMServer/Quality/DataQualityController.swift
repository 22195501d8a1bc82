import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/data-quality`: every rule's figures now, and their daily history. For administrators and analysts.
struct DataQualityController {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("data-quality", use: current)
        group.get("data-quality/history", use: history)
    }

    /// `?rule=` names one rule; anything else, or a rule that does not exist, is a 400.
    func rule(_ request: Request) throws -> DataQualityRule? {
        guard let id = request.query("rule") else { return nil }
        guard let rule = DataQuality.rule(id) else {
            throw APIError.badRequest(
                "UNKNOWN_RULE", "no data-quality rule '\(id)'; the rules are \(DataQuality.rules.map(\.id).joined(separator: ", "))")
        }
        return rule
    }

    @Sendable func current(request: Request, context: AppRequestContext) async throws -> DataQualityFigures {
        let user = try context.requireUser()
        try Access(user).require(.readDataQuality)
        try request.rejectUnknownQueryParameters(allowed: ["rule"])
        return try await DataQualityFigures.read(store, user, now: clock(), only: try rule(request).map { [$0] })
    }

    struct History: ResponseCodable, Sendable {
        struct Day: Codable, Sendable {
            var day: String
            var rule: String
            var checked: Int
            var failing: Int
            var passRate: Double
            var takenAt: Date
        }
        var from: String
        var to: String
        var days: [Day]
    }

    /// The daily figures of the whole store (aggregates, no ids), oldest first: the last 90 days unless `from` and
    /// `to` ("yyyy-MM-dd", at most 400 days apart) say otherwise.
    @Sendable func history(request: Request, context: AppRequestContext) async throws -> History {
        let user = try context.requireUser()
        try Access(user).require(.readDataQuality)
        try request.rejectUnknownQueryParameters(allowed: ["rule", "from", "to"])
        let rule = try rule(request)
        func day(_ name: String) throws -> LocalDay? {
            guard let text = request.query(name) else { return nil }
            guard let d = LocalDay(isoDate: text) else { throw APIError.badRequest("INVALID_DATE", "\(name) must be a date yyyy-MM-dd") }
            return d
        }
        let to = try day("to") ?? DataQualitySnapshots.day(of: clock())
        let from = try day("from") ?? to.adding(days: -89)
        guard from <= to else { throw APIError.badRequest("END_BEFORE_START", "to must not be before from") }
        guard to.dayNumber - from.dayNumber < 400 else { throw APIError.badRequest("WINDOW_TOO_LONG", "at most 400 days") }
        let figures = try await store.qualityHistory(rule: rule?.id, fromDay: from.description, toDay: to.description)
        return History(
            from: from.description, to: to.description,
            days: figures.map {
                History.Day(day: $0.day, rule: $0.rule, checked: $0.checked, failing: $0.failing, passRate: $0.passRate, takenAt: $0.takenAt)
            })
    }
}

extension DataQualityFigures: ResponseCodable {}
