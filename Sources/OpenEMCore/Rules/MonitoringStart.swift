import Foundation

extension CompiledWearer {
    /// When the rules start watching this wearer: the first fitting, or the start of the order's first day on the
    /// order's own wall clock if that is later. The day's start is found with the zone's offset on that day, not on
    /// the day of the fitting: fitted in BST for an order starting after the clocks go back, the order starts at
    /// local midnight GMT, an hour later than the fitting's offset would say.
    public func monitoringStart(firstFittedAt: Date?) -> Date {
        max(firstFittedAt ?? .distantPast, orderPeriod.start)
    }
}
