import Foundation

/// "Tagged at the point of decision": when an order starts and when its first tag went on, as the data-quality
/// fitting rule, the monthly statistics and the service figures all count them.
extension Order {
    /// A tag should be on within this long of the order starting.
    public static let fittingWithin: TimeInterval = 24 * 3_600

    /// The start of the order's start date on its own clock (UK time when its zone is unknown); nil for a start date
    /// that does not parse.
    public var startInstant: Date? {
        let zone = TimeZone(identifier: timeZone) ?? TimeZone(identifier: "Europe/London")!
        return LocalDay(isoDate: startDate)?.instant(atMinute: 0, in: zone)
    }
}

extension Installation {
    /// When each order's first tag was fitted, by order id.
    public static func firstFitted(_ installations: [Installation]) -> [EntityID: Date] {
        Dictionary(grouping: installations, by: \.orderId).mapValues { $0.map(\.installedAt).min()! }
    }
}
