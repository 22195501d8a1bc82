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

    public init(id: EntityID = newEntityID(), userId: EntityID, purpose: String, reference: String, from: Date, to: Date,
                forceArea: String?, resultCount: Int, createdAt: Date) {
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
    func insertAreaSearch(_ search: AreaSearchRecord) async throws

    /// Devices with a position fix in the box during [from, to], from the space-time index (cells of about a
    /// kilometre by an hour), so a search reads only the fixes that can matter.
    func devicesNear(_ box: BoundingBox, from: Date, to: Date) async throws -> [EntityID]
    /// Position fixes of many devices in [from, to), per device in time order: the lean read behind searches.
    func positionFixes(deviceIds: [EntityID], from: Date, to: Date) async throws -> [EntityID: [TrailPoint]]
    /// The installations of many devices at once (a search's candidates).
    func installations(deviceIds: [EntityID]) async throws -> [Installation]
}

/// The space-time index's cells: 0.01 degree of latitude (1.1 km) by 1/60 degree of longitude (1.1 km in
/// southern England) by one hour.
public enum SpaceTimeCell {
    public static func cell(lat: Double, lon: Double) -> Int64 {
        Int64((lat + 90) * 100) * 100_000 + Int64((lon + 180) * 60)
    }

    public static func hour(_ t: Date) -> Int64 { Int64((t.timeIntervalSince1970 / 3600).rounded(.down)) }

    public static func cells(covering box: BoundingBox) -> [Int64] {
        var out: [Int64] = []
        let latCells = Int64((box.minLat + 90) * 100)...Int64((box.maxLat + 90) * 100)
        let lonCells = Int64((box.minLon + 180) * 60)...Int64((box.maxLon + 180) * 60)
        for a in latCells { for o in lonCells { out.append(a * 100_000 + o) } }
        return out
    }
}
