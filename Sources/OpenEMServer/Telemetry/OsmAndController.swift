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
/// (`{"device_id","location":{"timestamp","coords":{...},"battery":{...}}}`). The `id` is the device key
/// returned once when the device was created: a phone has nothing else to authenticate with, so the id must be
/// unguessable and is looked up by its hash.
///
/// The protocol has no sequence number. A fix's sequence is derived from its timestamp (milliseconds x 4,
/// +1 for the battery reading sent with it), so a client resending the same fix after a lost response is a
/// duplicate, never a second fix.
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
    }

    /// A report in protocol-neutral form, before validation.
    struct Report {
        var id: String?
        var timestamp: Date?
        var lat: Double?
        var lon: Double?
        var accuracy: Double?
        var speedMetresPerSecond: Double?
        var bearing: Double?
        var batteryPercent: Double?
        var charging: Bool?
    }

    @Sendable func report(request: Request, context: AppRequestContext) async throws -> Result {
        var copy = request
        let body = try await copy.collectBody(upTo: Self.maxBody)
        var parsed = try Self.parseQuery(request.uri.queryParameters.map { (String($0.key), String($0.value)) })
        if body.readableBytes > 0 {
            let bytes = Data(body.readableBytesView)
            let contentType = request.headers[.contentType] ?? ""
            if contentType.contains("json") || bytes.first == UInt8(ascii: "{") {
                parsed = try Self.merge(parsed, Self.parseJSON(bytes))
            } else {
                guard let text = String(data: bytes, encoding: .utf8) else {
                    throw APIError(.badRequest, "INVALID_BODY", "the body is neither JSON nor form-encoded text")
                }
                parsed = try Self.merge(parsed, Self.parseQuery(FormBody.pairs(text)))
            }
        }
        guard let id = parsed.id, !id.isEmpty else {
            throw APIError(.badRequest, "MISSING_ID", "id (the device key) is required")
        }
        guard let device = try await store.device(keyHash: Secrets.sha256Hex(id)) else {
            throw APIError(.unauthorized, "INVALID_DEVICE_ID", "no device has this id")
        }
        let now = clock()
        let time = parsed.timestamp ?? now
        let baseSeq = Int64((time.timeIntervalSince1970 * 1000).rounded()) * 4
        guard baseSeq >= 0 else { throw APIError(.badRequest, "INVALID_TIMESTAMP", "timestamp is before 1970") }

        var position = TelemetryItem()
        position.seq = baseSeq
        position.type = "position"
        position.time = ISOTime.format(time)
        position.lat = parsed.lat
        position.lon = parsed.lon
        position.accuracyMetres = parsed.accuracy
        position.speed = parsed.speedMetresPerSecond
        position.heading = parsed.bearing
        var messages: [TelemetryMessage] = []
        switch position.message(deviceId: device.id, now: now) {
        case .success(let m): messages.append(m)
        case .failure(let r): throw APIError(.badRequest, r.code, r.message)
        }
        if let level = parsed.batteryPercent {
            var battery = TelemetryItem()
            battery.seq = baseSeq + 1
            battery.type = "battery"
            battery.time = position.time
            battery.levelPercent = level
            battery.charging = parsed.charging
            switch battery.message(deviceId: device.id, now: now) {
            case .success(let m): messages.append(m)
            case .failure(let r): throw APIError(.badRequest, r.code, "batt: \(r.message)")
            }
        }
        let stored = try await store.appendTelemetry(messages, receivedAt: now)
        if stored.accepted > 0 { wake.signal() }
        accepted.increment(by: stored.accepted)
        duplicates.increment(by: stored.duplicates)
        return Result(accepted: stored.accepted, duplicates: stored.duplicates)
    }

    // MARK: Parsing

    static func number(_ name: String, _ text: String) throws -> Double {
        guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite else {
            throw APIError(.badRequest, "INVALID_PARAMETER", "\(name) '\(text.prefix(40))' is not a number")
        }
        return v
    }

    static func boolean(_ name: String, _ text: String) throws -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError(.badRequest, "INVALID_PARAMETER", "\(name) must be true or false")
        }
    }

    /// Unix seconds, Unix milliseconds, or an ISO-8601 / `yyyy-MM-dd HH:mm:ss` (UTC) time, as OsmAnd clients send.
    static func timestamp(_ text: String) throws -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Double(t), n.isFinite {
            return Date(timeIntervalSince1970: n > 100_000_000_000 ? n / 1000 : n)
        }
        if let d = ISOTime.parse(t) { return d }
        if t.count == 19, let d = ISOTime.parse(t + "Z") { return d }
        throw APIError(
            .badRequest, "INVALID_TIMESTAMP",
            "timestamp '\(t.prefix(40))' is not Unix seconds, milliseconds or an ISO-8601 time")
    }

    static func parseQuery(_ pairs: [(String, String)]) throws -> Report {
        var r = Report()
        var hdop: Double?
        for (key, value) in pairs {
            switch key {
            case "id", "deviceid": r.id = value
            case "timestamp": r.timestamp = try timestamp(value)
            case "lat": r.lat = try number("lat", value)
            case "lon": r.lon = try number("lon", value)
            case "location":
                let parts = value.split(separator: ",")
                guard parts.count == 2 else {
                    throw APIError(.badRequest, "INVALID_PARAMETER", "location must be 'lat,lon'")
                }
                r.lat = try number("location", String(parts[0]))
                r.lon = try number("location", String(parts[1]))
            case "accuracy": r.accuracy = try number("accuracy", value)
            case "hdop": hdop = try number("hdop", value)
            // Traccar Client sends speed in knots.
            case "speed": r.speedMetresPerSecond = try number("speed", value) * 0.514444
            case "bearing", "heading": r.bearing = try number(key, value)
            case "batt": r.batteryPercent = try number("batt", value)
            case "charge": r.charging = try boolean("charge", value)
            default: continue  // altitude, valid, and the many extras trackers add
            }
        }
        // Without a stated accuracy, HDOP times a typical 5 m range error is the usual estimate.
        if r.accuracy == nil, let hdop { r.accuracy = hdop * 5 }
        return r
    }

    /// Traccar Client's JSON form.
    struct JSONForm: Decodable {
        struct StringOrNumber: Decodable {
            var text: String
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode(String.self) { text = s } else { text = String(try c.decode(Double.self)) }
            }
        }
        struct Coords: Decodable { var latitude: Double?, longitude: Double?, accuracy: Double?, speed: Double?, heading: Double? }
        struct Battery: Decodable {
            var level: Double?, isCharging: Bool?
            enum CodingKeys: String, CodingKey {
                case level
                case isCharging = "is_charging"
            }
        }
        struct Location: Decodable { var timestamp: StringOrNumber?, coords: Coords?, battery: Battery? }
        var deviceId: StringOrNumber?
        var location: Location?
        enum CodingKeys: String, CodingKey {
            case deviceId = "device_id"
            case location
        }
    }

    static func parseJSON(_ data: Data) throws -> Report {
        let form: JSONForm
        do {
            form = try JSONDecoder().decode(JSONForm.self, from: data)
        } catch let error as DecodingError {
            throw APIError(
                .badRequest, "INVALID_JSON", "the JSON form is not as Traccar Client sends it: \(ErrorMiddleware<AppRequestContext>.describe(error))"
            )
        } catch {
            throw APIError(.badRequest, "INVALID_JSON", "the body is not valid JSON")
        }
        guard let location = form.location, let coords = location.coords else {
            throw APIError(.badRequest, "MISSING_FIELD", "location.coords is required in the JSON form")
        }
        var r = Report()
        r.id = form.deviceId?.text
        if let t = location.timestamp { r.timestamp = try timestamp(t.text) }
        r.lat = coords.latitude
        r.lon = coords.longitude
        r.accuracy = coords.accuracy
        // The JSON form reports m/s; a negative value means unknown.
        if let s = coords.speed, s >= 0 { r.speedMetresPerSecond = s }
        if let h = coords.heading, h >= 0 { r.bearing = h }
        // level is 0...1; -1 when the phone does not say.
        if let level = location.battery?.level, level >= 0 { r.batteryPercent = level * 100 }
        r.charging = location.battery?.isCharging
        return r
    }

    /// Body fields win over query fields; the query may carry only the id.
    static func merge(_ query: Report, _ body: Report) -> Report {
        Report(
            id: body.id ?? query.id, timestamp: body.timestamp ?? query.timestamp, lat: body.lat ?? query.lat,
            lon: body.lon ?? query.lon, accuracy: body.accuracy ?? query.accuracy,
            speedMetresPerSecond: body.speedMetresPerSecond ?? query.speedMetresPerSecond,
            bearing: body.bearing ?? query.bearing, batteryPercent: body.batteryPercent ?? query.batteryPercent,
            charging: body.charging ?? query.charging)
    }
}
