extension DataDictionary {
    /// The monthly series of a statistics publication, and the caseload forecast from it: aggregates, never a person.
    static let monthly: [DictionaryEntity] = [
        DictionaryEntity("monthlyStatistics", "Month by month: caseload at month end, starts, ends, compliance, alerts, fitting time.", .notStored) {
            $0.add("from", "string", "The first month (yyyy-MM).", required: true, source: .derived)
            $0.add("to", "string", "The last month (yyyy-MM).", required: true, source: .derived)
            $0.add("months", "array<statisticsMonth>", "One entry a month, oldest first.", required: true, source: .derived)
        },
        DictionaryEntity("statisticsMonth", "One month's figures (a month still running counts up to now).", .notStored) {
            $0.add("month", "string", "The month (yyyy-MM).", required: true, source: .derived)
            $0.add("caseload", "object", "Orders in force at the month's end.", required: true, source: .derived)
            $0.add("caseload.total", "integer", "All of them.", required: true, source: .derived)
            $0.add("caseload.byOrderType", "map<integer>", "Per order type code.", required: true, source: .derived)
            $0.add("caseload.byCohort", "map<integer>", "Per cohort code.", required: true, source: .derived)
            $0.add("starts", "integer", "Orders whose start date fell in the month.", required: true, source: .derived)
            $0.add("ends", "integer", "Orders that ended in the month (ended early, or reached their end date).", required: true, source: .derived)
            $0.add(
                "complianceRate", "number", "Monitored wearer-days without a confirmed breach over all monitored wearer-days (0 to 1).",
                required: true, source: .derived)
            $0.add("alerts", "integer", "Alerts raised in the month.", required: true, source: .derived)
            $0.add(
                "medianHoursToFit", "number",
                "Median hours from the start of an order's start date to its first tag, over the month's fitted starts; absent when none.",
                source: .derived)
        },
        DictionaryEntity("caseloadForecast", "The caseload projected from its month-end history, with an interval.", .notStored) {
            $0.add("method", "string", "How the forecast is made, in words.", required: true, source: .derived)
            $0.add("history", "array<statisticsMonth>", "The full months it was fitted to, oldest first.", required: true, source: .derived)
            $0.add("months", "array<forecastMonth>", "The months ahead; empty with under three months of history.", required: true, source: .derived)
        },
        DictionaryEntity("forecastMonth", "One month ahead.", .notStored) {
            $0.add("month", "string", "The month (yyyy-MM).", required: true, source: .derived)
            $0.add("caseload", "number", "The projected caseload at the month's end.", required: true, source: .derived)
            $0.add("low", "number", "The bottom of the 95% interval.", required: true, source: .derived)
            $0.add("high", "number", "The top of the 95% interval.", required: true, source: .derived)
        },
    ]
}
