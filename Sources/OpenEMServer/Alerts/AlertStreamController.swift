import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenEMCore

/// `GET /api/v1/alerts/stream`: Server-Sent Events, one `alert` event per new or changed alert the caller may see.
///
/// Every event's `id` is its outbox position, so a client reconnecting with `Last-Event-ID` (browsers' EventSource
/// does this by itself) resumes exactly after the last event it received: nothing is missed, nothing repeated.
/// Without it the stream starts with what happens next. `?limit=N` ends the stream after N events (for scripts).
struct AlertStreamController {
    let store: any OpenEMStore
    let auditor: Auditor
    let signal: OutboxSignal
    var poll: Duration = .seconds(1)
    var heartbeat: TimeInterval = 15

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("alerts/stream", use: stream)
    }

    @Sendable func stream(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireUser()
        let access = Access(actor)
        guard access.seesAlerts else { throw APIError.forbidden("your role does not receive alerts") }
        let start: Int64
        if let last = request.headers[HTTPField.Name("Last-Event-ID")!] ?? request.query("lastEventId") {
            guard let id = Int64(String(last).trimmingCharacters(in: CharacterSet.whitespaces)), id >= 0 else {
                throw APIError.badRequest("INVALID_LAST_EVENT_ID", "Last-Event-ID must be an event id this stream sent")
            }
            start = id
        } else {
            start = try await store.latestOutboxId()
        }
        let maxEvents: Int
        if let l = request.query("limit") {
            guard let n = Int(l), n >= 1 else { throw APIError.badRequest("INVALID_LIMIT", "limit must be a positive whole number") }
            maxEvents = n
        } else {
            maxEvents = .max
        }
        try await auditor.record(actor, "stream", "alert", detail: "from=\(start)")
        let store = store, signal = signal, poll = poll, heartbeat = heartbeat
        let body = ResponseBody { writer in
            var cursor = start
            var sent = 0
            var lastWrite = Date()
            try await writer.write(ByteBuffer(string: ": OpenEM alert stream\nretry: 2000\n\n"))
            while sent < maxEvents, !Task.isCancelled {
                let seen = signal.version
                let events = try await store.outboxEvents(afterId: cursor, limit: 500)
                var out = ByteBuffer()
                for e in events {
                    cursor = e.id
                    guard e.topic == AlertTopic.alert, let alert = try? AlertTopic.alert(from: e.payload),
                          access.canSee(alert) else { continue }
                    out.writeString("id: \(e.id)\nevent: alert\ndata: ")
                    out.writeBytes(e.payload)
                    out.writeString("\n\n")
                    sent += 1
                    if sent >= maxEvents { break }
                }
                if out.readableBytes > 0 {
                    try await writer.write(out)
                    lastWrite = Date()
                } else if Date().timeIntervalSince(lastWrite) >= heartbeat {
                    try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    lastWrite = Date()
                }
                if events.count < 500 && sent < maxEvents { await signal.wait(after: seen, upTo: poll) }
            }
            try await writer.finish(nil)
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        headers[HTTPField.Name("X-Accel-Buffering")!] = "no"
        return Response(status: .ok, headers: headers, body: body)
    }
}
