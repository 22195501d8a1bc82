import Foundation
import Geo

/// Reads the MoJ crime-mapping CSV: no header, 13 columns (force, crime type, type description, batch id,
/// reference, from, to, easting, northing, latitude, longitude, datum, free text), times `yyyyMMddHHmmss` UTC.
/// Every bad row gets a code, a message and the action the force should take; good rows are kept.
public enum CrimeBatchParser {
    public struct Row: Sendable, Hashable {
        public var row: Int
        public var force: PoliceForce
        public var batchRef: String
        public var type: CrimeType
        public var description: String
        public var reference: String
        public var from: Date
        public var to: Date
        public var location: Coordinate
        public var easting: Double?
        public var northing: Double?
        public var freeText: String
    }

    public struct Result: Sendable {
        public var rows: [Row]
        public var errors: [CrimeRowError]
        /// The file's force and batch id (from the first row that gives valid ones).
        public var force: PoliceForce?
        public var batchRef: String?
        public var lineCount: Int

        public var status: CrimeBatchStatus {
            rows.isEmpty ? .failed : errors.isEmpty ? .successful : .partial
        }
    }

    public static let maxWindowSeconds: TimeInterval = 12 * 3600

    /// Splits CSV text into records of fields (RFC 4180 quoting; a leading byte-order mark is ignored).
    public static func records(_ text: String) -> [[String]] {
        var out: [[String]] = []
        var field = "", record: [String] = []
        var quoted = false, atFieldStart = true
        var chars = Array(text.unicodeScalars)
        if chars.first == "\u{FEFF}" { chars.removeFirst() }
        var i = 0
        func endRecord() {
            record.append(field)
            if !(record.count == 1 && record[0].trimmingCharacters(in: .whitespaces).isEmpty) { out.append(record) }
            record = []
            field = ""
            atFieldStart = true
        }
        while i < chars.count {
            let c = chars[i]
            if quoted {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && atFieldStart {
                quoted = true
                atFieldStart = false
            } else if c == "," {
                record.append(field)
                field = ""
                atFieldStart = true
            } else if c == "\n" || c == "\r" {
                if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
                endRecord()
            } else {
                field.unicodeScalars.append(c)
                atFieldStart = false
            }
            i += 1
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        return out
    }

    static func time(_ s: String) -> Date? {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard t.count == 14, t.allSatisfy(\.isASCII), t.allSatisfy(\.isNumber) else { return nil }
        let iso =
            "\(t.prefix(4))-\(t.dropFirst(4).prefix(2))-\(t.dropFirst(6).prefix(2))T\(t.dropFirst(8).prefix(2)):\(t.dropFirst(10).prefix(2))"
            + ":\(t.dropFirst(12).prefix(2))Z"
        return ISOTime.parse(iso)
    }

    public static func parse(_ text: String) -> Result {
        var result = Result(rows: [], errors: [], force: nil, batchRef: nil, lineCount: 0)
        var seen = Set<String>()
        let records = records(text)
        result.lineCount = records.count
        for (index, fields) in records.enumerated() {
            let n = index + 1
            func fail(_ code: String, _ message: String, _ action: String) {
                result.errors.append(CrimeRowError(row: n, code: code, message: message, action: action))
            }
            guard fields.count == 13 else {
                fail(
                    "WRONG_COLUMN_COUNT", "row has \(fields.count) columns; the format has 13",
                    "Export the row again in the 13-column format, with empty fields for what is not known.")
                continue
            }
            let f = fields.map { $0.trimmingCharacters(in: .whitespaces) }
            guard let force = PoliceForce.all.first(where: { $0.id == f[0] || $0.code == f[0] }) else {
                fail("UNKNOWN_FORCE", "'\(f[0])' is not a police force", "Use the force name from the published list, e.g. Metropolitan.")
                continue
            }
            if let first = result.force, first != force {
                fail(
                    "FORCE_MISMATCH", "row is for \(force.id) but the file is for \(first.id)",
                    "Send one file per force.")
                continue
            }
            let batch = f[3]
            guard batch.count == force.code.count + 8, batch.hasPrefix(force.code),
                time(String(batch.dropFirst(force.code.count)) + "000000") != nil
            else {
                fail(
                    "INVALID_BATCH_ID", "batch id '\(batch)' is not the force code \(force.code) followed by yyyyMMdd",
                    "Set the batch id to \(force.code) and the submission date, e.g. \(force.code)20261120.")
                continue
            }
            if let first = result.batchRef, first != batch {
                fail("BATCH_ID_MISMATCH", "batch id '\(batch)' differs from the file's '\(first)'", "Send one batch per file.")
                continue
            }
            guard let type = CrimeType(rawValue: f[1]) else {
                fail(
                    "UNKNOWN_CRIME_TYPE", "crime type '\(f[1])' is not one of \(CrimeType.allCases.map(\.rawValue).joined(separator: ", "))",
                    "Use one of the published crime type codes.")
                continue
            }
            guard !f[4].isEmpty else {
                fail("MISSING_REFERENCE", "the crime reference is empty", "Give the force's crime reference.")
                continue
            }
            if let long = TextLimits.check("reference", f[4], max: TextLimits.crimeReference) {
                fail(long.code, long.message, "Give the force's crime reference, at most \(TextLimits.crimeReference) characters.")
                continue
            }
            if let long = TextLimits.check("free text", fields[12]) {
                fail(long.code, long.message, "Shorten the free text to at most \(TextLimits.freeText) characters.")
                continue
            }
            guard !seen.contains(f[4]) else {
                fail(
                    "DUPLICATE_REFERENCE", "crime reference \(f[4]) appears twice in the file",
                    "Send each crime once; a correction goes in a later batch.")
                continue
            }
            guard !f[5].isEmpty, !f[6].isEmpty else {
                fail("MISSING_DATES", "the from and to times are required", "Give both times as yyyyMMddHHmmss in UTC.")
                continue
            }
            guard let from = time(f[5]) else {
                fail("INVALID_FROM", "from '\(f[5])' is not yyyyMMddHHmmss", "Give the time as yyyyMMddHHmmss in UTC.")
                continue
            }
            guard let to = time(f[6]) else {
                fail("INVALID_TO", "to '\(f[6])' is not yyyyMMddHHmmss", "Give the time as yyyyMMddHHmmss in UTC.")
                continue
            }
            guard to >= from else {
                fail("TO_BEFORE_FROM", "to is before from", "Check the two times; to must not be before from.")
                continue
            }
            guard to.timeIntervalSince(from) <= maxWindowSeconds else {
                fail(
                    "WINDOW_TOO_LONG", "the window is \(Int(to.timeIntervalSince(from) / 3600)) hours; at most 12 are matched",
                    "Narrow the window to 12 hours or less, or split the crime.")
                continue
            }
            let grid = (f[7], f[8]), wgs = (f[9], f[10])
            let hasGrid = !grid.0.isEmpty || !grid.1.isEmpty, hasWGS = !wgs.0.isEmpty || !wgs.1.isEmpty
            if hasGrid && hasWGS {
                fail(
                    "BOTH_COORDINATE_PAIRS", "both easting/northing and latitude/longitude are given",
                    "Give exactly one pair: British National Grid or WGS84.")
                continue
            }
            if !hasGrid && !hasWGS {
                fail("NO_COORDINATES", "no location is given", "Give easting and northing, or latitude and longitude.")
                continue
            }
            if (hasGrid && (grid.0.isEmpty || grid.1.isEmpty)) || (hasWGS && (wgs.0.isEmpty || wgs.1.isEmpty)) {
                fail("HALF_COORDINATE_PAIR", "only half of a coordinate pair is given", "Give both values of the pair.")
                continue
            }
            let location: Coordinate
            var easting: Double?, northing: Double?
            if hasGrid {
                guard let e = Double(grid.0), let nn = Double(grid.1), e.isFinite, nn.isFinite else {
                    fail("INVALID_COORDINATE", "easting/northing must be numbers of metres", "Give the grid reference in metres.")
                    continue
                }
                guard BritishNationalGrid.isInGreatBritain(easting: e, northing: nn) else {
                    fail("OUTSIDE_GREAT_BRITAIN", "E\(grid.0) N\(grid.1) is outside Great Britain", "Check the grid reference.")
                    continue
                }
                easting = e
                northing = nn
                location = BritishNationalGrid.toWGS84(easting: e, northing: nn)
            } else {
                guard let lat = Double(wgs.0), let lon = Double(wgs.1), lat.isFinite, lon.isFinite else {
                    fail("INVALID_COORDINATE", "latitude/longitude must be decimal degrees", "Give decimal degrees (WGS84).")
                    continue
                }
                guard (49.8...60.9).contains(lat), (-8.7...1.9).contains(lon) else {
                    fail(
                        "OUTSIDE_GREAT_BRITAIN", "\(wgs.0), \(wgs.1) is outside Great Britain",
                        "Check the coordinates (latitude first) and that they are WGS84.")
                    continue
                }
                location = Coordinate(lat: lat, lon: lon)
            }
            seen.insert(f[4])
            result.force = result.force ?? force
            result.batchRef = result.batchRef ?? batch
            result.rows.append(
                Row(
                    row: n, force: force, batchRef: batch, type: type, description: f[2], reference: f[4],
                    from: from, to: to, location: location, easting: easting, northing: northing,
                    freeText: fields[12]))
        }
        return result
    }
}
