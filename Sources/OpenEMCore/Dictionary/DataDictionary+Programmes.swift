extension DataDictionary {
    /// What the MoJ's programmes measure: breach outcomes, EM use by court, a benefits panel. Aggregates, never a person.
    static let programmes: [DictionaryEntity] = [
        DictionaryEntity("alertOutcomes", "What alerts raised in a window led to, by force area and cohort.", .notStored) {
            $0.add("from", "date-time", "Start of the window.", required: true, source: .derived)
            $0.add("to", "date-time", "End of the window.", required: true, source: .derived)
            $0.add("rows", "array<object>", "A row per force area and cohort with alerts, in that order.", required: true, source: .derived)
            $0.add("rows.forceArea", "string", "The alert's police force area code.", required: true, source: .derived)
            $0.add(
                "rows.cohort", "string", "The cohort of the wearer's order in force when the alert was raised (else their latest); UNKNOWN.",
                required: true, source: .derived)
            $0.add("rows.alerts", "integer", "Alerts raised.", required: true, source: .derived)
            $0.add(
                "rows.decisions", "map<integer>", "Alerts with a decision, per decision code (ARREST, WARN, ...).", required: true, source: .derived)
            $0.add(
                "rows.violationOutcomes", "map<integer>", "The alerts' violations with a recorded outcome, per current outcome code.",
                required: true, source: .derived)
        },
        DictionaryEntity("courtUse", "Orders started per deciding court and month.", .notStored) {
            $0.add("from", "string", "The first month (yyyy-MM).", required: true, source: .derived)
            $0.add("to", "string", "The last month (yyyy-MM).", required: true, source: .derived)
            $0.add("rows", "array<object>", "A row per court and month with orders, oldest first.", required: true, source: .derived)
            $0.add(
                "rows.court", "string", "The deciding court; \"unknown\" until orders record their source court.", required: true,
                source: .derived)
            $0.add("rows.month", "string", "The month (yyyy-MM).", required: true, source: .derived)
            $0.add("rows.orders", "integer", "Orders whose start date fell in the month.", required: true, source: .derived)
        },
        DictionaryEntity("benefits", "Days monitored by order type against configured daily costs of custody and of a tag.", .notStored) {
            $0.add("from", "date-time", "Start of the window.", required: true, source: .derived)
            $0.add("to", "date-time", "End of the window.", required: true, source: .derived)
            $0.add("costs", "object", "The daily costs used: configurable assumptions, each with its source.", required: true, source: .derived)
            $0.add("costs.currency", "string", "ISO 4217 currency code.", required: true, source: .derived)
            $0.add("costs.custodyPerDay", "number", "Cost of a day in custody.", required: true, source: .derived)
            $0.add("costs.custodySource", "string", "Where that figure comes from.", required: true, source: .derived)
            $0.add("costs.tagPerDay", "number", "Cost of a wearer-day on a tag; absent until the service sets it.", source: .derived)
            $0.add("costs.tagSource", "string", "Where that figure comes from.", required: true, source: .derived)
            $0.add("byOrderType", "array<object>", "A row per order type.", required: true, source: .derived)
            $0.add("byOrderType.orderType", "string", "The order type code.", required: true, source: .derived)
            $0.add("byOrderType.daysMonitored", "number", "Wearer-days of orders in force in the window.", required: true, source: .derived)
            $0.add("byOrderType.custodyCost", "number", "daysMonitored times custodyPerDay.", required: true, source: .derived)
            $0.add("byOrderType.tagCost", "number", "daysMonitored times tagPerDay; absent while that is not set.", source: .derived)
            $0.add("byOrderType.difference", "number", "custodyCost minus tagCost; absent while tagPerDay is not set.", source: .derived)
            $0.add("note", "string", "What the figures do and do not say.", required: true, source: .derived)
        },
    ]
}
