import Foundation
import Logging
import OpenEMCore
import Prometheus

/// Everything a deployment may tune, with the defaults of DOMAIN.md.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var tokenLifetime: TimeInterval
    /// bcrypt cost; tests lower it so logins take milliseconds.
    public var bcryptCost: UInt8
    public var clock: @Sendable () -> Date
    public var metrics: PrometheusCollectorRegistry
    public var version: String
    public var alertPolicy: AlertPolicy
    public var rules: RuleConfig
    /// Map tiles for the portal (`https://.../{z}/{x}/{y}.png`); nil draws maps on a plain background.
    public var tileURL: String?
    /// Where Debian's libjs-leaflet and libjs-chart.js put their files.
    public var leafletDirectory: String
    public var chartJSDirectory: String
    /// Evaluator partitions on a store several nodes share (the first node's number is kept): wearers are hashed
    /// into this many, each evaluated on one node at a time.
    public var evaluatorPartitions: Int = 4
    /// How failed sign-ins are throttled (`LoginThrottleRule`).
    public var loginThrottle: LoginThrottleRule = .standard
    /// Believe the last `X-Forwarded-For` entry as a sign-in's client address: only behind a proxy that sets it
    /// (`OPENEM_TRUST_FORWARDED_FOR=1`). Otherwise the connection's peer is the client.
    public var trustForwardedFor: Bool = ProcessInfo.processInfo.environment["OPENEM_TRUST_FORWARDED_FOR"] == "1"
    /// The deadlines enforcement cases are held to (docs/enforcement.md); a service with other targets sets its own.
    public var enforcementDeadlines: [EnforcementDeadline] = EnforcementRules.standardDeadlines
    /// The daily costs of custody and of a tag the benefits panel weighs days monitored against: assumptions with
    /// their sources (`ProgrammeMeasures.DailyCosts.standard`), replaced by `OPENEM_COST_CUSTODY_PER_DAY` and
    /// `OPENEM_COST_TAG_PER_DAY` (the source then says so).
    public var dailyCosts: ProgrammeMeasures.DailyCosts = ServerConfiguration.dailyCosts(ProcessInfo.processInfo.environment)

    static func dailyCosts(_ env: [String: String]) -> ProgrammeMeasures.DailyCosts {
        var c = ProgrammeMeasures.DailyCosts.standard
        if let v = env["OPENEM_COST_CUSTODY_PER_DAY"].flatMap(Double.init), v >= 0 {
            c.custodyPerDay = v
            c.custodySource = "Set by this service (OPENEM_COST_CUSTODY_PER_DAY)."
        }
        if let v = env["OPENEM_COST_TAG_PER_DAY"].flatMap(Double.init), v >= 0 {
            c.tagPerDay = v
            c.tagSource = "Set by this service (OPENEM_COST_TAG_PER_DAY)."
        }
        return c
    }

    public init(
        host: String = "127.0.0.1", port: Int = 8080, tokenLifetime: TimeInterval = 12 * 3600,
        bcryptCost: UInt8 = 12, clock: @escaping @Sendable () -> Date = { Date() },
        metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), version: String = OpenEMVersion.current,
        alertPolicy: AlertPolicy = .standard, rules: RuleConfig = .default,
        tileURL: String? = ProcessInfo.processInfo.environment["OPENEM_TILE_URL"],
        leafletDirectory: String = "/usr/share/javascript/leaflet",
        chartJSDirectory: String = "/usr/share/javascript/chart.js"
    ) {
        self.tileURL = tileURL
        self.leafletDirectory = leafletDirectory
        self.chartJSDirectory = chartJSDirectory
        self.host = host
        self.port = port
        self.tokenLifetime = tokenLifetime
        self.bcryptCost = bcryptCost
        self.clock = clock
        self.metrics = metrics
        self.version = version
        self.alertPolicy = alertPolicy
        self.rules = rules
    }
}

public enum OpenEMVersion {
    public static let current = "0.1.0"
}
