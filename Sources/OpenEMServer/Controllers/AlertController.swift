import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/alerts`: the alert queue and its loop (acknowledge, decide, close). Visibility is `Access.canSee`.
struct AlertController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    let signal: OutboxSignal

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("alerts", use: list)
        group.get("alerts/:id", use: get)
        group.post("alerts/:id/acknowledge", use: acknowledge)
        group.post("alerts/:id/decision", use: decide)
        group.post("alerts/:id/close", use: close)
    }

    @Sendable func list(request: Request, context: AppRequestContext) async throws -> Page<Alert> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.receiveAlerts)
        var query = AlertQuery(limit: try request.limit(default: 50, max: 500) + 1)
        if let s = request.query("status") {
            guard let status = AlertStatus(rawValue: s) else {
                throw APIError.badRequest("INVALID_PARAMETER", "status '\(s)' is not one of OPEN, ACKNOWLEDGED, ACTIONED, CLOSED")
            }
            query.status = status
        }
        if let s = request.query("minSeverity") {
            guard let severity = Severity(rawValue: s) else {
                throw APIError.badRequest("INVALID_PARAMETER", "minSeverity '\(s)' is not one of LOW, MEDIUM, HIGH, CRITICAL")
            }
            query.minSeverity = severity
        }
        query.subjectId = request.query("subjectId")
        try access.scope(&query, requestedForceArea: request.query("forceArea"))
        if let c = request.query("cursor") {
            let parts = c.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let ms = Int64(parts[0]) else {
                throw APIError.badRequest("INVALID_CURSOR", "cursor is not one this API returned")
            }
            query.before = (Date(timeIntervalSince1970: Double(ms) / 1000), String(parts[1]))
        }
        let limit = query.limit - 1
        var found: [Alert] = []
        var scanned = 0
        // Probation filters after the query; keep reading until a page is full or the queue ends.
        while found.count <= limit {
            let batch = try await store.alerts(query)
            scanned += batch.count
            found += batch.filter(access.canSee)
            guard batch.count == query.limit, let last = batch.last else { break }
            query.before = (last.raisedAt, last.id)
        }
        let page = found.page(limit: limit) { "\(Int64(($0.raisedAt.timeIntervalSince1970 * 1000).rounded())):\($0.id)" }
        try await auditor.record(actor, "list", "alert", detail: "results=\(page.items.count)")
        return Page(items: page.items, nextCursor: page.next)
    }

    @Sendable func get(request: Request, context: AppRequestContext) async throws -> Alert {
        let actor = try context.requireUser()
        let alert = try await Access(actor).visibleAlert(try context.parameters.require("id"), in: store)
        try await auditor.record(actor, "read", "alert", alert.id)
        return alert
    }

    struct Decision: Decodable {
        var decision: String
        var note: String?
    }

    struct Note: Decodable {
        var note: String?
    }

    @Sendable func acknowledge(request: Request, context: AppRequestContext) async throws -> Alert {
        try await change(request, context, action: "acknowledge") { alert, user, now in
            try AlertLifecycle.acknowledge(alert, by: user, at: now)
        }
    }

    @Sendable func decide(request: Request, context: AppRequestContext) async throws -> Alert {
        // Who is asking comes before what they sent: a caller who may not decide is refused, whatever the body.
        let actor = try context.requireUser()
        try Access(actor).require(.receiveAlerts)
        let body = try await request.decodeJSON(as: Decision.self, context: context)
        guard let decision = AlertDecision(rawValue: body.decision) else {
            throw APIError.badRequest(
                "UNKNOWN_DECISION",
                "decision '\(body.decision)' is not one of "
                    + AlertDecision.allCases.map(\.rawValue).joined(separator: ", "))
        }
        try APIError.requireShort([("note", body.note)])
        guard Access(actor).mayDecide(decision) else {
            throw APIError.forbidden("your role may not record \(decision.rawValue)")
        }
        return try await change(request, context, action: "decide", detail: decision.rawValue) { alert, user, now in
            try AlertLifecycle.decide(alert, decision, note: body.note, by: user, at: now)
        }
    }

    @Sendable func close(request: Request, context: AppRequestContext) async throws -> Alert {
        var note: String?
        if request.headers[.contentLength].map({ $0 != "0" }) ?? false || request.headers[.transferEncoding] != nil {
            note = try await request.decodeJSON(as: Note.self, context: context).note
            try APIError.requireShort([("note", note)])
        }
        return try await change(request, context, action: "close") { alert, user, now in
            try AlertLifecycle.close(alert, note: note, by: user, at: now)
        }
    }

    /// Loads the alert in scope, applies a lifecycle step and writes it with its outbox event. A concurrent change
    /// (another officer, or the evaluator updating the violation) is retried on the fresh alert, so the step is
    /// judged against what is really there.
    private func change(
        _ request: Request, _ context: AppRequestContext, action: String, detail: String? = nil,
        _ step: (Alert, User, Date) throws -> Alert
    ) async throws -> Alert {
        let actor = try context.requireUser()
        let access = Access(actor)
        let id = try context.parameters.require("id")
        for _ in 0..<5 {
            let alert = try await access.visibleAlert(id, in: store)
            let updated: Alert
            do {
                updated = try step(alert, actor, clock())
            } catch let error as AlertLifecycle.IllegalTransition {
                try await auditor.record(actor, action, "alert", id, outcome: .denied, detail: error.message)
                throw APIError.conflict("ILLEGAL_TRANSITION", error.message)
            }
            do {
                try await store.updateAlert(updated, outbox: [(AlertTopic.alert, try AlertTopic.payload(updated))])
            } catch StoreError.conflict {
                continue
            }
            signal.notify()
            try await auditor.record(actor, action, "alert", id, detail: detail)
            return updated
        }
        throw APIError.conflict("BUSY", "the alert is changing quickly; retry")
    }
}

extension Alert: ResponseEncodable {}
