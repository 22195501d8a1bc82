import Foundation

/// What a legal hold keeps: a wearer (everything held on them), a crime (the crime, its batch's matches for it and
/// the trails of the wearers it matched), or an investigation reference (the area searches and crimes that carry it).
public enum LegalHoldTarget: Sendable, Hashable, Codable {
    case subject(EntityID)
    case crime(EntityID)
    case reference(String)

    public var kind: String {
        switch self {
        case .subject: "SUBJECT"
        case .crime: "CRIME"
        case .reference: "REFERENCE"
        }
    }

    public var value: String {
        switch self {
        case .subject(let id), .crime(let id): id
        case .reference(let text): text
        }
    }

    public init?(kind: String, value: String) {
        switch kind {
        case "SUBJECT": self = .subject(value)
        case "CRIME": self = .crime(value)
        case "REFERENCE": self = .reference(value)
        default: return nil
        }
    }
}

/// A hold placed by an investigation or a court: nothing it covers is deleted, whatever its age, until released.
public struct LegalHold: Sendable, Hashable, Codable {
    public var id: EntityID
    public var target: LegalHoldTarget
    public var reason: String
    /// The calendar date ("yyyy-MM-dd") by which someone must decide whether the hold is still needed.
    public var reviewDate: String
    public var placedBy: EntityID
    public var placedAt: Date
    public var releasedBy: EntityID?
    public var releasedAt: Date?
    public var releaseReason: String?

    public init(
        id: EntityID = newEntityID(), target: LegalHoldTarget, reason: String, reviewDate: String, placedBy: EntityID,
        placedAt: Date, releasedBy: EntityID? = nil, releasedAt: Date? = nil, releaseReason: String? = nil
    ) {
        self.id = id
        self.target = target
        self.reason = reason
        self.reviewDate = reviewDate
        self.placedBy = placedBy
        self.placedAt = placedAt
        self.releasedBy = releasedBy
        self.releasedAt = releasedAt
        self.releaseReason = releaseReason
    }

    /// In force at `date`: placed by then and not released by then.
    public func isInForce(at date: Date) -> Bool {
        placedAt <= date && (releasedAt.map { $0 > date } ?? true)
    }
}
