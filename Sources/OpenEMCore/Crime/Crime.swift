import Foundation
import Geo

/// The crime types of the MoJ crime-mapping CSV.
public enum CrimeType: String, Codable, Sendable, CaseIterable {
    case robbery = "RB"
    case burglaryDwelling = "BIAD"
    case aggravatedBurglary = "AB"
    case burglaryOther = "BOTD"
    case
        theftOfVehicle = "TOMV"
    case theftFromPerson = "TFP"
    case theftFromVehicle = "TFMV"
}

/// One crime as a force reported it. A crime is (force, reference); a resubmission is a new version.
public struct Crime: Codable, Sendable, Hashable {
    public var id: EntityID
    public var forceArea: String
    public var reference: String
    public var version: Int
    public var batchId: EntityID
    public var type: CrimeType
    public var description: String
    public var from: Date
    public var to: Date
    public var location: Coordinate
    /// The British National Grid position as submitted, when the row gave one.
    public var easting: Double?
    public var northing: Double?
    public var freeText: String
    public var createdAt: Date

    public init(
        id: EntityID = newEntityID(), forceArea: String, reference: String, version: Int = 1, batchId: EntityID,
        type: CrimeType, description: String, from: Date, to: Date, location: Coordinate, easting: Double?,
        northing: Double?, freeText: String, createdAt: Date
    ) {
        self.id = id
        self.forceArea = forceArea
        self.reference = reference
        self.version = version
        self.batchId = batchId
        self.type = type
        self.description = description
        self.from = from
        self.to = to
        self.location = location
        self.easting = easting
        self.northing = northing
        self.freeText = freeText
        self.createdAt = createdAt
    }
}

public enum CrimeBatchStatus: String, Codable, Sendable, CaseIterable {
    case successful = "SUCCESSFUL"
    case partial = "PARTIAL"
    case failed = "FAILED"
}

/// A problem with one row, with what the force should do about it.
public struct CrimeRowError: Codable, Sendable, Hashable {
    public var row: Int
    public var code: String
    public var message: String
    public var action: String

    public init(row: Int, code: String, message: String, action: String) {
        self.row = row
        self.code = code
        self.message = message
        self.action = action
    }
}

/// A submitted file: its batch id, what was kept and what was refused.
public struct CrimeBatch: Codable, Sendable, Hashable {
    public var id: EntityID
    public var batchRef: String
    public var forceArea: String
    public var status: CrimeBatchStatus
    public var crimes: Int
    public var errors: [CrimeRowError]
    public var submittedBy: EntityID
    public var submittedAt: Date

    public init(
        id: EntityID = newEntityID(), batchRef: String, forceArea: String, status: CrimeBatchStatus, crimes: Int,
        errors: [CrimeRowError], submittedBy: EntityID, submittedAt: Date
    ) {
        self.id = id
        self.batchRef = batchRef
        self.forceArea = forceArea
        self.status = status
        self.crimes = crimes
        self.errors = errors
        self.submittedBy = submittedBy
        self.submittedAt = submittedAt
    }
}
