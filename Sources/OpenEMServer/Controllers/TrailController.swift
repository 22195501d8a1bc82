import Foundation
import Geo
import Hummingbird
import OpenEMCore

/// `GET /api/v1/subjects/{id}/trail?from=&to=&format=geojson|gpx|csv`: a wearer's fixes in a window, each with
/// its accuracy and source. Every read is audited with the window and the number of fixes. How far back one
/// request may reach depends on the role (police 48 hours, everyone else 14 days by default).
struct TrailController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    static let maxFixes = 100_000

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("subjects/:id/trail", use: trail)
    }

    struct Fix {
        var time: Date
        var lat: Double
        var lon: Double
        /// nil: the device did not say (the fix is shown, but proves nothing on its own).
        var accuracyMetres: Double?
        var source: String
        var speed: Double?
        var deviceId: String
        var altitudeMetres: Double? = nil
        /// The device sent no time: this is when the server received the fix.
        var timeIsReceipt = false
    }

    /// The fixes of the wearer's installed devices within [from, to), in time order.
    static func fixes(subjectId: EntityID, from: Date, to: Date, store: any OpenEMStore) async throws -> [Fix] {
        var out: [Fix] = []
        for i in try await store.installations(subjectId: subjectId) {
            let start = max(from, i.installedAt), end = min(to, i.removedAt ?? to)
            guard start < end else { continue }
            for m in try await store.telemetry(deviceIds: [i.deviceId], from: start, to: end, limit: maxFixes) {
                guard case .position(let p) = m.message.payload else { continue }
                out.append(
                    Fix(
                        time: m.message.time, lat: p.coordinate.lat, lon: p.coordinate.lon, accuracyMetres: p.accuracyMetres,
                        source: p.source.rawValue, speed: p.speed, deviceId: i.deviceId, altitudeMetres: p.altitudeMetres,
                        timeIsReceipt: p.timeIsReceipt))
            }
        }
        return out.sorted { $0.time < $1.time }
    }

    @Sendable func trail(request: Request, context: AppRequestContext) async throws -> Response {
        let started = ContinuousClock.now
        let actor = try context.requireUser()
        let subject = try await Access(actor).visibleSubject(try context.parameters.require("id"), in: store)
        func time(_ name: String) throws -> Date? {
            guard let t = request.query(name) else { return nil }
            guard let d = ISOTime.parse(t) else { throw APIError.badRequest("INVALID_TIME", "\(name) must be an ISO-8601 time") }
            return d
        }
        let to = try time("to") ?? clock()
        let from = try time("from") ?? to.addingTimeInterval(-24 * 3600)
        guard from < to else { throw APIError.badRequest("END_BEFORE_START", "to must be after from") }
        let limit = Access(actor).maxTrailWindow
        guard to.timeIntervalSince(from) <= limit else {
            throw APIError.badRequest("WINDOW_TOO_LONG", "your role may read at most \(Int(limit / 3600)) hours of trail at a time")
        }
        let format = request.query("format") ?? "geojson"
        guard ["geojson", "gpx", "csv"].contains(format) else {
            throw APIError.badRequest("INVALID_FORMAT", "format must be geojson, gpx or csv")
        }
        let fixes = try await Self.fixes(subjectId: subject.id, from: from, to: to, store: store)
        // How long the answer took (request to fixes in hand): the service statistics report it from the audit.
        let elapsed = ContinuousClock.now - started
        let ms = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        try await auditor.record(
            actor, "read", "trail", subject.id, purpose: request.query("purpose"),
            detail: "from=\(ISOTime.format(from)) to=\(ISOTime.format(to)) fixes=\(fixes.count) format=\(format) ms=\(String(format: "%.1f", ms))")
        var headers = HTTPFields()
        let body: String
        switch format {
        case "gpx":
            headers[.contentType] = "application/gpx+xml"
            body = Self.gpx(fixes, name: subject.id)
        case "csv":
            headers[.contentType] = "text/csv; charset=utf-8"
            body = Self.csv(fixes)
        default:
            headers[.contentType] = "application/geo+json"
            body = try Self.geoJSON(fixes)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func number(_ d: Double) -> String { String(format: "%.6f", d) }

    /// A fix's GeoJSON properties (its position is the geometry). `accuracyMetres` is absent when the device did
    /// not say; `timeIsReceipt` is present (true) only when the device sent no time.
    struct FixProperties: Encodable, Sendable {
        var time: Date
        var accuracyMetres: Double?
        var source: String
        var deviceId: String
        var speed: Double?
        var altitudeMetres: Double?
        var timeIsReceipt: Bool?
    }

    static func geoJSON(_ fixes: [Fix]) throws -> String {
        let collection = GeoJSONFeatureCollection(
            features: fixes.map {
                GeoJSONFeature(
                    geometry: .point(Coordinate(lat: $0.lat, lon: $0.lon)),
                    properties: FixProperties(
                        time: $0.time, accuracyMetres: $0.accuracyMetres, source: $0.source, deviceId: $0.deviceId, speed: $0.speed,
                        altitudeMetres: $0.altitudeMetres, timeIsReceipt: $0.timeIsReceipt ? true : nil))
            })
        return String(decoding: try APIJSON.encoder().encode(collection), as: UTF8.self)
    }

    static func gpx(_ fixes: [Fix], name: String) -> String {
        var s = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        s += "<gpx version=\"1.1\" creator=\"OpenEM\" xmlns=\"http://www.topografix.com/GPX/1/1\" xmlns:openem=\"https://openem.org/gpx/1\">\n"
        s += "<trk><name>\(name)</name><trkseg>\n"
        for f in fixes {
            s += "<trkpt lat=\"\(number(f.lat))\" lon=\"\(number(f.lon))\">"
            if let altitude = f.altitudeMetres { s += "<ele>\(altitude)</ele>" }  // GPX puts ele before time
            s += "<time>\(ISOTime.format(f.time))</time>"
            s += "<src>\(f.source)</src><extensions>"
            if let accuracy = f.accuracyMetres { s += "<openem:accuracyMetres>\(accuracy)</openem:accuracyMetres>" }
            if f.timeIsReceipt { s += "<openem:timeIsReceipt>true</openem:timeIsReceipt>" }
            s += "</extensions></trkpt>\n"
        }
        return s + "</trkseg></trk>\n</gpx>\n"
    }

    static func csv(_ fixes: [Fix]) -> String {
        var s = "time,lat,lon,accuracyMetres,source,speed,deviceId\n"
        for f in fixes {
            s +=
                "\(ISOTime.format(f.time)),\(number(f.lat)),\(number(f.lon)),\(f.accuracyMetres.map { "\($0)" } ?? ""),\(f.source),"
                + "\(f.speed.map { "\($0)" } ?? ""),\(f.deviceId)\n"
        }
        return s
    }
}
