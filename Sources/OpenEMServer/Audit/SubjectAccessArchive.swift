import Foundation
import Geo
import OpenEMCore
import ZIPFoundation

/// Everything OpenEM holds on one person, for a subject access request (UK GDPR art. 15, DPA 2018 s.45): their record,
/// address checks, every version of every order and the zones it named, fittings, every message their tags sent
/// (positions also as GeoJSON), violations, alerts, enforcement cases, the crime matches that name them, and every audit
/// entry about them (who looked at their location and why), with the data dictionary to say what each field means.
/// Built as a ZIP in memory.
enum SubjectAccessArchive {
    /// The files, by name in the archive.
    static func files(subject: Subject, store: any OpenEMStore, generatedAt: Date, reference: String?) async throws -> [(String, Data)] {
        let json = APIJSON.encoder()
        var files: [(String, Data)] = []
        func add<T: Encodable>(_ name: String, _ value: T) throws { files.append((name, try json.encode(value))) }
        try add("subject.json", subject)
        try add("address-checks.json", try await store.addressChecks(subjectId: subject.id))
        var versions: [Order] = []
        for o in try await store.orders(subjectId: subject.id) { versions += try await store.orderVersions(id: o.id) }
        try add("orders.json", versions)
        let installations = try await store.installations(subjectId: subject.id)
        try add("installations.json", installations)
        let violations = try await store.violations(ViolationQuery(subjectIds: [subject.id], limit: 1_000_000))
        try add("violations.json", violations)
        try add("alerts.json", try await store.alerts(AlertQuery(subjectId: subject.id, limit: 1_000_000)))
        try add("enforcement-cases.json", try await store.enforcementCases(subjectIds: [subject.id], openOnly: false))
        try add("crime-matches.json", try await store.matches(subjectId: subject.id))
        // The places their orders named: every zone of every version, as GeoJSON.
        var zones: [GeoJSONFeature<ZoneProperties>] = []
        for o in versions {
            for c in o.conditions {
                guard case .zone(let z) = c.rule else { continue }
                zones.append(
                    GeoJSONFeature(
                        geometry: z.geometry,
                        properties: ZoneProperties(
                            orderId: o.id, orderVersion: o.version, conditionId: c.id, kind: z.kind.rawValue, name: z.name,
                            radiusMetres: z.radiusMetres, bufferMetres: z.bufferMetres)))
            }
        }
        try add("zones.geojson", GeoJSONFeatureCollection<ZoneProperties, String>(features: zones, properties: nil))

        // Every message of their tags while fitted to them, paged through in event time.
        var messages: [LoggedTelemetry] = []
        for i in installations {
            var from = i.installedAt
            let to = i.removedAt ?? generatedAt.addingTimeInterval(1)
            var seen = Set<Int64>()
            while from < to {
                let page = try await store.telemetry(deviceIds: [i.deviceId], from: from, to: to, limit: 50_000)
                let fresh = page.filter { seen.insert($0.message.seq).inserted }
                messages += fresh
                guard page.count == 50_000, let last = page.last?.message.time, !fresh.isEmpty else { break }
                from = last
            }
        }
        messages.sort { ($0.message.time, $0.message.seq) < ($1.message.time, $1.message.seq) }
        files.append(("telemetry.csv", Data(telemetryCSV(messages).utf8)))
        let fixes = messages.compactMap { m -> TrailController.Fix? in
            guard case .position(let p) = m.message.payload else { return nil }
            return TrailController.Fix(
                time: m.message.time, lat: p.coordinate.lat, lon: p.coordinate.lon, accuracyMetres: p.accuracyMetres,
                source: p.source.rawValue, speed: p.speed, deviceId: m.message.deviceId, altitudeMetres: p.altitudeMetres,
                timeIsReceipt: p.timeIsReceipt)
        }
        files.append(("positions.geojson", Data(try TrailController.geoJSON(fixes).utf8)))

        // Every audit entry about them: each view of their record or location, by whom and why.
        var audit: [AuditEntry] = []
        var after: Int64 = 0
        while true {
            let page = try await store.auditEntries(from: nil, to: nil, actorId: nil, afterSeq: after, limit: 10_000)
            audit += page.filter { $0.record.resourceId == subject.id }
            guard page.count == 10_000, let last = page.last?.seq else { break }
            after = last
        }
        files.append(("audit.csv", Data(auditCSV(audit).utf8)))
        files.append(("data-dictionary.csv", Data(DataDictionaryController.csv().utf8)))
        files.append(("README.txt", Data(readme(subject, generatedAt: generatedAt, reference: reference, files: files.map(\.0)).utf8)))
        return files
    }

    struct ZoneProperties: Encodable, Sendable {
        var orderId: String
        var orderVersion: Int
        var conditionId: String
        var kind: String
        var name: String
        var radiusMetres: Double?
        var bufferMetres: Double?
    }

    static func telemetryCSV(_ messages: [LoggedTelemetry]) -> String {
        var out = CSVText.record(["deviceId", "seq", "time", "receivedAt", "type", "lat", "lon", "accuracyMetres", "value", "detail"])
        for m in messages {
            let f = TelemetryFields(m.message.payload)
            let (value, detail): (String, String) =
                switch m.message.payload {
                case .position(let p): ("", p.source.rawValue)
                case .rf(let inRange): ("", inRange ? "in range" : "out of range")
                case .alcohol(let a): (String(a.tac), "TAC g/dL")
                case .tamper(let k): ("", k.rawValue)
                case .battery(let level, let charging): (String(level), charging ? "charging" : "")
                case .heartbeat: ("", "")
                case .unlocated(let u): ("", "\(u.cells) cells, \(u.wifiAccessPoints) Wi-Fi access points")
                }
            out += CSVText.record([
                m.message.deviceId, String(m.message.seq), ISOTime.format(m.message.time), ISOTime.format(m.receivedAt),
                m.message.payload.typeName, f.lat.map { String($0) } ?? "", f.lon.map { String($0) } ?? "",
                f.acc.map { String($0) } ?? "", value, detail,
            ])
        }
        return out
    }

    static func auditCSV(_ entries: [AuditEntry]) -> String {
        var out = CSVText.record(["seq", "at", "actorId", "actorRole", "action", "resourceType", "purpose", "reference", "outcome", "detail"])
        for e in entries {
            let r = e.record
            out += CSVText.record([
                String(e.seq), ISOTime.format(r.at), r.actorId, r.actorRole, r.action, r.resourceType, r.purpose ?? "", r.reference ?? "",
                r.outcome.rawValue, r.detail ?? "",
            ])
        }
        return out
    }

    static func readme(_ s: Subject, generatedAt: Date, reference: String?, files: [String]) -> String {
        """
        Subject access request: everything OpenEM holds on \(s.firstName) \(s.lastName) (record \(s.id)).
        Generated \(ISOTime.format(generatedAt))\(reference.map { " for request \($0)" } ?? "").
        The data dictionary (data-dictionary.csv, version \(DataDictionary.version)) says what every field means,
        whether it is personal data and how long it is kept.

        \(files.map { "- " + $0 }.joined(separator: "\n"))
        - README.txt (this file)

        Positions are given with their confidence radius (accuracyMetres, the ~95% circle) where the device reported one.
        audit.csv lists every recorded view of and change to this person's record and location: who, when and why.
        """
    }

    /// The files as one ZIP (deflated).
    static func zip(_ files: [(String, Data)], at date: Date) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, data) in files {
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count), modificationDate: date, compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        return archive.data ?? Data()
    }
}
