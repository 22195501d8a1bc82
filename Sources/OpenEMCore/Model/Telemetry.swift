import Foundation
import Geo

public enum PositionSource: String, Codable, Sendable, CaseIterable {
    case gps = "GPS"
    case lbs = "LBS"
    case wifi = "WIFI"
}

public enum TamperKind: String, Codable, Sendable, CaseIterable {
    case strap = "STRAP"
    case `case` = "CASE"
    case obstruction = "OBSTRUCTION"
    case homeUnitMoved = "HOME_UNIT_MOVED"
}

public struct PositionFix: Codable, Sendable, Hashable {
    public var coordinate: Coordinate
    /// Radius of the ~95% confidence circle, metres; nil when the device did not say (an OsmAnd client that sends
    /// neither accuracy nor HDOP). A fix of unknown accuracy is kept and shown, but proves nothing on its own: the
    /// rules treat it as inconclusive (see `FixObservation.trusted` and `CurfewRule`), and search and crime matching
    /// leave it out.
    public var accuracyMetres: Double?
    public var source: PositionSource
    public var speed: Double?
    public var heading: Double?
    /// Height above the WGS84 ellipsoid (or mean sea level, as the device reports it), metres.
    public var altitudeMetres: Double?
    /// True when the device sent no time and the fix carries the time the server received it.
    public var timeIsReceipt: Bool

    public init(
        coordinate: Coordinate, accuracyMetres: Double?, source: PositionSource = .gps,
        speed: Double? = nil, heading: Double? = nil, altitudeMetres: Double? = nil, timeIsReceipt: Bool = false
    ) {
        self.coordinate = coordinate
        self.accuracyMetres = accuracyMetres
        self.source = source
        self.speed = speed
        self.heading = heading
        self.altitudeMetres = altitudeMetres
        self.timeIsReceipt = timeIsReceipt
    }
}

/// A report that names the cells or Wi-Fi access points a device could see but carries no position (OsmAnd's
/// `cell=` and `wifi=` parameters). OpenEM has no cell-location database, so it does not guess a position from
/// them: the report is kept as proof the device was communicating, with how many of each it saw.
public struct UnlocatedReport: Codable, Sendable, Hashable {
    public var cells: Int
    public var wifiAccessPoints: Int

    public init(cells: Int, wifiAccessPoints: Int) {
        self.cells = cells
        self.wifiAccessPoints = wifiAccessPoints
    }
}

public struct AlcoholReading: Codable, Sendable, Hashable {
    /// Transdermal alcohol concentration, g/dL.
    public var tac: Double
    public var irVoltage: Double?
    public var temperatureC: Double?
    public init(tac: Double, irVoltage: Double? = nil, temperatureC: Double? = nil) {
        self.tac = tac
        self.irVoltage = irVoltage
        self.temperatureC = temperatureC
    }
}

public enum TelemetryPayload: Sendable, Hashable {
    case position(PositionFix)
    case rf(inRange: Bool)
    case alcohol(AlcoholReading)
    case tamper(TamperKind)
    case battery(levelPercent: Double, charging: Bool)
    case heartbeat
    case unlocated(UnlocatedReport)

    public var typeName: String {
        switch self {
        case .position: "position"
        case .rf: "rf"
        case .alcohol: "alcohol"
        case .tamper: "tamper"
        case .battery: "battery"
        case .heartbeat: "heartbeat"
        case .unlocated: "unlocated"
        }
    }
}

/// One message from a device, as accepted by ingest. `(deviceId, seq)` is unique.
public struct TelemetryMessage: Sendable, Hashable {
    public var deviceId: EntityID
    public var seq: Int64
    public var time: Date
    public var payload: TelemetryPayload

    public init(deviceId: EntityID, seq: Int64, time: Date, payload: TelemetryPayload) {
        self.deviceId = deviceId
        self.seq = seq
        self.time = time
        self.payload = payload
    }
}

/// A message as it sits in the append-only log.
public struct LoggedTelemetry: Sendable, Hashable {
    public var offset: Int64
    public var receivedAt: Date
    public var message: TelemetryMessage

    public init(offset: Int64, receivedAt: Date, message: TelemetryMessage) {
        self.offset = offset
        self.receivedAt = receivedAt
        self.message = message
    }
}
