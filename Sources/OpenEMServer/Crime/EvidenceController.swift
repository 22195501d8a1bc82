import Crypto
import Foundation
import Geo
import Hummingbird
import OpenEMCore

/// `GET /api/v1/crimes/{id}/evidence?subjectId=&format=html|csv|geojson`: the evidence pack for one crime and
/// one matched wearer. The HTML is printable and self-contained (the map is SVG drawn here, no tile server); it
/// states that a match is not proof, shows the gaps in the data, the algorithm version, and the SHA-256 of the
/// raw positions it rests on. Every export is audited.
struct EvidenceController {
    let store: any OpenEMStore
    let auditor: Auditor
    static let vicinityMetres = 1_000.0
    static let gapSeconds: TimeInterval = 5 * 60

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("crimes/:id/evidence", use: evidence)
    }

    struct Position {
        var time: Date
        var lat: Double
        var lon: Double
        /// nil: the device did not say.
        var accuracy: Double?
        var distance: Double
        var label: String
    }

    @Sendable func evidence(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireUser()
        let crime = try await Access(actor).visibleCrime(try context.parameters.require("id"), in: store)
        guard let subjectId = request.query("subjectId") else {
            throw APIError.badRequest("SUBJECT_REQUIRED", "give the subjectId of a matched wearer")
        }
        guard let match = try await store.matches(crimeId: crime.id).first(where: { $0.subjectId == subjectId }) else {
            throw APIError.badRequest("NOT_MATCHED", "this wearer is not matched to this crime")
        }
        let format = request.query("format") ?? "html"
        guard ["html", "csv", "geojson"].contains(format) else {
            throw APIError.badRequest("INVALID_FORMAT", "format must be html, csv or geojson")
        }
        // The window and 10 minutes either side, widened to the fixes either side of a gap the match rests on.
        let labelled = match.passes.flatMap(\.positions).map(\.time)
        let from = min(crime.from.addingTimeInterval(-600), labelled.min() ?? .distantFuture)
        let to = max(crime.to.addingTimeInterval(600), labelled.max() ?? .distantPast)
        let fixes = try await TrailController.fixes(subjectId: subjectId, from: from, to: to.addingTimeInterval(1), store: store)
        var labels: [Date: String] = [:]
        for p in match.passes { for pos in p.positions { labels[pos.time] = pos.label } }
        let positions = fixes.compactMap { f -> Position? in
            let d = Geodesic.distance(crime.location, Coordinate(lat: f.lat, lon: f.lon))
            guard d <= Self.vicinityMetres || labels[f.time] != nil else { return nil }
            return Position(time: f.time, lat: f.lat, lon: f.lon, accuracy: f.accuracyMetres, distance: d, label: labels[f.time] ?? "")
        }
        var gaps: [(Date, Date)] = []
        var last = from
        for f in fixes + [TrailController.Fix(time: to, lat: 0, lon: 0, accuracyMetres: nil, source: "", speed: nil, deviceId: "")] {
            if f.time.timeIntervalSince(last) > Self.gapSeconds { gaps.append((last, f.time)) }
            last = max(last, f.time)
        }
        // The hash covers every raw fix in the window, so anyone holding the data can check the pack against it.
        let raw = fixes.map {
            "\(ISOTime.format($0.time)),\($0.lat),\($0.lon),\($0.accuracyMetres.map { "\($0)" } ?? ""),\($0.source),\($0.deviceId)"
        }
        .joined(separator: "\n")
        let digest = Hex.string(SHA256.hash(data: Data(raw.utf8)))
        try await auditor.record(
            actor, "export", "evidence", crime.id,
            detail: "subject=\(subjectId) format=\(format) positions=\(positions.count)")
        var headers = HTTPFields()
        let body: String
        switch format {
        case "csv":
            headers[.contentType] = "text/csv; charset=utf-8"
            // The crime's reference and free text ride on every row (added columns, after the original six), so a row
            // read alone still says which crime it is evidence for.
            body =
                "label,time,lat,lon,accuracyMetres,distanceMetres,crimeReference,crimeFreeText\n"
                + positions.map {
                    "\($0.label),\(ISOTime.format($0.time)),\($0.lat),\($0.lon),\($0.accuracy.map { "\($0)" } ?? ""),"
                        + "\(Int($0.distance.rounded())),\(Self.csvField(crime.reference)),\(Self.csvField(crime.freeText))"
                }.joined(separator: "\n") + "\n"
        case "geojson":
            headers[.contentType] = "application/geo+json"
            body = try Self.geoJSON(crime: crime, match: match, positions: positions, digest: digest)
        default:
            headers[.contentType] = "text/html; charset=utf-8"
            body = html(crime: crime, match: match, positions: positions, gaps: gaps, digest: digest, fixCount: fixes.count)
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    /// A feature of the evidence GeoJSON: the crime (its reference and radius) or one of the positions near it.
    struct EvidenceProperties: Encodable, Sendable {
        var kind: String
        var reference: String?
        var freeText: String?
        var radiusMetres: Double?
        var label: String?
        var time: Date?
        var accuracyMetres: Double?
        var distanceMetres: Int?
    }

    /// What the pack as a whole rests on: the matching algorithm's version and the digest of the raw fixes.
    struct EvidenceCollectionProperties: Encodable, Sendable {
        var algorithm: String
        var sha256: String
    }

    static func geoJSON(crime: Crime, match: CrimeMatchRecord, positions: [Position], digest: String) throws -> String {
        let scene = GeoJSONFeature(
            geometry: .point(crime.location),
            properties: EvidenceProperties(
                kind: "crime", reference: crime.reference, freeText: crime.freeText, radiusMetres: CrimeIntake.radiusMetres))
        let near = positions.map {
            GeoJSONFeature(
                geometry: .point(Coordinate(lat: $0.lat, lon: $0.lon)),
                properties: EvidenceProperties(
                    kind: "position", label: $0.label, time: $0.time, accuracyMetres: $0.accuracy,
                    distanceMetres: Int($0.distance.rounded())))
        }
        let collection = GeoJSONFeatureCollection(
            features: [scene] + near, properties: EvidenceCollectionProperties(algorithm: match.algorithm, sha256: digest))
        return String(decoding: try APIJSON.encoder().encode(collection), as: UTF8.self)
    }

    /// A CSV field, quoted when it holds a comma, quote or line break (RFC 4180).
    static func csvField(_ s: String) -> String {
        CSVText.field(s)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// An SVG map in metres around the crime: the radius, confidence circles, the path and the labels.
    static func svg(crime: Crime, positions: [Position]) -> String {
        let projection = LocalProjection(origin: crime.location)
        let points = positions.map { projection.project(Coordinate(lat: $0.lat, lon: $0.lon)) }
        var extent = CrimeIntake.radiusMetres * 2
        for (p, pos) in zip(points, positions) { extent = max(extent, abs(p.x) + (pos.accuracy ?? 0), abs(p.y) + (pos.accuracy ?? 0)) }
        extent = min(extent * 1.1, Self.vicinityMetres * 1.2)
        let size = 560.0, scale = size / (2 * extent)
        func x(_ v: Double) -> String { String(format: "%.1f", size / 2 + v * scale) }
        func y(_ v: Double) -> String { String(format: "%.1f", size / 2 - v * scale) }
        var s =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size))\" height=\"\(Int(size) + 30)\" role=\"img\" aria-label=\"Map of the "
            + "crime location and nearby positions\">"
        s += "<rect width=\"\(Int(size))\" height=\"\(Int(size))\" fill=\"#f3f2f1\" stroke=\"#b1b4b6\"/>"
        s +=
            "<circle cx=\"\(x(0))\" cy=\"\(y(0))\" r=\"\(String(format: "%.1f", CrimeIntake.radiusMetres * scale))\" fill=\"#d4351c\" "
            + "fill-opacity=\"0.12\" stroke=\"#d4351c\"/>"
        s += "<path d=\"M \(x(-6)) \(y(0)) L \(x(6)) \(y(0)) M \(x(0)) \(y(-6)) L \(x(0)) \(y(6))\" stroke=\"#d4351c\" stroke-width=\"3\"/>"
        for (p, pos) in zip(points, positions) {
            s +=
                "<circle cx=\"\(x(p.x))\" cy=\"\(y(p.y))\" r=\"\(String(format: "%.1f", max(1, (pos.accuracy ?? 0) * scale)))\" fill=\"#1d70b8\" "
                + "fill-opacity=\"0.08\" stroke=\"#1d70b8\" stroke-opacity=\"0.5\"/>"
        }
        if points.count > 1 {
            s +=
                "<polyline fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"1.5\" points=\""
                + points.map { "\(x($0.x)),\(y($0.y))" }.joined(separator: " ") + "\"/>"
        }
        for (p, pos) in zip(points, positions) {
            s += "<circle cx=\"\(x(p.x))\" cy=\"\(y(p.y))\" r=\"3\" fill=\"#0b0c0c\"/>"
            if !pos.label.isEmpty { s += "<text x=\"\(x(p.x))\" y=\"\(y(p.y))\" dx=\"5\" dy=\"-5\" font-size=\"13\">\(pos.label)</text>" }
        }
        // Scale bar: 100 m.
        let bar = 100 * scale
        s +=
            "<path d=\"M 10 \(Int(size) + 20) h \(String(format: "%.1f", bar))\" stroke=\"#0b0c0c\" stroke-width=\"3\"/><text "
            + "x=\"\(String(format: "%.1f", 15 + bar))\" y=\"\(Int(size) + 25)\" font-size=\"13\">100 m</text>"
        return s + "</svg>"
    }

    func html(crime: Crime, match: CrimeMatchRecord, positions: [Position], gaps: [(Date, Date)], digest: String, fixCount: Int) -> String {
        let e = Self.escape
        var s =
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Evidence pack "
            + "\(e(crime.reference))</title>"
        s +=
            "<style>body{font:15px/1.4 Arial,sans-serif;margin:2em;color:#0b0c0c}table{border-collapse:collapse}td,th{border:1px solid "
            + "#b1b4b6;padding:.2em .5em;text-align:left}.warn{border-left:6px solid #d4351c;padding:.5em "
            + "1em;background:#fdf1ef}</style></head><body>"
        s += "<h1>Location evidence: crime \(e(crime.reference)) (\(e(crime.forceArea)), version \(crime.version))</h1>"
        s += "<p class=\"warn\"><strong>A match is not proof.</strong> It shows that the tag's recorded positions were near the place "
        s += "during the window, allowing for each position's stated accuracy, or that the wearer could have been there during a gap in "
        s += "the data. It does not show who committed the crime. Positions are estimates with the confidence radius shown; gaps in the "
        s += "data are listed below.</p>"
        s += "<h2>The crime</h2><table><tr><th>Type</th><td>\(e(crime.type.rawValue)) \(e(crime.description))</td></tr>"
        s += "<tr><th>Free text</th><td>\(e(crime.freeText))</td></tr>"
        s += "<tr><th>Window</th><td>\(ISOTime.format(crime.from)) to \(ISOTime.format(crime.to)) (UTC)</td></tr>"
        s += "<tr><th>Location</th><td>\(String(format: "%.6f, %.6f", crime.location.lat, crime.location.lon))"
        if let ea = crime.easting, let no = crime.northing { s += " (submitted as E\(Int(ea)) N\(Int(no)), British National Grid)" }
        s += "</td></tr><tr><th>Radius</th><td>\(Int(CrimeIntake.radiusMetres)) m</td></tr></table>"
        s += "<h2>The match</h2><table><tr><th>Wearer</th><td>\(e(match.subjectId))</td></tr><tr><th>Kind</th><td>\(match.kind.rawValue)</td></tr>"
        s += "<tr><th>Closest</th><td>\(Int(match.closestMetres.rounded())) m after allowing for accuracy</td></tr>"
        s +=
            "<tr><th>Passes</th><td>"
            + match.passes.map { "\($0.label): \(ISOTime.format($0.enter)) to \(ISOTime.format($0.exit)), \($0.kind.rawValue)" }.joined(
                separator: "<br>") + "</td></tr>"
        s += "<tr><th>Algorithm</th><td>\(e(match.algorithm)) (see docs/matching.md)</td></tr></table>"
        s += "<h2>Map</h2>" + Self.svg(crime: crime, positions: positions)
        s +=
            "<h2>Positions within \(Int(Self.vicinityMetres)) m</h2><table><tr><th>Label</th><th>Time "
            + "(UTC)</th><th>Latitude</th><th>Longitude</th><th>Accuracy (m)</th><th>Distance (m)</th></tr>"
        for p in positions {
            s +=
                "<tr><td>\(p.label)</td><td>\(ISOTime.format(p.time))</td><td>\(String(format: "%.6f", p.lat))</td><td"
                + ">\(String(format: "%.6f", p.lon))</td><td>\(p.accuracy.map { "\(Int($0))" } ?? "unknown")</td>"
                + "<td>\(Int(p.distance.rounded()))</td></tr>"
        }
        s += "</table><h2>Gaps in the data (over 5 minutes)</h2>"
        s +=
            gaps.isEmpty
            ? "<p>None between \(ISOTime.format(crime.from.addingTimeInterval(-600))) and \(ISOTime.format(crime.to.addingTimeInterval(600))).</p>"
            : "<ul>" + gaps.map { "<li>\(ISOTime.format($0.0)) to \(ISOTime.format($0.1))</li>" }.joined() + "</ul>"
        s +=
            "<h2>Integrity</h2><p>SHA-256 of the \(fixCount) raw positions of the window (one line per fix: time, lat, lon, accuracy, source, "
            + "device): <code>\(digest)</code></p>"
        return s + "</body></html>"
    }
}
