import Foundation

public enum DeviceType: String, Codable, Sendable, CaseIterable {
    case gpsTag = "GPS_TAG"
    case rfTag = "RF_TAG"
    case rfHomeUnit = "RF_HOME_UNIT"
    case alcoholTag = "ALCOHOL_TAG"
    case
        gpsAlcoholTag = "GPS_ALCOHOL_TAG"
    case victimPhone = "VICTIM_PHONE"

    /// How long silence may last before it is a no-communication event (configurable per deployment).
    public var defaultNoCommunicationSeconds: TimeInterval {
        switch self {
        case .alcoholTag: 75 * 60  // readings every ~30 minutes, uploads can batch two
        case .victimPhone: 30 * 60  // a phone may sleep; staleness is handled by freshness instead
        default: 10 * 60
        }
    }
}

public struct Device: Codable, Sendable, Hashable {
    public var id: EntityID
    public var serial: String
    public var type: DeviceType
    /// SHA-256 (hex) of the device key; the key itself is shown once and never stored.
    public var keyHash: String
    public var createdAt: Date

    public init(id: EntityID = newEntityID(), serial: String, type: DeviceType, keyHash: String, createdAt: Date) {
        self.id = id
        self.serial = serial
        self.type = type
        self.keyHash = keyHash
        self.createdAt = createdAt
    }
}

/// A device fitted for an order. A device has at most one installation without a removal time.
public struct Installation: Codable, Sendable, Hashable {
    public var id: EntityID
    public var deviceId: EntityID
    public var orderId: EntityID
    public var subjectId: EntityID
    public var installedAt: Date
    public var removedAt: Date?

    public init(
        id: EntityID = newEntityID(), deviceId: EntityID, orderId: EntityID, subjectId: EntityID,
        installedAt: Date, removedAt: Date? = nil
    ) {
        self.id = id
        self.deviceId = deviceId
        self.orderId = orderId
        self.subjectId = subjectId
        self.installedAt = installedAt
        self.removedAt = removedAt
    }

    public var isActive: Bool { removedAt == nil }

    public func covers(_ t: Date) -> Bool {
        t >= installedAt && (removedAt.map { t < $0 } ?? true)
    }
}
