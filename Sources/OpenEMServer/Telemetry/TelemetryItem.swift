import Foundation
import Geo
import OpenEMCore

/// One element of `messages`, decoded leniently so that a bad item is rejected alone with a reason instead of
/// failing the whole batch.
struct TelemetryItem: Decodable, Equatable {
    var seq: Int64?
    var type: String?
    var time: String?
    var lat: Double?
    var lon: Double?
    var accuracyMetres: Double?
    var source: String?
    var speed: Double?
    var heading: Double?
    var inRange: Bool?
    var tac: Double?
    var irVoltage: Double?
    var temperatureC: Double?
    var kind: String?
    var levelPercent: Double?
    var charging: Bool?
    /// Set by the OsmAnd adapter only (the batch API has no such keys).
    var altitudeMetres: Double?
    var timeIsReceipt = false
    /// Fields present with the wrong JSON type.
    var typeErrors: [String] = []

    private enum Keys: String, CodingKey {
        case seq, type, time, lat, lon, accuracyMetres, source, speed, heading, inRange, tac, irVoltage, temperatureC,
            kind, levelPercent, charging
    }

    /// An empty item, for adapters (the OsmAnd endpoint) that fill the fields from another wire format.
    init() {}

    init(from decoder: any Decoder) throws {
        guard let c = try? decoder.container(keyedBy: Keys.self) else {
            typeErrors.append("message")
            return
        }
        // Only the keys present are read (a position carries 6 of the 16), each once: ingest decodes every fix.
        func field<T: Decodable>(_ key: Keys, _: T.Type) -> T? {
            if let v = try? c.decode(T.self, forKey: key) { return v }
            if (try? c.decodeNil(forKey: key)) != true { typeErrors.append(key.stringValue) }
            return nil
        }
        for key in c.allKeys {
            switch key {
            case .seq: seq = field(key, Int64.self)
            case .type: type = field(key, String.self)
            case .time: time = field(key, String.self)
            case .lat: lat = field(key, Double.self)
            case .lon: lon = field(key, Double.self)
            case .accuracyMetres: accuracyMetres = field(key, Double.self)
            case .source: source = field(key, String.self)
            case .speed: speed = field(key, Double.self)
            case .heading: heading = field(key, Double.self)
            case .inRange: inRange = field(key, Bool.self)
            case .tac: tac = field(key, Double.self)
            case .irVoltage: irVoltage = field(key, Double.self)
            case .temperatureC: temperatureC = field(key, Double.self)
            case .kind: kind = field(key, String.self)
            case .levelPercent: levelPercent = field(key, Double.self)
            case .charging: charging = field(key, Bool.self)
            }
        }
    }

    struct Rejection: Error {
        var code: String
        var message: String
    }

    /// Validates the item into a message, or says why it is rejected.
    func message(deviceId: EntityID, now: Date, maxFutureSeconds: TimeInterval = 300) -> Result<TelemetryMessage, Rejection> {
        if let bad = typeErrors.first {
            return .failure(.init(code: "WRONG_TYPE", message: "\(bad) has the wrong JSON type"))
        }
        guard let seq else { return .failure(.init(code: "MISSING_SEQ", message: "seq is required")) }
        guard seq >= 0 else { return .failure(.init(code: "INVALID_SEQ", message: "seq must be zero or positive")) }
        guard let type else { return .failure(.init(code: "MISSING_TYPE", message: "type is required")) }
        guard let timeText = time else { return .failure(.init(code: "MISSING_TIME", message: "time is required")) }
        guard let t = ISOTime.parse(timeText) else {
            return .failure(.init(code: "INVALID_TIME", message: "time '\(timeText)' is not ISO-8601"))
        }
        guard t.timeIntervalSince(now) <= maxFutureSeconds else {
            return .failure(.init(code: "TIME_IN_FUTURE", message: "time is more than 5 minutes in the future"))
        }
        func finite(_ v: Double?, _ name: String, _ range: ClosedRange<Double>) -> Rejection? {
            guard let v else { return Rejection(code: "MISSING_FIELD", message: "\(name) is required for \(type)") }
            guard v.isFinite, range.contains(v) else {
                return Rejection(code: "OUT_OF_RANGE", message: "\(name) must be between \(range.lowerBound) and \(range.upperBound)")
            }
            return nil
        }
        let payload: TelemetryPayload
        switch type {
        case "position":
            // accuracyMetres is optional: a position without it is kept, of unknown accuracy (PositionFix).
            if let r = finite(lat, "lat", -90...90) ?? finite(lon, "lon", -180...180)
                ?? accuracyMetres.flatMap({ finite($0, "accuracyMetres", 0...100_000) })
            {
                return .failure(r)
            }
            if let a = altitudeMetres, !a.isFinite { return .failure(.init(code: "OUT_OF_RANGE", message: "altitude must be a number")) }
            var src = PositionSource.gps
            if let s = source {
                guard let parsed = PositionSource(rawValue: s) else {
                    return .failure(.init(code: "UNKNOWN_SOURCE", message: "source must be GPS, LBS or WIFI"))
                }
                src = parsed
            }
            if let s = speed, !s.isFinite || s < 0 { return .failure(.init(code: "OUT_OF_RANGE", message: "speed must be >= 0")) }
            if let hd = heading, !hd.isFinite { return .failure(.init(code: "OUT_OF_RANGE", message: "heading must be a number")) }
            payload = .position(
                PositionFix(
                    coordinate: Coordinate(lat: lat!, lon: lon!), accuracyMetres: accuracyMetres,
                    source: src, speed: speed, heading: heading, altitudeMetres: altitudeMetres, timeIsReceipt: timeIsReceipt))
        case "rf":
            guard let inRange else { return .failure(.init(code: "MISSING_FIELD", message: "inRange is required for rf")) }
            payload = .rf(inRange: inRange)
        case "alcohol":
            if let r = finite(tac, "tac", 0...1) { return .failure(r) }
            payload = .alcohol(AlcoholReading(tac: tac!, irVoltage: irVoltage, temperatureC: temperatureC))
        case "tamper":
            guard let k = kind.flatMap(TamperKind.init(rawValue:)) else {
                return .failure(.init(code: "UNKNOWN_TAMPER_KIND", message: "kind must be STRAP, CASE, OBSTRUCTION or HOME_UNIT_MOVED"))
            }
            payload = .tamper(k)
        case "battery":
            if let r = finite(levelPercent, "levelPercent", 0...100) { return .failure(r) }
            payload = .battery(levelPercent: levelPercent!, charging: charging ?? false)
        case "heartbeat":
            payload = .heartbeat
        default:
            return .failure(
                .init(
                    code: "UNKNOWN_TYPE",
                    message: "type '\(type)' is not one of position, rf, alcohol, tamper, battery, heartbeat"))
        }
        return .success(TelemetryMessage(deviceId: deviceId, seq: seq, time: t, payload: payload))
    }
}
