import Foundation

/// Things that happened late, or have not happened in time.
enum TimelinessRules {
    public static let silenceLimit: TimeInterval = 24 * 3600

    static let all: [DataQualityRule] = [
        DataQualityRule(
            id: "FITTED_OVER_24_HOURS_AFTER_ORDER", title: "Tags fitted over 24 hours after the order started", dimension: .timeliness,
            entity: "order",
            description: "Orders whose first device was fitted (installation.installedAt) more than 24 hours after "
                + "the order started (the start of order.startDate), or active orders still waiting for a device "
                + "24 hours after they started. Orders not yet started, or ended before any fitting, are not counted.",
            fields: ["order.startDate", "order.timeZone", "installation.installedAt", "installation.orderId"]
        ) { c in
            let counted = c.snapshot.orders.filter { o in
                c.installationsByOrder[o.id] != nil
                    || (o.status == .active && c.now.timeIntervalSince(c.startInstant(o)) > Order.fittingWithin)
            }
            return QualityOutcome(counted, id: \.id) { o in
                guard let first = c.installationsByOrder[o.id]?.first else { return true }
                return first.installedAt.timeIntervalSince(c.startInstant(o)) > Order.fittingWithin
            }
        },
        DataQualityRule(
            id: "FITTED_DEVICE_SILENT_24_HOURS", title: "Fitted tags silent for over 24 hours", dimension: .timeliness, entity: "device",
            description: "Fitted devices (installation.removedAt empty) from which nothing has been received for over "
                + "24 hours, counting from the fitting (installation.installedAt) for one that has never sent anything.",
            fields: ["installation.deviceId", "installation.installedAt", "telemetry.receivedAt"]
        ) { c in
            QualityOutcome(c.activeInstallations, id: \.deviceId) { i in
                let heard = max(c.snapshot.deviceActivity[i.deviceId]?.lastReceivedAt ?? i.installedAt, i.installedAt)
                return c.now.timeIntervalSince(heard) > silenceLimit
            }
        },
        DataQualityRule(
            id: "ALERT_OPEN_PAST_DEADLINE", title: "Alerts open past their deadline", dimension: .timeliness, entity: "alert",
            description: "Alerts still OPEN (alert.status) after the time they were due to be acknowledged by "
                + "(alert.ackDueAt).",
            fields: ["alert.status", "alert.ackDueAt"]
        ) { c in
            QualityOutcome(c.snapshot.unclosedAlerts.filter { $0.status == .open }, id: \.id) { $0.ackDueAt < c.now }
        },
    ]
}
