import Foundation

/// Opaque identifiers are UUID strings; a type alias keeps signatures readable without wrapper noise.
public typealias EntityID = String

public func newEntityID() -> EntityID { UUID().uuidString.lowercased() }

public enum Role: String, Codable, Sendable, CaseIterable, Hashable {
    case admin
    case orderManager = "order_manager"
    case monitoringOfficer = "monitoring_officer"
    case probation
    case police
    case crimeAnalyst = "crime_analyst"
    case analyst
}

public struct User: Codable, Sendable, Hashable {
    public var id: EntityID
    public var username: String
    public var passwordHash: String
    public var roles: [Role]
    public var forceArea: String?
    public var probationRegion: String?
    public var createdAt: Date
    public var disabled: Bool

    public init(
        id: EntityID = newEntityID(), username: String, passwordHash: String, roles: [Role],
        forceArea: String? = nil, probationRegion: String? = nil, createdAt: Date, disabled: Bool = false
    ) {
        self.id = id
        self.username = username
        self.passwordHash = passwordHash
        self.roles = roles
        self.forceArea = forceArea
        self.probationRegion = probationRegion
        self.createdAt = createdAt
        self.disabled = disabled
    }

    public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// A bearer session. Only the SHA-256 of the token is stored, so a copied database cannot be used to log in.
public struct AccessToken: Codable, Sendable, Hashable {
    public var tokenHash: String
    public var userId: EntityID
    public var issuedAt: Date
    public var expiresAt: Date
    public var revoked: Bool

    public init(tokenHash: String, userId: EntityID, issuedAt: Date, expiresAt: Date, revoked: Bool = false) {
        self.tokenHash = tokenHash
        self.userId = userId
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.revoked = revoked
    }
}
