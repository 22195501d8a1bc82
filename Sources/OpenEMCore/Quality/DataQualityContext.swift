import Foundation

/// A snapshot with the lookups several rules share, built once per evaluation.
public struct DataQualityContext: Sendable {
    public let snapshot: DataQualitySnapshot
    public let now: Date
    public let subjects: [EntityID: Subject]
    public let orders: [EntityID: Order]
    public let activeOrders: [Order]
    /// Installations by order id, earliest first.
    public let installationsByOrder: [EntityID: [Installation]]
    public let activeInstallations: [Installation]
    /// Wearers with a GPS-capable tag fitted now.
    public let gpsWearers: Set<EntityID>

    public init(_ snapshot: DataQualitySnapshot, now: Date) {
        self.snapshot = snapshot
        self.now = now
        subjects = Dictionary(snapshot.subjects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        orders = Dictionary(snapshot.orders.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        activeOrders = snapshot.orders.filter { $0.status == .active }
        installationsByOrder = Dictionary(grouping: snapshot.installations, by: \.orderId).mapValues {
            $0.sorted { ($0.installedAt, $0.id) < ($1.installedAt, $1.id) }
        }
        let active = snapshot.installations.filter(\.isActive)
        activeInstallations = active
        gpsWearers = Set(
            active.filter { i in
                let t = snapshot.deviceTypes[i.deviceId]
                return t == .gpsTag || t == .gpsAlcoholTag
            }.map(\.subjectId))
    }

    /// When an order starts, for the "tagged at the point of decision" measure (`Order.startInstant`; when it was
    /// recorded if its start date does not parse).
    public func startInstant(_ order: Order) -> Date { order.startInstant ?? order.createdAt }
}
