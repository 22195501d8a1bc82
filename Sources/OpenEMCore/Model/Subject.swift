import Foundation
import Geo

public struct SubjectIdentifiers: Codable, Sendable, Hashable {
    public var crn: String?
    public var pnc: String?
    public var nomis: String?
    public init(crn: String? = nil, pnc: String? = nil, nomis: String? = nil) {
        self.crn = crn
        self.pnc = pnc
        self.nomis = nomis
    }
}

public enum AddressType: String, Codable, Sendable, CaseIterable {
    case primary = "PRIMARY"
    case secondary = "SECONDARY"
    case tertiary = "TERTIARY"
}

public struct Address: Codable, Sendable, Hashable {
    public var id: EntityID
    public var type: AddressType
    public var line1: String
    public var town: String?
    public var postcode: String?
    public var location: Coordinate

    public init(
        id: EntityID = newEntityID(), type: AddressType, line1: String, town: String? = nil,
        postcode: String? = nil, location: Coordinate
    ) {
        self.id = id
        self.type = type
        self.line1 = line1
        self.town = town
        self.postcode = postcode
        self.location = location
    }
}

/// A device wearer.
public struct Subject: Codable, Sendable, Hashable {
    public var id: EntityID
    public var firstName: String
    public var lastName: String
    public var dateOfBirth: String?
    public var identifiers: SubjectIdentifiers
    public var forceArea: String
    public var probationRegion: String?
    public var responsibleOfficer: String?
    public var addresses: [Address]
    public var createdAt: Date

    public init(
        id: EntityID = newEntityID(), firstName: String, lastName: String, dateOfBirth: String?,
        identifiers: SubjectIdentifiers, forceArea: String, probationRegion: String?,
        responsibleOfficer: String?, addresses: [Address], createdAt: Date
    ) {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.dateOfBirth = dateOfBirth
        self.identifiers = identifiers
        self.forceArea = forceArea
        self.probationRegion = probationRegion
        self.responsibleOfficer = responsibleOfficer
        self.addresses = addresses
        self.createdAt = createdAt
    }

    public func address(id: EntityID) -> Address? { addresses.first { $0.id == id } }
}

/// The domestic-abuse and safeguarding check of an address that must precede a curfew there (HDC guidance).
public struct AddressCheck: Codable, Sendable, Hashable {
    public enum Outcome: String, Codable, Sendable, CaseIterable {
        case suitable = "SUITABLE"
        case unsuitable = "UNSUITABLE"
    }
    public var id: EntityID
    public var subjectId: EntityID
    public var addressId: EntityID
    public var domesticAbuseCheck: Bool
    public var safeguardingCheck: Bool
    public var outcome: Outcome
    public var note: String?
    public var checkedBy: EntityID
    public var checkedAt: Date

    public init(
        id: EntityID = newEntityID(), subjectId: EntityID, addressId: EntityID, domesticAbuseCheck: Bool,
        safeguardingCheck: Bool, outcome: Outcome, note: String?, checkedBy: EntityID, checkedAt: Date
    ) {
        self.id = id
        self.subjectId = subjectId
        self.addressId = addressId
        self.domesticAbuseCheck = domesticAbuseCheck
        self.safeguardingCheck = safeguardingCheck
        self.outcome = outcome
        self.note = note
        self.checkedBy = checkedBy
        self.checkedAt = checkedAt
    }

    /// A curfew may start at the address only when both checks were done and found it suitable.
    public var clearsCurfew: Bool { domesticAbuseCheck && safeguardingCheck && outcome == .suitable }
}
