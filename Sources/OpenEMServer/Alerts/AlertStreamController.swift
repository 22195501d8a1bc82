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
///
/// What a client missed it reads from the store; then it joins this node's `AlertBroadcaster` for what comes next.
struct AlertStreamController {
    let store: any OpenEMStore
    let auditor: Auditor
    let broadcaster: AlertBroadcaster

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
        let store = store, broadcaster = broadcaster
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: ": OpenEM alert stream\nretry: 2000\n\n"))
            var place = AlertStreamPlace(cursor: start, limit: maxEvents, access: access)
            // All it missed first, before joining, so that a long replay does not fill its live buffer meanwhile.
            try await place.replay(from: store, through: nil, to: &writer)
            if !place.done {
                let membership = await broadcaster.join(sees: access.canSee)
                defer { broadcaster.leave(membership.id) }
                // Then what landed before the position it joined at; the fan-out brings everything after it.
                try await place.replay(from: store, through: membership.position, to: &writer)
                // It ends at the limit, or when the broadcaster ends it (shutting down, or this client fell too far
                // behind): the client then reconnects with its Last-Event-ID.
                var items = membership.items.makeAsyncIterator()
                while !place.done, let item = await items.next() {
                    switch item {
                    case .alert(let e):
                        if let frame = place.take(e) { try await writer.write(frame) }
                    case .keepAlive:
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    }
                }
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

/// Where one stream is: the outbox position after which it has sent everything its user may see, and how many
/// events it has sent. Events at or before the cursor are never sent again, which is what joins the replay from
/// the store and the live fan-out without a gap or a repeat.
struct AlertStreamPlace {
    private(set) var cursor: Int64
    private(set) var sent = 0
    let limit: Int
    let access: Access
    static let page = 500

    init(cursor: Int64, limit: Int, access: Access) {
        self.cursor = cursor
        self.limit = limit
        self.access = access
    }

    var done: Bool { sent >= limit }

    /// Writes the events after the cursor (up to `bound`, if given) from the store, a page at a time.
    mutating func replay(from store: any OpenEMStore, through bound: Int64?, to writer: inout any ResponseBodyWriter) async throws {
        guard bound.map({ cursor < $0 }) ?? true else { return }
        var past = false
        while !done, !past {
            let events = try await store.outboxEvents(afterId: cursor, limit: Self.page)
            var out = ByteBuffer()
            for e in events {
                if let bound, e.id > bound {
                    past = true
                    break
                }
                guard let event = AlertStreamEvent(e), access.canSee(event.alert) else {
                    cursor = e.id
                    continue
                }
                if var frame = take(event) { out.writeBuffer(&frame) }
                if done { break }
            }
            if out.readableBytes > 0 { try await writer.write(out) }
            if events.count < Self.page || cursor == bound { return }
        }
    }

    /// The event's frame, if it comes after the cursor (the fan-out has already judged who may see it).
    mutating func take(_ e: AlertStreamEvent) -> ByteBuffer? {
        guard e.id > cursor, !done else { return nil }
        cursor = e.id
        sent += 1
        return e.frame
    }
}
