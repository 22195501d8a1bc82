extension DataDictionary {
    /// The dashboards' figures: aggregates over the caller's scope, never a person.
    static let statistics: [DictionaryEntity] = [
        DictionaryEntity("caseloadStatistics", "Active orders counted by order type and cohort.", .notStored) {
            $0.add("total", "integer", "Active orders.", required: true, source: .derived)
            $0.add(
                "byOrderType", "map<integer>", "Active orders per order type (keys are order type codes).", required: true,
                source: .derived)
            $0.add("byCohort", "map<integer>", "Active orders per cohort (keys are cohort codes).", required: true, source: .derived)
            $0.add(
                "table", "map<map<integer>>", "Order type by cohort: for each order type code, the count per cohort code.", required: true,
                source: .derived)
        },
        DictionaryEntity("complianceStatistics", "How many monitored days passed without a confirmed violation.", .notStored) {
            $0.add("from", "date-time", "Start of the window.", required: true, source: .derived)
            $0.add("to", "date-time", "End of the window.", required: true, source: .derived)
            $0.add("monitoredDays", "integer", "Wearer-days monitored in the window.", required: true, source: .derived)
            $0.add(
                "daysWithConfirmedViolation", "integer", "Of those, days with a confirmed violation.", required: true,
                source: .derived)
            $0.add("complianceRate", "number", "The share of monitored days with none (0 to 1).", required: true, source: .derived)
            $0.add(
                "violationsByType", "map<integer>", "Confirmed violations per violation type code.", required: true,
                source: .derived)
            $0.add(
                "weeklyTrend", "array<object>", "Confirmed violations starting in each ISO week, oldest first.", required: true,
                source: .derived)
            $0.add("weeklyTrend.week", "string", "The ISO week (yyyy-Www).", required: true, source: .derived)
            $0.add("weeklyTrend.violations", "integer", "Confirmed violations starting that week.", required: true, source: .derived)
        },
        DictionaryEntity("alcoholStatistics", "Sober days of alcohol-monitored wearers.", .notStored) {
            $0.add("from", "date-time", "Start of the window.", required: true, source: .derived)
            $0.add("to", "date-time", "End of the window.", required: true, source: .derived)
            $0.add("monitoredDays", "integer", "Wearer-days under alcohol monitoring.", required: true, source: .derived)
            $0.add("daysWithConfirmedDrinking", "integer", "Of those, days with confirmed drinking.", required: true, source: .derived)
            $0.add("soberDayRate", "number", "The share of days sober (0 to 1).", required: true, source: .derived)
        },
        DictionaryEntity("alertStatistics", "Alerts by status and severity, and how many were acknowledged in time.", .notStored) {
            $0.add("total", "integer", "Alerts.", required: true, source: .derived)
            $0.add("byStatus", "map<integer>", "Alerts per status code.", required: true, source: .derived)
            $0.add("bySeverity", "map<integer>", "Alerts per severity code.", required: true, source: .derived)
            $0.add("acknowledged", "integer", "Alerts acknowledged.", required: true, source: .derived)
            $0.add(
                "acknowledgedInTime", "integer", "Of those, acknowledged by their first deadline.", required: true,
                source: .derived)
            $0.add("slaMetRate", "number", "The share acknowledged in time (0 to 1).", required: true, source: .derived)
            $0.add("escalated", "integer", "Alerts escalated for passing their deadline.", required: true, source: .derived)
            $0.add(
                "enforcementOverdue", "integer", "Open enforcement cases whose next step is past its deadline.", required: true,
                source: .derived)
        },
        DictionaryEntity("deviceStatistics", "Devices fitted and those with a problem now.", .notStored) {
            $0.add("fitted", "integer", "Devices fitted.", required: true, source: .derived)
            $0.add("fittedByType", "map<integer>", "Devices fitted per device type code.", required: true, source: .derived)
            $0.add(
                "openProblems", "map<integer>", "Open problems per violation type code (low battery, flat, silent, tamper).",
                required: true, source: .derived)
            $0.add("devicesWithProblems", "integer", "Devices with at least one open problem.", required: true, source: .derived)
            $0.add("healthyRate", "number", "The share of fitted devices with none (0 to 1).", required: true, source: .derived)
        },
    ]

    /// The dictionary describes itself, so its own endpoint is covered like every other.
    static let dictionary: [DictionaryEntity] = [
        DictionaryEntity("dataDictionary", "This dictionary: every resource the API returns and every key in it.", .notStored) {
            $0.add("version", "string", "The dictionary's version.", required: true, source: .derived)
            $0.add("entities", "array<dictionaryEntity>", "The resources.", required: true, source: .derived)
            $0.add(
                "retentionClasses", "array<retentionPolicy>", "How long each retention class is kept by default.",
                required: true, source: .derived)
        },
        DictionaryEntity("dictionaryEntity", "A resource of the API.", .notStored) {
            $0.add("name", "string", "Its name, as the API and this dictionary's paths use it.", required: true, source: .derived)
            $0.add("description", "string", "What it is.", required: true, source: .derived)
            $0.add("fields", "array<dictionaryField>", "Its keys.", required: true, source: .derived)
        },
        DictionaryEntity("dictionaryField", "A key of a resource.", .notStored) {
            $0.add("name", "string", "The key; nested keys are dotted.", required: true, source: .derived)
            $0.add("type", "string", "Its type, or the resource it holds.", required: true, source: .derived)
            $0.add("description", "string", "What it means.", required: true, source: .derived)
            $0.add("required", "boolean", "Whether it is always present.", required: true, source: .derived)
            $0.add("allowedValues", "array<string>", "The codes it may hold.", source: .derived)
            $0.add(
                "personalData", "string", "How it relates to a person.", required: true,
                values: EntityFields.codes(PersonalDataClass.self), source: .derived)
            $0.add(
                "retentionClass", "string", "How long it is kept.", required: true, values: EntityFields.codes(RetentionClass.self),
                source: .derived)
            $0.add(
                "source", "string", "Where its value comes from.", required: true, values: EntityFields.codes(ValueSource.self),
                source: .derived)
        },
        DictionaryEntity("retentionPolicy", "How long a retention class is kept by default.", .notStored) {
            $0.add(
                "retentionClass", "string", "The class.", required: true, values: EntityFields.codes(RetentionClass.self),
                source: .derived)
            $0.add("keep", "duration", "How long (ISO-8601, for example P6Y).", required: true, source: .derived)
            $0.add(
                "after", "string", "What the period counts from.", required: true, values: EntityFields.codes(RetentionAnchor.self),
                source: .derived)
        },
    ]
}
