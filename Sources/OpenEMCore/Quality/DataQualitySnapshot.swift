import Foundation

/// What the data-quality rules read: the whole registry as the store holds it now, in one read. Plain values, so
/// the rules are pure functions of it and a test can build one by hand.
public struct DataQualitySnapshot: Sendable {
    public var subjects: [Subject]
    /// The newest version of every order.
    public var orders: [Order]
    /// Every installation, removed or not.
    public var installations: [Installation]
    public var deviceTypes: [EntityID: DeviceType]
    /// What each device that has ever sent anything last sent, by device id.
    public var deviceActivity: [EntityID: DeviceActivity]
    /// Every alert not yet closed.
    public var unclosedAlerts: [UnclosedAlert]

    public init(
        subjects: [Subject] = [], orders: [Order] = [],
        installations: [Installation] = [], deviceTypes: [EntityID: DeviceType] = [:],
        deviceActivity: [EntityID: DeviceActivity] = [:], unclosedAlerts: [UnclosedAlert] = []
    ) {
        self.subjects = subjects
        self.orders = orders
        self.installations = installations
        self.deviceTypes = deviceTypes
        self.deviceActivity = deviceActivity
        self.unclosedAlerts = unclosedAlerts
    }
}

/// A device's traffic as the store keeps it on every append: when it last reported, and how many of its readings
/// were outside what the sensor can physically measure (`PhysicalRange`).
public struct DeviceActivity: Codable, Sendable, Hashable {
    /// The newest event time it has sent.
    public var lastEventAt: Date
    /// When the server last received anything from it.
    public var lastReceivedAt: Date
    public var readingsOutOfRange: Int
    public var lastOutOfRangeAt: Date?

    public init(lastEventAt: Date, lastReceivedAt: Date, readingsOutOfRange: Int = 0, lastOutOfRangeAt: Date? = nil) {
        self.lastEventAt = lastEventAt
        self.lastReceivedAt = lastReceivedAt
        self.readingsOutOfRange = readingsOutOfRange
        self.lastOutOfRangeAt = lastOutOfRangeAt
    }

    /// This activity with a batch's accepted messages of one device folded in.
    public static func folding(_ messages: [TelemetryMessage], receivedAt: Date, into old: DeviceActivity?) -> DeviceActivity? {
        guard let newest = messages.map(\.time).max() else { return old }
        let odd = messages.filter { !PhysicalRange.isPlausible($0.payload) }
        return DeviceActivity(
            lastEventAt: max(newest, old?.lastEventAt ?? newest), lastReceivedAt: max(receivedAt, old?.lastReceivedAt ?? receivedAt),
            readingsOutOfRange: (old?.readingsOutOfRange ?? 0) + odd.count,
            lastOutOfRangeAt: ([old?.lastOutOfRangeAt].compactMap { $0 } + odd.map(\.time)).max())
    }
}

/// An alert that is not closed, with the order its violation belongs to.
public struct UnclosedAlert: Sendable, Hashable {
    public var id: EntityID
    public var subjectId: EntityID
    /// The violation's order; nil for a device event raised outside any order.
    public var orderId: EntityID?
    public var status: AlertStatus
    public var ackDueAt: Date

    public init(id: EntityID, subjectId: EntityID, orderId: EntityID?, status: AlertStatus, ackDueAt: Date) {
        self.id = id
        self.subjectId = subjectId
        self.orderId = orderId
        self.status = status
        self.ackDueAt = ackDueAt
    }
}
