extension DataDictionary {
    /// Service performance over a window: aggregates, never a person.
    static let service: [DictionaryEntity] = [
        DictionaryEntity(
            "serviceStatistics", "How well the service runs: fitting time, alert SLA, device faults, telemetry delay, trail answers.",
            .notStored
        ) {
            $0.add("from", "date-time", "Start of the window.", required: true, source: .derived)
            $0.add("to", "date-time", "End of the window.", required: true, source: .derived)
            $0.add(
                "fitting", "object", "Order to first fitting, over the fitted orders that started in the window.", required: true, source: .derived)
            $0.add("fitting.orders", "integer", "Orders counted.", required: true, source: .derived)
            $0.add(
                "fitting.p50Hours", "number", "Median hours from the start of the order's start date to its first installation; absent when none.",
                source: .derived)
            $0.add("fitting.p90Hours", "number", "The 90th percentile of those hours; absent when none.", source: .derived)
            $0.add("fitting.within24HoursShare", "number", "The share fitted within 24 hours (0 to 1); absent when none.", source: .derived)
            $0.add(
                "alertSla", "array<object>", "Per severity, alerts raised in the window and how many were acknowledged in their SLA.",
                required: true, source: .derived)
            $0.add("alertSla.severity", "string", "The severity code.", required: true, source: .derived)
            $0.add("alertSla.alerts", "integer", "Alerts raised in the window at that severity.", required: true, source: .derived)
            $0.add(
                "alertSla.withinSla", "integer", "Of those, acknowledged no later than their due time and never escalated.", required: true,
                source: .derived)
            $0.add("alertSla.withinSlaShare", "number", "withinSla over alerts (0 to 1); absent when there were none.", source: .derived)
            $0.add(
                "deviceFaults", "object", "Confirmed BATTERY_FLAT and NO_COMMUNICATION violations against fitted time.", required: true,
                source: .derived)
            $0.add("deviceFaults.faults", "integer", "Such violations that started in the window.", required: true, source: .derived)
            $0.add(
                "deviceFaults.wearerWeeks", "number", "Weeks of fitted devices in the window, over all installations.", required: true,
                source: .derived)
            $0.add("deviceFaults.per100WearerWeeks", "number", "Faults per 100 wearer-weeks; absent with no fitted time.", source: .derived)
            for (name, what) in [
                ("telemetryDelay", "Device time to receipt, in seconds"), ("trailRequests", "Time to answer a trail request, in ms"),
            ] {
                $0.add(name, "object", "\(what): a sample's median and 95th percentile.", required: true, source: .derived)
                $0.add("\(name).unit", "string", "seconds or milliseconds.", required: true, source: .derived)
                $0.add("\(name).samples", "integer", "How many values the percentiles are over.", required: true, source: .derived)
                $0.add("\(name).p50", "number", "The median (nearest rank); absent with no samples.", source: .derived)
                $0.add("\(name).p95", "number", "The 95th percentile (nearest rank); absent with no samples.", source: .derived)
                $0.add("\(name).method", "string", "How the sample is taken, in words.", required: true, source: .derived)
            }
        }
    ]
}
