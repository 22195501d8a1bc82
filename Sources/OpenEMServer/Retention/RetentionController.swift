import Foundation
import Hummingbird
import OpenEMCore

/// `GET|PUT /api/v1/retention`: the retention schedule in force, for administrators. A PUT names the classes it
/// changes (the others keep their rules); it is checked whole (`RetentionSchedule.applying`), saved whole, audited
/// with the rules before and after.
struct RetentionController {
    let store: any OpenEMStore
    let auditor: Auditor

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("retention", use: show)
        group.put("retention", use: change)
    }

    struct RuleView: Codable {
        var retentionClass: String
        var keep: String
        var after: String

        init(_ r: RetentionRule) {
            retentionClass = r.retentionClass.rawValue
            keep = r.keep.description
            after = r.after.rawValue
        }
    }

    struct ScheduleView: ResponseCodable {
        var classes: [RuleView]

        init(_ s: RetentionSchedule) { classes = s.ordered.map(RuleView.init) }
    }

    struct Change: Decodable {
        struct Rule: Decodable {
            var retentionClass: String?
            var keep: String?
            var after: String?
        }
        var classes: [Rule]?
    }

    @Sendable func show(request: Request, context: AppRequestContext) async throws -> ScheduleView {
        let actor = try context.requireUser()
        try Access(actor).require(.manageRetention)
        try request.rejectUnknownQueryParameters(allowed: [])
        return ScheduleView(try await store.retentionSchedule())
    }

    @Sendable func change(request: Request, context: AppRequestContext) async throws -> ScheduleView {
        let actor = try context.requireUser()
        try Access(actor).require(.manageRetention)
        try request.rejectUnknownQueryParameters(allowed: [])
        let body = try await request.decodeJSON(as: Change.self, context: context)
        guard let rules = body.classes, !rules.isEmpty else {
            throw APIError.badRequest("CLASSES_REQUIRED", "give classes: [{retentionClass, keep, after}]")
        }
        var changes: [(retentionClass: String, keep: String, after: String?)] = []
        for r in rules {
            guard let name = r.retentionClass, let keep = r.keep else {
                throw APIError.badRequest("RULE_INCOMPLETE", "each class needs retentionClass and keep")
            }
            changes.append((name, keep, r.after))
        }
        let before = try await store.retentionSchedule()
        let after: RetentionSchedule
        do {
            after = try before.applying(changes)
        } catch {
            throw APIError.badRequest(error.code, error.message)
        }
        try await store.saveRetentionRules(after.ordered)
        let changed = after.ordered.filter { before[$0.retentionClass] != $0 }
            .map { "\($0.retentionClass.rawValue) \(before[$0.retentionClass].keep)->\($0.keep)" }
        try await auditor.record(actor, "update", "retention_schedule", detail: changed.isEmpty ? "unchanged" : changed.joined(separator: ", "))
        return ScheduleView(after)
    }
}
