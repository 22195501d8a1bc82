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

    public init(host: String = "127.0.0.1", port: Int = 8080, tokenLifetime: TimeInterval = 12 * 3600,
                bcryptCost: UInt8 = 12, clock: @escaping @Sendable () -> Date = { Date() },
                metrics: PrometheusCollectorRegistry = PrometheusCollectorRegistry(), version: String = OpenEMVersion.current,
                alertPolicy: AlertPolicy = .standard, rules: RuleConfig = .default) {
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
