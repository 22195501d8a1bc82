import Foundation

/// The fleet as the monitoring centre watches it: devices fitted, and those with a problem now: a low or flat
/// battery or silence still open, or a tamper (an instant) in the last 24 hours.
public struct DeviceHealth: Codable, Sendable, Hashable {
    public var fitted: Int
    public var fittedByType: [String: Int]
    /// Problems by violation type (a device can have more than one).
    public var openProblems: [String: Int]
    public var devicesWithProblems: Int
    /// Devices with no open problem, as a share of those fitted (1 when none is fitted).
    public var healthyRate: Double

    public static let problemTypes: Set<ViolationType> = [.lowBattery, .batteryFlat, .noCommunication, .tamper]

    /// - Parameters:
    ///   - fitted: each fitted device and its type.
    ///   - recent: violations overlapping the last 24 hours; only problems on fitted devices count.
    public static let tamperLookback: TimeInterval = 24 * 3600

    public static func of(fitted: [EntityID: DeviceType], recent: [Violation], now: Date) -> DeviceHealth {
        var byType: [String: Int] = [:]
        for t in fitted.values { byType[t.rawValue, default: 0] += 1 }
        var problems: [String: Int] = [:]
        var troubled = Set<EntityID>()
        for v in recent where v.status != .withdrawn && problemTypes.contains(v.type) {
            let current = v.type == .tamper ? v.start >= now.addingTimeInterval(-tamperLookback) : v.end == nil
            guard current, let d = v.deviceId, fitted[d] != nil else { continue }
            problems[v.type.rawValue, default: 0] += 1
            troubled.insert(d)
        }
        return DeviceHealth(
            fitted: fitted.count, fittedByType: byType, openProblems: problems,
            devicesWithProblems: troubled.count,
            healthyRate: fitted.isEmpty ? 1 : Double(fitted.count - troubled.count) / Double(fitted.count))
    }
}
