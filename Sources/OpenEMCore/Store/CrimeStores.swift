import Foundation
import Geo

/// One wearer's match to one version of a crime.
public struct CrimeMatchRecord: Codable, Sendable, Hashable {
    public var crimeId: EntityID
    public var crimeVersion: Int
    public var subjectId: EntityID
    public var kind: MatchKind
    public var closestMetres: Double
    public var passes: [Pass]
    public var algorithm: String
    public var matchedAt: Date

    public init(crimeId: EntityID, crimeVersion: Int, subjectId: EntityID, match: PassMatch, matchedAt: Date) {
        self.crimeId = crimeId
        self.crimeVersion = crimeVersion
        self.subjectId = subjectId
        kind = match.kind
        closestMetres = match.closestMetres
        passes = match.passes
        algorithm = match.algorithm
        self.matchedAt = matchedAt
    }
}

/// A purpose-bound area-and-time search, kept as it was answered.
public struct AreaSearchRecord: Codable, Sendable, Hashable {
    public var id: EntityID
    public var userId: EntityID
    public var purpose: String
    public var reference: String
    public var from: Date
    public var to: Date
    public var forceArea: String?
    public var resultCount: Int
    public var createdAt: Date

    public init(
        id: EntityID = newEntityID(), userId: EntityID, purpose: String, reference: String, from: Date, to: Date,
        forceArea: String?, resultCount: Int, createdAt: Date
    ) {
        self.id = id
        self.userId = userId
        self.purpose = purpose
        self.reference = reference
        self.from = from
        self.to = to
        self.forceArea = forceArea
        self.resultCount = resultCount
        self.createdAt = createdAt
    }
}

public protocol CrimeStore: Sendable {
    /// Stores a batch and its crimes in one transaction; a crime whose (force, reference) exists becomes its next
    /// version. Returns the crimes as stored.
    func insertCrimeBatch(_ batch: CrimeBatch, crimes: [Crime]) async throws -> [Crime]
    func crimeBatch(id: EntityID) async throws -> CrimeBatch?
    func crimes(batchId: EntityID) async throws -> [Crime]
    func crime(id: EntityID) async throws -> Crime?
    /// Every version of a crime, oldest first.
    func crimeVersions(forceArea: String, reference: String) async throws -> [Crime]
    /// Replaces the matches of one crime version.
    func saveMatches(crimeId: EntityID, _ matches: [CrimeMatchRecord]) async throws
    func matches(crimeId: EntityID) async throws -> [CrimeMatchRecord]
    /// Every match that names a wearer, whichever crime (a subject access request lists them).
    func matches(subjectId: EntityID) async throws -> [CrimeMatchRecord]
    func insertAreaSearch(_ search: AreaSearchRecord) async throws

    /// Every device with a position fix in the box during [from, to), found through the space-time index (cells of
    /// about 500 m by 10 minutes) so that a search never scans: its fixes in the window in time order, and the
    /// installations that say who wore it then. So that a gap in a device's data is seen whole, each trail also
    /// holds the device's last fix before `from` when it has none in the window's first `edge`, and its first fix
    /// from `to` on when it has none in the last `edge` (each looked for up to `horizon` away); and devices that
    /// were in the box within `horizon` of the window but have no fix in it at all come with those two fixes.
    /// One read, so a search costs one round trip to the store.
    func deviceTrails(near box: BoundingBox, from: Date, to: Date, edge: TimeInterval, horizon: TimeInterval) async throws -> [DeviceTrail]
}

/// One device's positions over a search window, with who wore it.
public struct DeviceTrail: Sendable {
    public var deviceId: EntityID
    /// The device's installations that overlap the window.
    public var installations: [Installation]
    public var points: [TrailPoint]

    public init(deviceId: EntityID, installations: [Installation], points: [TrailPoint]) {
        self.deviceId = deviceId
        self.installations = installations
        self.points = points
    }

    /// Whether fixes read over [from, to) (in time order) leave a gap across the start that the fix before `from`
    /// would close: none in the first `edge`. (A gap ending earlier ends before the window the read was widened for.)
    public static func needsFixBefore(_ points: [TrailPoint], from: Date, edge: TimeInterval) -> Bool {
        points.first.map { $0.time >= from.addingTimeInterval(edge) } ?? true
    }

    /// The same at the end: no fix in the last `edge` before `to`.
    public static func needsFixAfter(_ points: [TrailPoint], to: Date, edge: TimeInterval) -> Bool {
        points.last.map { $0.time < to.addingTimeInterval(-edge) } ?? true
    }
}

/// The space-time index's keys: cells of 0.0045 degree of latitude (500 m) by 0.0072 degree of longitude (500 m in
/// southern England, 430 m in the north of Scotland), by 10-minute slots. A finer grid than a search's reach
/// keeps the candidates close to the devices that really were in the box in the window.
public enum SpaceTimeCell {
    public static let latStep = 0.0045, lonStep = 0.0072
    public static let slotSeconds = 600.0

    public static func cell(lat: Double, lon: Double) -> Int64 {
        Int64((lat + 90) / latStep) * 100_000 + Int64((lon + 180) / lonStep)
    }

    public static func slot(_ t: Date) -> Int64 { Int64((t.timeIntervalSince1970 / slotSeconds).rounded(.down)) }

    public static func cells(covering box: BoundingBox) -> [Int64] {
        var out: [Int64] = []
        let latCells = Int64((box.minLat + 90) / latStep)...Int64((box.maxLat + 90) / latStep)
        let lonCells = Int64((box.minLon + 180) / lonStep)...Int64((box.maxLon + 180) / lonStep)
        for a in latCells { for o in lonCells { out.append(a * 100_000 + o) } }
        return out
    }
}
