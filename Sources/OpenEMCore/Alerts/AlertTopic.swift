import Foundation

/// The outbox topic alerts travel on, and the one encoding of an alert every consumer reads: the live stream
/// and webhooks send the payload as it is, so it is the API's JSON (ISO-8601 times with milliseconds).
public enum AlertTopic {
    public static let alert = "alert"

    public static func payload(_ alert: Alert) throws -> Data { try json(alert) }

    /// JSON as the alert topic writes it (ISO-8601 times, sorted keys): the outbox payload, and what carries it.
    public static func json(_ value: some Encodable) throws -> Data {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(ISOTime.format(date))
        }
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try e.encode(value)
    }

    public static func alert(from payload: Data) throws -> Alert {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .custom { decoder in
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let date = ISOTime.parse(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not an ISO-8601 time")
            }
            return date
        }
        return try d.decode(Alert.self, from: payload)
    }
}
