import Foundation

/// How well the service runs over a window: how soon tags are fitted, whether alerts are acknowledged within their
/// SLA, how often devices fail, how late telemetry arrives and how long a trail request takes to answer. Pure:
/// computed from records already scoped to the reader. A window's events are those at `from` to `to`, both included
/// (the default window ends now, and what happened this instant counts).
public enum ServicePerformance {
    public struct Report: Codable, Sendable, Hashable {
        public var from: Date
        public var to: Date
        public var fitting: Fitting
        public var alertSla: [SeverityAcknowledgement]
        public var deviceFaults: DeviceFaults
        public var telemetryDelay: Percentiles
        public var trailRequests: Percentiles

        public init(
            from: Date, to: Date, fitting: Fitting, alertSla: [SeverityAcknowledgement], deviceFaults: DeviceFaults,
            telemetryDelay: Percentiles, trailRequests: Percentiles
        ) {
            self.from = from
            self.to = to
            self.fitting = fitting
            self.alertSla = alertSla
            self.deviceFaults = deviceFaults
            self.telemetryDelay = telemetryDelay
            self.trailRequests = trailRequests
        }
    }

    /// Hours from the start of an order's start date (in its time zone) to its first installation, over the orders
    /// whose start fell in the window and that have been fitted (as FITTED_OVER_24_HOURS_AFTER_ORDER counts them).
    public struct Fitting: Codable, Sendable, Hashable {
        public var orders: Int
        public var p50Hours: Double?
        public var p90Hours: Double?
        /// Of `orders`, the share fitted within 24 hours (0 to 1); nil when there are none.
        public var within24HoursShare: Double?
    }

    /// Alerts raised in the window at one severity, and how many were acknowledged by their due time without
    /// having been escalated.
    public struct SeverityAcknowledgement: Codable, Sendable, Hashable {
        public var severity: String
        public var alerts: Int
        public var withinSla: Int
        public var withinSlaShare: Double?
    }

    /// Confirmed BATTERY_FLAT and NO_COMMUNICATION violations that started in the window, per 100 weeks of fitted time.
    public struct DeviceFaults: Codable, Sendable, Hashable {
        public var faults: Int
        public var wearerWeeks: Double
        public var per100WearerWeeks: Double?
    }

    /// A sample's median and 95th percentile (nearest rank), in the unit the field names.
    public struct Percentiles: Codable, Sendable, Hashable {
        public var unit: String
        public var samples: Int
        public var p50: Double?
        public var p95: Double?
        public var method: String
    }

    public static let faultTypes: Set<ViolationType> = [.batteryFlat, .noCommunication]

    /// The nearest-rank percentile `p` (0 to 100) of `xs`; nil when empty.
    public static func percentile(_ xs: [Double], _ p: Double) -> Double? {
        guard !xs.isEmpty else { return nil }
        let s = xs.sorted()
        let rank = Int((p / 100 * Double(s.count)).rounded(.up))
        return s[min(max(rank, 1), s.count) - 1]
    }

    public static func fitting(orders: [Order], installations: [Installation], from: Date, to: Date) -> Fitting {
        let first = Installation.firstFitted(installations)
        var hours: [Double] = []
        for o in orders {
            guard let start = o.startInstant, start >= from, start <= to, let fitted = first[o.id] else { continue }
            hours.append(max(0, fitted.timeIntervalSince(start)) / 3_600)
        }
        let within = hours.filter { $0 * 3_600 <= Order.fittingWithin }.count
        return Fitting(
            orders: hours.count, p50Hours: percentile(hours, 50), p90Hours: percentile(hours, 90),
            within24HoursShare: hours.isEmpty ? nil : Double(within) / Double(hours.count))
    }

    /// Acknowledged within the SLA: `acknowledgedAt <= ackDueAt` and never escalated. Every severity is listed.
    public static func alertSla(_ alerts: [Alert], from: Date, to: Date) -> [SeverityAcknowledgement] {
        let raised = alerts.filter { $0.raisedAt >= from && $0.raisedAt <= to }
        return Severity.allCases.map { s in
            let these = raised.filter { $0.severity == s }
            let ok = these.filter { a in !a.escalated && (a.acknowledgedAt.map { $0 <= a.ackDueAt } ?? false) }.count
            return SeverityAcknowledgement(
                severity: s.rawValue, alerts: these.count, withinSla: ok,
                withinSlaShare: these.isEmpty ? nil : Double(ok) / Double(these.count))
        }
    }

    public static func deviceFaults(violations: [Violation], installations: [Installation], from: Date, to: Date) -> DeviceFaults {
        let faults = violations.filter { v in
            faultTypes.contains(v.type) && v.status == .confirmed && v.start >= from && v.start <= to
        }.count
        var seconds: TimeInterval = 0
        for i in installations {
            let start = max(from, i.installedAt), end = min(to, i.removedAt ?? to)
            if start < end { seconds += end.timeIntervalSince(start) }
        }
        let weeks = seconds / (7 * 86_400)
        return DeviceFaults(faults: faults, wearerWeeks: weeks, per100WearerWeeks: weeks > 0 ? Double(faults) / weeks * 100 : nil)
    }

    public static let telemetryMethod =
        "Seconds from the device's time to the server's receipt, over a sample of the messages received in the window "
        + "taken at an even stride of log offsets (at most \(TelemetryDelaySample.defaultLimit) messages)."
    public static let trailMethod =
        "Milliseconds the server took to answer each trail request in the window, from the ms= figure in the audit "
        + "detail of trail reads (reads audited before it was recorded are not counted). The HM Inspectorate of Probation "
        + "inspection found practitioners waiting up to three days for location data."

    public static func telemetryDelay(_ seconds: [Double]) -> Percentiles {
        Percentiles(
            unit: "seconds", samples: seconds.count, p50: percentile(seconds, 50), p95: percentile(seconds, 95),
            method: telemetryMethod)
    }

    /// The `ms=` figure of an audited trail read's detail, or nil.
    public static func trailMilliseconds(_ detail: String?) -> Double? {
        guard let detail else { return nil }
        for part in detail.split(separator: " ") where part.hasPrefix("ms=") { return Double(part.dropFirst(3)) }
        return nil
    }

    /// Successful trail reads audited in the window that recorded how long they took.
    public static func trailRequests(_ entries: [AuditRecord], from: Date, to: Date) -> Percentiles {
        let ms = entries.filter { r in
            r.action == "read" && r.resourceType == "trail" && r.outcome == .success && r.at >= from && r.at <= to
        }.compactMap { trailMilliseconds($0.detail) }
        return Percentiles(unit: "milliseconds", samples: ms.count, p50: percentile(ms, 50), p95: percentile(ms, 95), method: trailMethod)
    }
}
