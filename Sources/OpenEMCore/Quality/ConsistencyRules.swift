import Foundation

/// Records that contradict one another.
enum ConsistencyRules {
    static let all: [DataQualityRule] = [
        DataQualityRule(
            id: "INSTALLATION_ON_ENDED_ORDER", title: "Tags still fitted on ended orders", dimension: .consistency, entity: "installation",
            description: "Devices still fitted (installation.removedAt empty) for an order that has ended "
                + "(order.status ENDED) or does not exist: the tag should have been removed.",
            fields: ["installation.removedAt", "installation.orderId", "order.status"]
        ) { c in
            QualityOutcome(c.activeInstallations, id: \.id) { i in c.orders[i.orderId].map { $0.status == .ended } ?? true }
        },
        DataQualityRule(
            id: "CURFEW_ADDRESS_NOT_THE_WEARERS", title: "Curfews at an address that is not the wearer's", dimension: .consistency, entity: "order",
            description: "Active orders with a curfew at an address (condition.addressId) that is not one of the "
                + "wearer's addresses (subject.addresses).",
            fields: ["condition.addressId", "subject.addresses", "order.status"]
        ) { c in
            QualityOutcome(c.activeOrders.filter { !$0.curfewAddressIds.isEmpty }, id: \.id) { o in
                o.curfewAddressIds.contains { c.subjects[o.subjectId]?.address(id: $0) == nil }
            }
        },
        DataQualityRule(
            id: "DEVICE_FITTED_TO_TWO_WEARERS", title: "Devices fitted to two wearers at once", dimension: .consistency, entity: "device",
            description: "Devices with two installations overlapping in time (installation.installedAt to "
                + "installation.removedAt) for different wearers: whose positions are these?",
            fields: ["installation.deviceId", "installation.subjectId", "installation.installedAt", "installation.removedAt"]
        ) { c in
            let byDevice = Dictionary(grouping: c.snapshot.installations, by: \.deviceId)
            return QualityOutcome(byDevice, id: \.key) { _, list in
                let sorted = list.sorted { $0.installedAt < $1.installedAt }
                var reach: [(EntityID, Date)] = []  // each wearer's latest removal so far (distantFuture: still fitted)
                for i in sorted {
                    if reach.contains(where: { $0.0 != i.subjectId && $0.1 > i.installedAt }) { return true }
                    reach.append((i.subjectId, i.removedAt ?? .distantFuture))
                }
                return false
            }
        },
        DataQualityRule(
            id: "ALERT_OPEN_ON_ENDED_ORDER", title: "Alerts open on ended orders", dimension: .consistency, entity: "alert",
            description: "Alerts not closed (alert.status OPEN, ACKNOWLEDGED or ACTIONED) whose order has ended "
                + "(order.status ENDED), or, for an alert outside any order, whose wearer has no active order.",
            fields: ["alert.status", "violation.orderId", "order.status"]
        ) { c in
            let withActiveOrder = Set(c.activeOrders.map(\.subjectId))
            return QualityOutcome(c.snapshot.unclosedAlerts, id: \.id) { a in
                if let orderId = a.orderId { return c.orders[orderId].map { $0.status == .ended } ?? true }
                return !withActiveOrder.contains(a.subjectId)
            }
        },
    ]
}
