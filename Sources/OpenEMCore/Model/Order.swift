import Foundation

public enum OrderType: String, Codable, Sendable, CaseIterable {
    case bail = "BAIL"
    case community = "COMMUNITY"
    case postRelease = "POST_RELEASE"
    case immigration = "IMMIGRATION"
    case
        civil = "CIVIL"
    case youth = "YOUTH"
}

public enum Cohort: String, Codable, Sendable, CaseIterable {
    case standard = "STANDARD"
    case acquisitiveCrime = "ACQUISITIVE_CRIME"
    case domesticAbuse = "DOMESTIC_ABUSE"
    case
        alcohol = "ALCOHOL"
    case licenceVariation = "LICENCE_VARIATION"
    case foreignNational = "FOREIGN_NATIONAL"

    /// Licence projects limited to 12 months with a review every 3 months.
    public var isTimeLimitedLicenceProject: Bool {
        self == .acquisitiveCrime || self == .alcohol || self == .domesticAbuse
    }
}

public enum OrderStatus: String, Codable, Sendable, CaseIterable {
    case active = "ACTIVE"
    case ended = "ENDED"
}

/// One version of an order. A variation writes a new version; earlier versions stay readable.
public struct Order: Codable, Sendable, Hashable {
    public var id: EntityID
    public var subjectId: EntityID
    public var version: Int
    public var status: OrderStatus
    public var orderType: OrderType
    public var cohort: Cohort
    /// Calendar dates ("yyyy-MM-dd") in the order's time zone, inclusive.
    public var startDate: String
    public var endDate: String?
    public var timeZone: String
    public var nextReviewDate: String?
    public var conditions: [Condition]
    public var createdAt: Date
    public var createdBy: EntityID
    public var endedAt: Date?
    public var reason: String?

    public init(
        id: EntityID = newEntityID(), subjectId: EntityID, version: Int = 1, status: OrderStatus = .active,
        orderType: OrderType, cohort: Cohort, startDate: String, endDate: String?,
        timeZone: String = "Europe/London", nextReviewDate: String?, conditions: [Condition],
        createdAt: Date, createdBy: EntityID, endedAt: Date? = nil, reason: String? = nil
    ) {
        self.id = id
        self.subjectId = subjectId
        self.version = version
        self.status = status
        self.orderType = orderType
        self.cohort = cohort
        self.startDate = startDate
        self.endDate = endDate
        self.timeZone = timeZone
        self.nextReviewDate = nextReviewDate
        self.conditions = conditions
        self.createdAt = createdAt
        self.createdBy = createdBy
        self.endedAt = endedAt
        self.reason = reason
    }
}
