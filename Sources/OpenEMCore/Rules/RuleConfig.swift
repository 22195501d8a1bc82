import Foundation

/// Every threshold the rules use. DOMAIN.md's numbers are the defaults; a deployment changes them here,
/// never in code.
public struct RuleConfig: Codable, Sendable, Hashable {
    /// A zone or presence state changes only after this many consecutive definite fixes...
    public var dwellFixes: Int = 2
    /// ...or after definite fixes spanning this long (at least two fixes either way).
    public var dwellSeconds: TimeInterval = 60
    /// A gap longer than this between GPS fixes is missing data (decisions across it are provisional).
    public var fixGapSeconds: TimeInterval = 5 * 60
    /// Another party's position older than this is not used as if current.
    public var freshnessSeconds: TimeInterval = 5 * 60
    /// Fixes whose confidence radius is larger than this never count as definite evidence.
    public var maxTrustedAccuracyMetres: Double = 500
    /// Used when a zone condition gives no buffer.
    public var defaultZoneBufferMetres: Double = 0
    /// Used when an attendance condition gives no grace.
    public var defaultAttendanceGraceMinutes: Int = 5
    /// Extra distance beyond a proximity ring before a wearer counts as having left it, so that jitter at the
    /// edge does not open and close the same episode (at least the two confidence radii are always added).
    public var proximityHysteresisMetres: Double = 50
    /// Victim proximity opens at once (safety first); non-association waits for the dwell.
    public var victimProximityDwellFixes: Int = 1
    public var lowBatteryPercent: Double = 20
    /// Transdermal alcohol: readings at or above this (g/dL) count towards a drinking event...
    public var alcoholThresholdTac: Double = 0.02
    /// ...when this many come in a row (also used for the limit mode, against the order's limit).
    public var alcoholConsecutiveReadings: Int = 3
    /// A rise faster than this (g/dL per hour) between readings is not how skin alcohol behaves
    /// (contamination, interferents); such a streak is not a confirmed event.
    public var alcoholMaxRisePerHour: Double = 0.1
    /// IR sensor voltage outside this range means something sits between the tag and the skin.
    public var alcoholIRValidVolts: ClosedRange<Double> = 0.3...4.7
    /// Silence allowed per device type before NO_COMMUNICATION; missing types use the type's default.
    public var noCommunicationSeconds: [DeviceType: TimeInterval] = [:]
    /// Repeated tamper messages of one kind within this time extend one episode instead of opening many.
    public var tamperMergeSeconds: TimeInterval = 10 * 60
    /// A message whose time is this far behind the timers already fired is a backlog: the evaluator replays
    /// from a checkpoint instead of applying it on top. Smaller delays (normal batched uploads) are applied
    /// directly; decisions taken meanwhile were provisional on exactly that data.
    public var lateToleranceSeconds: TimeInterval = 5 * 60
    /// Evidence kept per episode (the deciding fixes first).
    public var maxEvidenceFixes: Int = 10

    public init() {}

    public func noCommunicationLimit(for type: DeviceType) -> TimeInterval {
        noCommunicationSeconds[type] ?? type.defaultNoCommunicationSeconds
    }

    public static let `default` = RuleConfig()
}
