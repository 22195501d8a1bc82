import Foundation
import Geo

/// A telemetry payload as the typed columns the stores keep (no JSON, so ingest and replay stay fast): a kind code,
/// a position's latitude, longitude, accuracy (NULL: unknown) and source code, three numbers and a flag. One mapping, so every
/// store writes and reads the same codes.
///
/// Every code is written out here, never taken from a case's position, so reordering or adding a case cannot
/// rewrite stored history. The codes are the positions the stores wrote before they were pinned, so existing
/// databases read back unchanged and no migration is needed.
public struct TelemetryFields: Sendable, Hashable {
    /// The `kind` column.
    public enum Kind: Int, Sendable, CaseIterable {
        case position = 0
        case rf = 1
        case alcohol = 2
        case tamper = 3
        case battery = 4
        case heartbeat = 5
        case unlocated = 6
    }

    /// Bits of a position's `flag` column.
    static let positionTimeIsReceipt = 1

    public var kind: Int
    public var lat: Double?, lon: Double?, acc: Double?
    public var src: Int?
    public var v1: Double?, v2: Double?, v3: Double?
    public var flag: Int?

    public init(
        kind: Int, lat: Double? = nil, lon: Double? = nil, acc: Double? = nil, src: Int? = nil, v1: Double? = nil,
        v2: Double? = nil, v3: Double? = nil, flag: Int? = nil
    ) {
        (self.kind, self.lat, self.lon, self.acc, self.src) = (kind, lat, lon, acc, src)
        (self.v1, self.v2, self.v3, self.flag) = (v1, v2, v3, flag)
    }

    public init(_ payload: TelemetryPayload) {
        switch payload {
        case .position(let f):
            self.init(
                kind: Kind.position.rawValue, lat: f.coordinate.lat, lon: f.coordinate.lon, acc: f.accuracyMetres,
                src: f.source.storedCode, v1: f.speed, v2: f.heading, v3: f.altitudeMetres,
                flag: f.timeIsReceipt ? Self.positionTimeIsReceipt : nil)
        case .rf(let inRange): self.init(kind: Kind.rf.rawValue, flag: inRange ? 1 : 0)
        case .alcohol(let r): self.init(kind: Kind.alcohol.rawValue, v1: r.tac, v2: r.irVoltage, v3: r.temperatureC)
        case .tamper(let k): self.init(kind: Kind.tamper.rawValue, flag: k.storedCode)
        case .battery(let level, let charging): self.init(kind: Kind.battery.rawValue, v1: level, flag: charging ? 1 : 0)
        case .heartbeat: self.init(kind: Kind.heartbeat.rawValue)
        case .unlocated(let r): self.init(kind: Kind.unlocated.rawValue, v1: Double(r.cells), v2: Double(r.wifiAccessPoints))
        }
    }

    /// The payload these columns hold; a kind, source or tamper code that names no case is an `UnknownStoredCode`.
    public var payload: TelemetryPayload {
        get throws {
            switch try Kind(stored: kind, column: "telemetry.kind") {
            case .position:
                return .position(
                    PositionFix(
                        coordinate: Coordinate(lat: lat ?? 0, lon: lon ?? 0), accuracyMetres: acc,
                        source: try PositionSource(storedCode: src), speed: v1, heading: v2, altitudeMetres: v3,
                        timeIsReceipt: (flag ?? 0) & Self.positionTimeIsReceipt != 0))
            case .rf: return .rf(inRange: flag == 1)
            case .alcohol: return .alcohol(AlcoholReading(tac: v1 ?? 0, irVoltage: v2, temperatureC: v3))
            case .tamper: return .tamper(try TamperKind(storedCode: flag))
            case .battery: return .battery(levelPercent: v1 ?? 0, charging: flag == 1)
            case .heartbeat: return .heartbeat
            case .unlocated: return .unlocated(UnlocatedReport(cells: Int(v1 ?? 0), wifiAccessPoints: Int(v2 ?? 0)))
            }
        }
    }
}

extension PositionSource {
    /// The code in telemetry's `src` column.
    public var storedCode: Int {
        switch self {
        case .gps: 0
        case .lbs: 1
        case .wifi: 2
        }
    }

    public init(storedCode code: Int?) throws {
        switch code {
        case 0: self = .gps
        case 1: self = .lbs
        case 2: self = .wifi
        default: throw UnknownStoredCode(column: "telemetry.src", code: code.map(String.init) ?? "NULL")
        }
    }
}

extension TamperKind {
    /// The code in a tamper message's `flag` column.
    public var storedCode: Int {
        switch self {
        case .strap: 0
        case .case: 1
        case .obstruction: 2
        case .homeUnitMoved: 3
        }
    }

    public init(storedCode code: Int?) throws {
        switch code {
        case 0: self = .strap
        case 1: self = .case
        case 2: self = .obstruction
        case 3: self = .homeUnitMoved
        default: throw UnknownStoredCode(column: "telemetry.flag", code: code.map(String.init) ?? "NULL")
        }
    }
}
