import Crypto
import Foundation

/// A purpose that extracts are made for, with the key their pseudonyms are computed under. The same key gives a
/// person the same pseudonym in every extract of the project, and in a partner's data pseudonymised with it; every
/// other project has its own key, so extracts of two projects cannot be joined on the pseudonym.
public struct ExtractProject: Codable, Sendable, Hashable {
    public var id: EntityID
    public var name: String
    public var purpose: String
    /// Rows in groups of quasi-identifier values smaller than this are suppressed.
    public var k: Int
    /// The 256-bit linkage key, hex. Shown once when the project is made; kept to pseudonymise later extracts.
    public var linkageKey: String
    public var createdAt: Date
    public var createdBy: EntityID

    public init(
        id: EntityID = newEntityID(), name: String, purpose: String, k: Int, linkageKey: String, createdAt: Date,
        createdBy: EntityID
    ) {
        self.id = id
        self.name = name
        self.purpose = purpose
        self.k = k
        self.linkageKey = linkageKey
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    public static let defaultK = 5

    /// A fresh random 256-bit key, hex.
    public static func newLinkageKey() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Hex.string($0) }
    }
}

/// An extract as made: what was asked for, what it holds, and its CSV, kept until it expires.
public struct StoredExtract: Codable, Sendable, Hashable {
    public var id: EntityID
    public var projectId: EntityID
    public var purpose: String
    /// The period, calendar days "yyyy-MM-dd", inclusive.
    public var from: String
    public var to: String
    public var cohort: Cohort?
    public var orderType: OrderType?
    public var rows: Int
    public var suppressedRows: Int
    public var columns: [String]
    public var k: Int
    public var createdAt: Date
    public var createdBy: EntityID
    public var expiresAt: Date
    public var csv: String

    public init(
        id: EntityID = newEntityID(), projectId: EntityID, purpose: String, from: String, to: String, cohort: Cohort?,
        orderType: OrderType?, rows: Int, suppressedRows: Int, columns: [String], k: Int, createdAt: Date, createdBy: EntityID,
        expiresAt: Date, csv: String
    ) {
        self.id = id
        self.projectId = projectId
        self.purpose = purpose
        self.from = from
        self.to = to
        self.cohort = cohort
        self.orderType = orderType
        self.rows = rows
        self.suppressedRows = suppressedRows
        self.columns = columns
        self.k = k
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.expiresAt = expiresAt
        self.csv = csv
    }

    /// How long an extract can be downloaded.
    public static let lifetime: TimeInterval = 30 * 86_400
}
