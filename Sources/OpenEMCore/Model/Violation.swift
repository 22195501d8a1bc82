import Foundation
import Geo

public enum ViolationType: String, Codable, Sendable, CaseIterable {
    case curfewAbsence = "CURFEW_ABSENCE"
    case exclusionZoneEntry = "EXCLUSION_ZONE_ENTRY"
    case inclusionZoneExit = "INCLUSION_ZONE_EXIT"
    case attendanceMissed = "ATTENDANCE_MISSED"
    case alcoholDetected = "ALCOHOL_DETECTED"
    case alcoholLimitExceeded = "ALCOHOL_LIMIT_EXCEEDED"
    case nonAssociation = "NON_ASSOCIATION"
    case victimProximityWarning = "VICTIM_PROXIMITY_WARNING"
    case victimProximityBreach = "VICTIM_PROXIMITY_BREACH"
    case tamper = "TAMPER"
    case lowBattery = "LOW_BATTERY"
    case batteryFlat = "BATTERY_FLAT"
    case noCommunication = "NO_COMMUNICATION"
}

public enum ViolationStatus: String, Codable, Sendable, CaseIterable {
    case provisional = "PROVISIONAL"
    case confirmed = "CONFIRMED"
    case withdrawn = "WITHDRAWN"
}

/// A fix cited as evidence, with its confidence radius.
public struct EvidenceFix: Codable, Sendable, Hashable {
    public var time: Date
    public var lat: Double
    public var lon: Double
    /// nil: the device did not say (such a fix is cited only where other evidence corroborates it).
    public var accuracyMetres: Double?
    public var source: PositionSource
    /// Metres from the zone boundary / address / other party, where that applies (negative = inside).
    public var distanceMetres: Double?

    public init(
        time: Date, lat: Double, lon: Double, accuracyMetres: Double?, source: PositionSource,
        distanceMetres: Double? = nil
    ) {
        self.time = time
        self.lat = lat
        self.lon = lon
        self.accuracyMetres = accuracyMetres
        self.source = source
        self.distanceMetres = distanceMetres
    }
}

public struct ViolationEvidence: Codable, Sendable, Hashable {
    public var summary: String
    public var fixes: [EvidenceFix]
    public var readings: [String: Double]
    public var dataGaps: [DateInterval]

    public init(
        summary: String, fixes: [EvidenceFix] = [], readings: [String: Double] = [:],
        dataGaps: [DateInterval] = []
    ) {
        self.summary = summary
        self.fixes = fixes
        self.readings = readings
        self.dataGaps = dataGaps
    }
}

public struct Violation: Codable, Sendable, Hashable {
    public var id: EntityID
    public var subjectId: EntityID
    public var orderId: EntityID?
    public var conditionId: EntityID?
    public var deviceId: EntityID?
    public var type: ViolationType
    public var status: ViolationStatus
    public var start: Date
    public var end: Date?
    public var late: Bool
    public var evidence: ViolationEvidence
    public var createdAt: Date
    public var updatedAt: Date
    /// The officer's current conclusion about it (`ViolationOutcome`), and every one recorded, oldest first: set at the
    /// HTTP edge from the outcome store, never by the rules or the evaluator.
    public var outcome: ViolationOutcome? = nil
    public var outcomeHistory: [ViolationOutcome]? = nil

    public init(
        id: EntityID = newEntityID(), subjectId: EntityID, orderId: EntityID?, conditionId: EntityID?,
        deviceId: EntityID?, type: ViolationType, status: ViolationStatus, start: Date, end: Date?,
        late: Bool, evidence: ViolationEvidence, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.subjectId = subjectId
        self.orderId = orderId
        self.conditionId = conditionId
        self.deviceId = deviceId
        self.type = type
        self.status = status
        self.start = start
        self.end = end
        self.late = late
        self.evidence = evidence
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
