import Foundation
import Geo

/// A telemetry payload as the typed columns the stores keep (no JSON, so ingest and replay stay fast): a kind code,
/// a position's latitude, longitude, accuracy and source code, three numbers and a flag. One mapping, so every
/// store writes and reads the same codes.
public struct TelemetryFields: Sendable, Hashable {
    public var kind: Int
    public var lat: Double?, lon: Double?, acc: Double?
    public var src: Int?
    public var v1: Double?, v2: Double?, v3: Double?
    public var flag: Int?

    static let sources = PositionSource.allCases
    static let tamperKinds = TamperKind.allCases

    public init(kind: Int, lat: Double? = nil, lon: Double? = nil, acc: Double? = nil, src: Int? = nil, v1: Double? = nil,
                v2: Double? = nil, v3: Double? = nil, flag: Int? = nil) {
        (self.kind, self.lat, self.lon, self.acc, self.src) = (kind, lat, lon, acc, src)
        (self.v1, self.v2, self.v3, self.flag) = (v1, v2, v3, flag)
    }

    public init(_ payload: TelemetryPayload) {
        switch payload {
        case .position(let f):
            self.init(kind: 0, lat: f.coordinate.lat, lon: f.coordinate.lon, acc: f.accuracyMetres,
                      src: Self.sources.firstIndex(of: f.source), v1: f.speed, v2: f.heading)
        case .rf(let inRange): self.init(kind: 1, flag: inRange ? 1 : 0)
        case .alcohol(let r): self.init(kind: 2, v1: r.tac, v2: r.irVoltage, v3: r.temperatureC)
        case .tamper(let k): self.init(kind: 3, flag: Self.tamperKinds.firstIndex(of: k))
        case .battery(let level, let charging): self.init(kind: 4, v1: level, flag: charging ? 1 : 0)
        case .heartbeat: self.init(kind: 5)
        }
    }

    public var payload: TelemetryPayload {
        switch kind {
        case 0:
            return .position(PositionFix(coordinate: Coordinate(lat: lat ?? 0, lon: lon ?? 0), accuracyMetres: acc ?? 0,
                                         source: Self.sources[src ?? 0], speed: v1, heading: v2))
        case 1: return .rf(inRange: flag == 1)
        case 2: return .alcohol(AlcoholReading(tac: v1 ?? 0, irVoltage: v2, temperatureC: v3))
        case 3: return .tamper(Self.tamperKinds[flag ?? 0])
        case 4: return .battery(levelPercent: v1 ?? 0, charging: flag == 1)
        default: return .heartbeat
        }
    }
}
