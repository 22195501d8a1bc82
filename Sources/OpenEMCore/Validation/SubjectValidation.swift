import Foundation
import Geo

/// A wearer as a client submits it.
public struct SubjectDraft: Codable, Sendable, Hashable {
    public struct AddressDraft: Codable, Sendable, Hashable {
        public var type: AddressType
        public var line1: String
        public var town: String?
        public var postcode: String?
        public var location: Coordinate
    }

    public var firstName: String
    public var lastName: String
    public var dateOfBirth: String?
    public var identifiers: SubjectIdentifiers?
    public var forceArea: String
    public var probationRegion: String?
    public var responsibleOfficer: String?
    public var addresses: [AddressDraft]?
}

public enum SubjectValidation {
    public static func problems(_ d: SubjectDraft, today: LocalDay) -> [ValidationProblem] {
        var p: [ValidationProblem] = []
        if d.firstName.trimmingCharacters(in: .whitespaces).isEmpty { p.append(.init("firstName", "REQUIRED", "firstName is required")) }
        if d.lastName.trimmingCharacters(in: .whitespaces).isEmpty { p.append(.init("lastName", "REQUIRED", "lastName is required")) }
        if PoliceForce.byCode[d.forceArea] == nil {
            p.append(.init("forceArea", "UNKNOWN_FORCE_AREA", "forceArea '\(d.forceArea)' is not a police force code such as MPS"))
        }
        if let dob = d.dateOfBirth {
            if let date = LocalDay(isoDate: dob) {
                if date >= today || date < today.adding(months: -12 * 120) {
                    p.append(.init("dateOfBirth", "OUT_OF_RANGE", "dateOfBirth must be in the past"))
                }
            } else {
                p.append(.init("dateOfBirth", "INVALID_DATE", "dateOfBirth must be a date yyyy-MM-dd"))
            }
        }
        var seenTypes = Set<AddressType>()
        for (i, a) in (d.addresses ?? []).enumerated() {
            if !a.location.isValid {
                p.append(
                    .init(
                        "addresses[\(i)].location", "COORDINATE_OUT_OF_RANGE",
                        "addresses[\(i)].location must have lat in -90..90 and lon in -180..180"))
            }
            if a.line1.trimmingCharacters(in: .whitespaces).isEmpty {
                p.append(.init("addresses[\(i)].line1", "REQUIRED", "addresses[\(i)].line1 is required"))
            }
            if !seenTypes.insert(a.type).inserted {
                p.append(.init("addresses[\(i)].type", "DUPLICATE_ADDRESS_TYPE", "only one \(a.type.rawValue) address is allowed"))
            }
        }
        return p
    }
}
