import Foundation
import OpenEMCore

/// One OsmAnd report in protocol-neutral form, read from any of the forms real clients send: query parameters,
/// a form-encoded body, or Traccar Client's JSON body.
///
/// What is read, and how (the forms the protocol's most used server, Traccar, accepts):
/// - the device: `id` or `deviceid` (JSON: `device_id` at the top);
/// - the time: `timestamp` as Unix seconds, Unix milliseconds, ISO-8601 (with or without fraction and zone; a
///   `+` zone that arrived unescaped and so reads as a space is understood) or `yyyy-MM-dd HH:mm:ss` (UTC; the
///   space may be sent as `+` or `%20`). No timestamp: the time the server received the report, marked so;
/// - the position: `lat` and `lon`, or `location=lat,lon`;
/// - the accuracy, metres: `accuracy`, else `hacc`, else `hdop` x `metresPerHDOP`. None (or zero or less, which
///   Android and iOS report when they have none): the position is kept, of unknown accuracy;
/// - `speed` (knots in the query and form, m/s in JSON), `bearing` or `heading` (degrees), `altitude` (metres),
///   `batt` (percent; JSON `battery.level` 0...1), `charge` (JSON `battery.is_charging`);
/// - `cell` (`mcc,mnc,lac,cid[,signal]`) and `wifi` (`mac,rssi`), each possibly repeated: counted;
/// - anything else (`valid`, `driverUniqueId`, `is_moving`, `odometer`, `activity`...): ignored.
///
/// A required value that cannot be read (the id, a coordinate, the time) refuses the report with a 4xx naming it.
/// An optional one that cannot be read (say `batt=abc`) is left out and named in `ignored`, so a real position is
/// never lost for it. In JSON, `-1` and `null` mean "unknown", as Traccar Client sends them.
struct OsmAndReport: Equatable {
    /// Range error of a consumer GPS receiver, metres, that HDOP is multiplied by to estimate the accuracy when a
    /// client sends HDOP alone (the user-equivalent range error usually taken for single-frequency GPS).
    static let metresPerHDOP = 5.0
    /// Traccar Client's query form sends speed in knots.
    static let metresPerSecondPerKnot = 0.514444

    var id: String?
    var timestamp: Date?
    var lat: Double?
    var lon: Double?
    var accuracy: Double?
    var hacc: Double?
    var hdop: Double?
    var speedMetresPerSecond: Double?
    var bearing: Double?
    var altitude: Double?
    var batteryPercent: Double?
    var charging: Bool?
    var cells = 0
    var wifiAccessPoints = 0
    /// Optional fields left out, with why.
    var ignored: [Ignored] = []

    struct Ignored: Equatable, Codable {
        var field: String
        var reason: String
    }

    /// The accuracy this report states, metres; nil when unknown.
    var accuracyMetres: Double? {
        let stated = [accuracy, hacc, hdop.map { $0 * Self.metresPerHDOP }].lazy.compactMap { $0 }.first { $0 > 0 }
        // More than 100 km says nothing about where the device is.
        return stated.flatMap { $0 <= 100_000 ? $0 : nil }
    }

    // MARK: Values

    static func number(_ text: String) -> Double? {
        guard let v = Double(text.trimmingCharacters(in: .whitespaces)), v.isFinite else { return nil }
        return v
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: nil
        }
    }

    /// Unix seconds, Unix milliseconds, ISO-8601 or `yyyy-MM-dd HH:mm:ss` (UTC), as OsmAnd clients send them.
    static func timestamp(_ text: String) throws -> Date {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let n = Double(t), n.isFinite {
            // Milliseconds from 1973 on; seconds until the year 5138.
            return Date(timeIntervalSince1970: n > 100_000_000_000 ? n / 1000 : n)
        }
        var s = Array(t.utf8)
        // An unescaped "+01:00" zone reads as " 01:00" once the query's "+" is decoded as a space.
        if s.count > 20, let zone = s[19...].firstIndex(of: UInt8(ascii: " ")), zone + 1 < s.count,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(s[zone + 1])
        {
            s[zone] = UInt8(ascii: "+")
        }
        // No zone at all: UTC.
        let zoneMarks: Set<UInt8> = [UInt8(ascii: "Z"), UInt8(ascii: "z"), UInt8(ascii: "+"), UInt8(ascii: "-")]
        let hasZone = s.count > 19 && s[19...].contains(where: zoneMarks.contains)
        if s.count >= 19, !hasZone { s.append(UInt8(ascii: "Z")) }
        if let d = s.withUnsafeBufferPointer({ ISOTime.parse(bytes: $0) }) { return d }
        throw APIError(
            .badRequest, "INVALID_TIMESTAMP",
            "timestamp '\(t.prefix(40))' is not Unix seconds, Unix milliseconds, ISO-8601 or yyyy-MM-dd HH:mm:ss")
    }

    /// An optional number: nil, and named in `ignored`, when it cannot be read.
    private static func optional(_ name: String, _ text: String, _ ignored: inout [Ignored]) -> Double? {
        if let v = number(text) { return v }
        ignored.append(Ignored(field: name, reason: "'\(text.prefix(40))' is not a number"))
        return nil
    }

    // MARK: Forms

    /// Query parameters or a form-encoded body, as decoded pairs.
    static func fromPairs(_ pairs: [(String, String)]) throws -> OsmAndReport {
        var r = OsmAndReport()
        for (key, value) in pairs {
            switch key {
            case "id", "deviceid": r.id = value
            case "timestamp": r.timestamp = try timestamp(value)
            case "lat":
                guard let v = number(value) else { throw invalid("lat", value) }
                r.lat = v
            case "lon":
                guard let v = number(value) else { throw invalid("lon", value) }
                r.lon = v
            case "location":
                let parts = value.split(separator: ",", omittingEmptySubsequences: false)
                guard parts.count == 2, let lat = number(String(parts[0])), let lon = number(String(parts[1])) else {
                    throw APIError(.badRequest, "INVALID_PARAMETER", "location must be 'lat,lon' in degrees")
                }
                (r.lat, r.lon) = (lat, lon)
            case "accuracy": r.accuracy = optional(key, value, &r.ignored) ?? r.accuracy
            case "hacc": r.hacc = optional(key, value, &r.ignored) ?? r.hacc
            case "hdop": r.hdop = optional(key, value, &r.ignored) ?? r.hdop
            case "speed":
                if let knots = optional(key, value, &r.ignored), knots >= 0 { r.speedMetresPerSecond = knots * metresPerSecondPerKnot }
            case "bearing", "heading":
                if let degrees = optional(key, value, &r.ignored), degrees >= 0 { r.bearing = degrees.truncatingRemainder(dividingBy: 360) }
            case "altitude": r.altitude = optional(key, value, &r.ignored) ?? r.altitude
            case "batt":
                r.batteryPercent = optional(key, value, &r.ignored) ?? r.batteryPercent
                if let level = r.batteryPercent, !(0...100).contains(level) {
                    r.batteryPercent = nil
                    r.ignored.append(Ignored(field: key, reason: "must be a percentage, 0 to 100"))
                }
            case "charge":
                if let b = boolean(value) { r.charging = b } else { r.ignored.append(Ignored(field: key, reason: "must be true or false")) }
            case "cell": r.cells += value.isEmpty ? 0 : 1
            case "wifi": r.wifiAccessPoints += value.isEmpty ? 0 : 1
            default: continue
            }
        }
        return r
    }

    static func invalid(_ name: String, _ text: String) -> APIError {
        APIError(.badRequest, "INVALID_PARAMETER", "\(name) '\(text.prefix(40))' is not a number")
    }

    /// Traccar Client's JSON body (version 9 and later).
    struct JSONForm: Decodable {
        /// A string or a number, as clients differ (device ids, timestamps).
        struct Text: Decodable {
            var text: String
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode(String.self) {
                    text = s
                } else {
                    let n = try c.decode(Double.self)
                    text = n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
                }
            }
        }
        struct Coords: Decodable {
            var latitude: Double?, longitude: Double?, accuracy: Double?, speed: Double?, heading: Double?, altitude: Double?
        }
        struct Battery: Decodable {
            var level: Double?, isCharging: Bool?
            enum CodingKeys: String, CodingKey {
                case level
                case isCharging = "is_charging"
            }
        }
        struct Location: Decodable { var timestamp: Text?, coords: Coords?, battery: Battery? }
        var deviceId: Text?
        var location: Location?
        enum CodingKeys: String, CodingKey {
            case deviceId = "device_id"
            case location
        }
    }

    static func fromJSON(_ data: Data) throws -> OsmAndReport {
        let form: JSONForm
        do {
            form = try JSONDecoder().decode(JSONForm.self, from: data)
        } catch let error as DecodingError {
            throw APIError(
                .badRequest, "INVALID_JSON",
                "the JSON form is not as Traccar Client sends it: \(ErrorMiddleware<AppRequestContext>.describe(error))")
        } catch {
            throw APIError(.badRequest, "INVALID_JSON", "the body is not valid JSON")
        }
        var r = OsmAndReport()
        r.id = form.deviceId?.text
        guard let location = form.location else { return r }
        if let t = location.timestamp { r.timestamp = try timestamp(t.text) }
        if let coords = location.coords {
            // -1 is "unknown" for every value Traccar Client reports except the coordinates themselves.
            func known(_ v: Double?) -> Double? { v.flatMap { $0 >= 0 && $0.isFinite ? $0 : nil } }
            r.lat = coords.latitude
            r.lon = coords.longitude
            r.accuracy = known(coords.accuracy)
            r.speedMetresPerSecond = known(coords.speed)
            r.bearing = known(coords.heading).map { $0.truncatingRemainder(dividingBy: 360) }
            r.altitude = coords.altitude.flatMap { $0.isFinite ? $0 : nil }
        }
        if let level = location.battery?.level, level >= 0, level <= 1 { r.batteryPercent = level * 100 }
        r.charging = location.battery?.isCharging
        return r
    }

    /// Body fields win over query fields; the query may carry only the id.
    static func merge(query: OsmAndReport, body: OsmAndReport) -> OsmAndReport {
        var r = body
        r.id = body.id ?? query.id
        r.timestamp = body.timestamp ?? query.timestamp
        if body.lat == nil && body.lon == nil { (r.lat, r.lon) = (query.lat, query.lon) }
        r.accuracy = body.accuracy ?? query.accuracy
        r.hacc = body.hacc ?? query.hacc
        r.hdop = body.hdop ?? query.hdop
        r.speedMetresPerSecond = body.speedMetresPerSecond ?? query.speedMetresPerSecond
        r.bearing = body.bearing ?? query.bearing
        r.altitude = body.altitude ?? query.altitude
        r.batteryPercent = body.batteryPercent ?? query.batteryPercent
        r.charging = body.charging ?? query.charging
        r.cells = body.cells + query.cells
        r.wifiAccessPoints = body.wifiAccessPoints + query.wifiAccessPoints
        r.ignored = query.ignored + body.ignored
        return r
    }
}
