import Foundation
import Geo
import GRDB
import OpenEMCore

/// The compact row form of a telemetry message: typed columns, no JSON, so ingest and replay stay fast.
enum TelemetryRow {
    static let kinds = ["position", "rf", "alcohol", "tamper", "battery", "heartbeat"]
    static let sources = PositionSource.allCases
    static let tamperKinds = TamperKind.allCases

    /// (kind, lat, lon, acc, src, v1, v2, v3, flag)
    static func columns(_ p: TelemetryPayload) -> [(any DatabaseValueConvertible)?] {
        switch p {
        case .position(let f):
            return [0, f.coordinate.lat, f.coordinate.lon, f.accuracyMetres, sources.firstIndex(of: f.source), f.speed, f.heading, nil, nil]
        case .rf(let inRange): return [1, nil, nil, nil, nil, nil, nil, nil, inRange ? 1 : 0]
        case .alcohol(let r): return [2, nil, nil, nil, nil, r.tac, r.irVoltage, r.temperatureC, nil]
        case .tamper(let k): return [3, nil, nil, nil, nil, nil, nil, nil, tamperKinds.firstIndex(of: k)]
        case .battery(let level, let charging): return [4, nil, nil, nil, nil, level, nil, nil, charging ? 1 : 0]
        case .heartbeat: return [5, nil, nil, nil, nil, nil, nil, nil, nil]
        }
    }

    static func payload(_ r: Row) -> TelemetryPayload {
        switch r["kind"] as Int {
        case 0:
            return .position(PositionFix(coordinate: Coordinate(lat: r["lat"], lon: r["lon"]), accuracyMetres: r["acc"],
                                         source: sources[(r["src"] as Int?) ?? 0], speed: r["v1"], heading: r["v2"]))
        case 1: return .rf(inRange: (r["flag"] as Int?) == 1)
        case 2: return .alcohol(AlcoholReading(tac: r["v1"], irVoltage: r["v2"], temperatureC: r["v3"]))
        case 3: return .tamper(tamperKinds[(r["flag"] as Int?) ?? 0])
        case 4: return .battery(levelPercent: r["v1"], charging: (r["flag"] as Int?) == 1)
        default: return .heartbeat
        }
    }

    static func logged(_ r: Row) -> LoggedTelemetry {
        LoggedTelemetry(offset: r["offset"], receivedAt: date(r["received"]),
                        message: TelemetryMessage(deviceId: r["device_id"], seq: r["seq"], time: date(r["time"]),
                                                  payload: payload(r)))
    }
}
