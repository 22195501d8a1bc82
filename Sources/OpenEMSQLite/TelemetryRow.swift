import Foundation
import GRDB
import Geo
import OpenEMCore

/// The compact row form of a telemetry message: typed columns, no JSON, so ingest and replay stay fast.
enum TelemetryRow {
    /// (kind, lat, lon, acc, src, v1, v2, v3, flag)
    static func columns(_ p: TelemetryPayload) -> [(any DatabaseValueConvertible)?] {
        let f = TelemetryFields(p)
        return [f.kind, f.lat, f.lon, f.acc, f.src, f.v1, f.v2, f.v3, f.flag]
    }

    static func payload(_ r: Row) throws -> TelemetryPayload {
        try TelemetryFields(
            kind: r["kind"], lat: r["lat"], lon: r["lon"], acc: r["acc"], src: r["src"], v1: r["v1"], v2: r["v2"],
            v3: r["v3"], flag: r["flag"]
        ).payload
    }

    static func logged(_ r: Row) throws -> LoggedTelemetry {
        LoggedTelemetry(
            offset: r["offset"], receivedAt: date(r["received"]),
            message: TelemetryMessage(
                deviceId: r["device_id"], seq: r["seq"], time: date(r["time"]),
                payload: try payload(r)))
    }
}
