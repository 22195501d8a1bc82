import Foundation
import Hummingbird
import Metrics
import NIOCore
import OpenEMCore

/// `GET|POST /osmand`: the OsmAnd live-tracking protocol as Traccar Client and generic trackers send it, for
/// victim phones and devices that cannot speak the batch API.
///
/// Three forms are accepted: parameters in the query string (GET or POST), an
/// `application/x-www-form-urlencoded` body, and Traccar Client's JSON body
/// (`{"device_id","location":{"timestamp","coords":{...},"battery":{...}}}`); `OsmAndReport` reads them. The `id`
/// is the device key returned once when the device was created: a phone has nothing else to authenticate with, so
/// the id must be unguessable and is looked up by its hash.
struct OsmAndController {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let wake: LogSignal
    static let maxBody = 64 * 1024

    private let accepted = Counter(label: "openem_telemetry_accepted_total")
    private let duplicates = Counter(label: "openem_telemetry_duplicates_total")

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("osmand", use: report)
        router.post("osmand", use: report)
    }

    struct Result: ResponseCodable {
        var accepted: Int
        var duplicates: Int
        /// What the report was stored as: `position`, `battery`, `unlocated` (cell or Wi-Fi data, no position) or
        /// `heartbeat` (neither).
        var stored: [String]
        /// Optional fields that could not be read and were left out.
        var ignored: [OsmAndReport.Ignored]
    }

    @Sendable func report(request: Request, context: AppRequestContext) async throws -> Result {
        var copy = request
        let body = try await copy.collectBody(upTo: Self.maxBody)
        // The raw query, decoded as a form is ("+" is a space), which is how OsmAnd clients escape it.
        var parsed = try OsmAndReport.fromPairs(FormBody.pairs(request.uri.query ?? ""))
        if body.readableBytes > 0 {
            let bytes = Data(body.readableBytesView)
            let contentType = request.headers[.contentType] ?? ""
            if contentType.contains("json") || bytes.first == UInt8(ascii: "{") {
                parsed = OsmAndReport.merge(query: parsed, body: try OsmAndReport.fromJSON(bytes))
            } else {
                guard let text = String(data: bytes, encoding: .utf8) else {
                    throw APIError(.badRequest, "INVALID_BODY", "the body is neither JSON nor form-encoded text")
                }
                parsed = OsmAndReport.merge(query: parsed, body: try OsmAndReport.fromPairs(FormBody.pairs(text)))
            }
        }
        guard let id = parsed.id, !id.isEmpty else {
            throw APIError(.badRequest, "MISSING_ID", "id (the device key) is required")
        }
        guard let device = try await store.device(keyHash: Secrets.sha256Hex(id)) else {
            throw APIError(.unauthorized, "INVALID_DEVICE_ID", "no device has this id")
        }
        let now = clock()
        let messages = try Self.messages(parsed, deviceId: device.id, now: now)
        let stored = try await store.appendTelemetry(messages, receivedAt: now)
        if stored.accepted > 0 { wake.signal() }
        accepted.increment(by: stored.accepted)
        duplicates.increment(by: stored.duplicates)
        return Result(
            accepted: stored.accepted, duplicates: stored.duplicates, stored: messages.map(\.payload.typeName),
            ignored: parsed.ignored)
    }

    /// The messages one report is stored as. The protocol has no sequence number: a message's sequence is derived
    /// from its time (milliseconds x 4; +0 the position, or the unlocated report or heartbeat standing in for it,
    /// +1 the battery reading), so a client resending a report after a lost response sends duplicates, never a
    /// second fix. A report without a time takes the time of receipt, so a resend of it cannot be recognised.
    static func messages(_ r: OsmAndReport, deviceId: EntityID, now: Date) throws -> [TelemetryMessage] {
        let time = r.timestamp ?? now
        let baseSeq = Int64((time.timeIntervalSince1970 * 1000).rounded()) * 4
        guard baseSeq >= 0 else { throw APIError(.badRequest, "INVALID_TIMESTAMP", "timestamp is before 1970") }
        var first = TelemetryItem()
        first.seq = baseSeq
        first.time = ISOTime.format(time)
        var out: [TelemetryMessage] = []
        if r.lat != nil || r.lon != nil {
            first.type = "position"
            first.lat = r.lat
            first.lon = r.lon
            first.accuracyMetres = r.accuracyMetres
            first.speed = r.speedMetresPerSecond
            first.heading = r.bearing
            first.altitudeMetres = r.altitude
            first.timeIsReceipt = r.timestamp == nil
        } else {
            // No position: what the device did send (cells or access points it could see), or that it is alive.
            first.type = "heartbeat"
        }
        switch first.message(deviceId: deviceId, now: now) {
        case .success(var m):
            if case .heartbeat = m.payload, r.cells > 0 || r.wifiAccessPoints > 0 {
                m.payload = .unlocated(UnlocatedReport(cells: r.cells, wifiAccessPoints: r.wifiAccessPoints))
            }
            out.append(m)
        case .failure(let reason): throw APIError(.badRequest, reason.code, reason.message)
        }
        if let level = r.batteryPercent {
            var battery = TelemetryItem()
            battery.seq = baseSeq + 1
            battery.type = "battery"
            battery.time = first.time
            battery.levelPercent = level
            battery.charging = r.charging
            switch battery.message(deviceId: deviceId, now: now) {
            case .success(let m): out.append(m)
            case .failure(let reason): throw APIError(.badRequest, reason.code, "batt: \(reason.message)")
            }
        }
        return out
    }
}
