import Foundation
import OpenEMCore

/// A tag's upload as `POST /api/v1/telemetry` takes it (`{"deviceId","messages":[...]}`), for the simulator to send
/// through `JSONEncoder` like any other client.
public struct DeviceUpload: Encodable, Sendable {
    public var deviceId: String
    public var messages: [Message]

    public init(deviceId: String, messages: [Message]) {
        self.deviceId = deviceId
        self.messages = messages
    }

    /// One message: its sequence number, its event time and what it reports.
    public struct Message: Encodable, Sendable {
        public var seq: Int64
        public var time: Date
        public var payload: TelemetryPayload

        public init(seq: Int64, time: Date, payload: TelemetryPayload) {
            (self.seq, self.time, self.payload) = (seq, time, payload)
        }

        private enum Keys: String, CodingKey {
            case seq, type, time, lat, lon, accuracyMetres, source, speed, heading, inRange, tac, irVoltage, temperatureC
            case kind, levelPercent, charging
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(seq, forKey: .seq)
            try c.encode(ISOTime.format(time), forKey: .time)
            switch payload {
            case .position(let f):
                try c.encode("position", forKey: .type)
                try c.encode(f.coordinate.lat, forKey: .lat)
                try c.encode(f.coordinate.lon, forKey: .lon)
                try c.encodeIfPresent(f.accuracyMetres, forKey: .accuracyMetres)
                try c.encode(f.source.rawValue, forKey: .source)
                try c.encodeIfPresent(f.speed, forKey: .speed)
                try c.encodeIfPresent(f.heading, forKey: .heading)
            case .rf(let inRange):
                try c.encode("rf", forKey: .type)
                try c.encode(inRange, forKey: .inRange)
            case .alcohol(let r):
                // Simulated alcohol tags always report their infra-red and skin-temperature sensors.
                try c.encode("alcohol", forKey: .type)
                try c.encode(r.tac, forKey: .tac)
                try c.encode(r.irVoltage ?? 2, forKey: .irVoltage)
                try c.encode(r.temperatureC ?? 32, forKey: .temperatureC)
            case .tamper(let kind):
                try c.encode("tamper", forKey: .type)
                try c.encode(kind.rawValue, forKey: .kind)
            case .battery(let level, let charging):
                try c.encode("battery", forKey: .type)
                try c.encode(level, forKey: .levelPercent)
                try c.encode(charging, forKey: .charging)
            case .heartbeat:
                try c.encode("heartbeat", forKey: .type)
            case .unlocated:
                // Only the OsmAnd endpoint receives these (cell or Wi-Fi data without a position).
                throw EncodingError.invalidValue(
                    payload, .init(codingPath: encoder.codingPath, debugDescription: "the batch API has no unlocated reports"))
            }
        }
    }

    /// The request body.
    public func body() throws -> Data { try Self.encoder.encode(self) }

    private static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .withoutEscapingSlashes
        return e
    }()
}
