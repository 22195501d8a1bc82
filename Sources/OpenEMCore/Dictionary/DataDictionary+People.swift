extension DataDictionary {
    /// Wearers, their addresses and address checks, orders and their conditions.
    static let peopleAndOrders: [DictionaryEntity] = [
        DictionaryEntity("subject", "A person who wears a tag (the wearer), with the addresses they may be monitored at.", .subjectRecord) {
            $0.add(
                "id", "id", "OpenEM's id for the wearer; every order, violation and alert names it.", required: true,
                personal: .quasiIdentifier, source: .derived)
            $0.add("firstName", "string", "The wearer's first name.", required: true, personal: .directIdentifier)
            $0.add("lastName", "string", "The wearer's last name.", required: true, personal: .directIdentifier)
            $0.add("dateOfBirth", "date", "The wearer's date of birth.", personal: .quasiIdentifier)
            $0.add(
                "identifiers", "object", "The wearer's numbers in other justice systems.", required: true,
                personal: .directIdentifier)
            $0.add(
                "identifiers.crn", "string", "Case Reference Number in probation's case management system (nDelius).",
                personal: .directIdentifier)
            $0.add("identifiers.pnc", "string", "Police National Computer number.", personal: .directIdentifier)
            $0.add(
                "identifiers.nomis", "string", "Prison number in NOMIS, for people released from custody.",
                personal: .directIdentifier)
            $0.add(
                "forceArea", "string",
                "The police force whose area the wearer lives in (a code such as MPS); it decides "
                    + "which force sees the wearer and their alerts.", required: true, personal: .quasiIdentifier)
            $0.add("probationRegion", "string", "The probation region that supervises the wearer.", personal: .quasiIdentifier)
            $0.add(
                "responsibleOfficer", "string", "The probation officer responsible for the wearer (their user name).",
                personal: .quasiIdentifier)
            $0.add(
                "addresses", "array<address>", "The addresses the wearer may be monitored at.", required: true,
                personal: .location)
            $0.add("createdAt", "date-time", "When the wearer was added to OpenEM.", source: .derived)
        },
        DictionaryEntity("address", "One of a wearer's addresses, with the point a curfew is measured from.", .subjectRecord) {
            $0.add("id", "id", "The address's id; a curfew condition names it.", required: true, source: .derived)
            $0.add(
                "type", "string", "Whether it is the wearer's main (PRIMARY) or another address.", required: true,
                values: EntityFields.codes(AddressType.self))
            $0.add("line1", "string", "The first line of the address.", required: true, personal: .location)
            $0.add("town", "string", "The town.", personal: .location)
            $0.add("postcode", "string", "The postcode.", personal: .location)
            $0.add("location", "object", "The point on the map for the address (WGS84).", required: true, personal: .location)
            $0.add("location.lat", "number", "Latitude in degrees.", required: true, personal: .location)
            $0.add("location.lon", "number", "Longitude in degrees.", required: true, personal: .location)
        },
        DictionaryEntity(
            "addressCheck",
            "The domestic-abuse and safeguarding check of an address, needed before a curfew there "
                + "can start.", .subjectRecord
        ) {
            $0.add("id", "id", "The check's id.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer whose address was checked.", required: true, personal: .quasiIdentifier)
            $0.add("addressId", "id", "The address checked.", required: true)
            $0.add("domesticAbuseCheck", "boolean", "Whether domestic-abuse enquiries were made about the address.", required: true)
            $0.add(
                "safeguardingCheck", "boolean", "Whether safeguarding (children and adults at risk) enquiries were made.",
                required: true)
            $0.add(
                "outcome", "string", "Whether the address was found suitable for a curfew.", required: true,
                values: EntityFields.codes(AddressCheck.Outcome.self))
            $0.add("note", "string", "What the officer recorded about the check, in their words.", personal: .quasiIdentifier)
            $0.add("checkedBy", "id", "The user who recorded the check.", required: true, source: .derived)
            $0.add("checkedAt", "date-time", "When the check was recorded.", required: true, source: .derived)
        },
        DictionaryEntity(
            "order",
            "One version of a court order or licence that requires monitoring, with its conditions. "
                + "A variation writes a new version; earlier ones stay readable.", .orderRecord
        ) {
            $0.add("id", "id", "The order's id (the same for every version).", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer the order is for.", required: true, personal: .quasiIdentifier)
            $0.add(
                "version", "integer", "The version number, 1 for the order as made, one more for each variation or review.",
                required: true, source: .derived)
            $0.add(
                "status", "string", "Whether the order is in force (ACTIVE) or has ended.", required: true,
                values: EntityFields.codes(OrderStatus.self), source: .derived)
            $0.add(
                "orderType", "string",
                "The kind of order: bail, community order, licence after release, immigration, "
                    + "civil or youth.", required: true, values: EntityFields.codes(OrderType.self))
            $0.add(
                "cohort", "string",
                "The scheme the order belongs to (standard, acquisitive crime, domestic abuse, "
                    + "alcohol, ...), which decides reviews and reporting.", required: true, values: EntityFields.codes(Cohort.self))
            $0.add("startDate", "date", "The first day of monitoring, in the order's time zone.", required: true)
            $0.add("endDate", "date", "The last day of monitoring, when the order gives one.")
            $0.add("timeZone", "string", "The time zone curfew hours and dates are read in (Europe/London).", required: true)
            $0.add("nextReviewDate", "date", "When the order is next due for review.")
            $0.add("conditions", "array<condition>", "What the wearer must or must not do.", required: true)
            $0.add("createdAt", "date-time", "When this version was recorded.", required: true, source: .derived)
            $0.add("createdBy", "id", "The user who recorded this version.", required: true, source: .derived)
            $0.add("endedAt", "date-time", "When the order was ended early, if it was.", source: .derived)
            $0.add(
                "reason", "string", "Why this version was written (a variation's or ending's reason, or \"review\").",
                personal: .quasiIdentifier)
        },
        condition,
        DictionaryEntity("reviewDue", "An active order whose review is due soon or overdue.", .notStored) {
            $0.add("orderId", "id", "The order to review.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer.", required: true, personal: .quasiIdentifier, source: .derived)
            $0.add("cohort", "string", "The order's cohort.", required: true, values: EntityFields.codes(Cohort.self), source: .derived)
            $0.add(
                "orderType", "string", "The order's type.", required: true, values: EntityFields.codes(OrderType.self),
                source: .derived)
            $0.add("nextReviewDate", "date", "When the review is due.", required: true, source: .derived)
            $0.add("overdue", "boolean", "Whether the review date has passed.", required: true, source: .derived)
            $0.add("endDate", "date", "The order's last day, when it has one.", source: .derived)
        },
    ]

    static let condition = DictionaryEntity(
        "condition",
        "One requirement of an order: a curfew, a zone, a trail, alcohol monitoring, attendance, "
            + "keeping away from a person or a victim. Which fields it has depends on its type.", .orderRecord
    ) {
        $0.add("id", "id", "The condition's id; violations name it.", required: true, source: .derived)
        $0.add("type", "string", "The kind of condition.", required: true, values: ConditionRule.typeNames)
        $0.add("start", "date-time", "When the condition starts, if later than the order.")
        $0.add("end", "date-time", "When the condition ends, if earlier than the order.")
        $0.add("addressId", "id", "Curfew: the address the wearer must be at.")
        $0.add(
            "radiusMetres", "number",
            "Curfew: how far from the address still counts as in (metres). Zone drawn as a point: "
                + "its radius. Attendance: how near the place counts as there.")
        $0.add("graceMinutes", "integer", "Curfew and attendance: minutes of lateness allowed before it is a violation.")
        $0.add("timetable", "array<object>", "Curfew: the weekly hours the wearer must be in.")
        $0.add("timetable.days", "array<string>", "The days a row applies to.", values: EntityFields.codes(Weekday.self))
        $0.add("timetable.from", "string", "Start time of day (HH:mm, local time).")
        $0.add("timetable.to", "string", "End time of day (HH:mm, local time); earlier than from means the next morning.")
        $0.add("name", "string", "Zone: its name as the order gives it (for example \"Victim's street\").", personal: .location)
        $0.add("geometry", "geojson", "Zone: its shape, a GeoJSON Polygon, MultiPolygon or Point.", personal: .location)
        $0.add("bufferMetres", "number", "Zone: a margin around the shape that also counts (metres).")
        $0.add("schedule", "array<object>", "Zone: the weekly hours it applies (always, when absent).")
        $0.add("schedule.days", "array<string>", "The days a row applies to.", values: EntityFields.codes(Weekday.self))
        $0.add("schedule.from", "string", "Start time of day (HH:mm, local time).")
        $0.add("schedule.to", "string", "End time of day (HH:mm, local time).")
        $0.add(
            "mode", "string", "Alcohol: no alcohol at all (ABSTINENCE) or a limit.", values: EntityFields.codes(AlcoholMode.self),
            personal: .specialCategory)
        $0.add(
            "limitTac", "number", "Alcohol: the highest transdermal alcohol concentration allowed (g/dL).",
            personal: .specialCategory)
        $0.add("location", "object", "Attendance: the place the wearer must attend.", personal: .location)
        $0.add("location.lat", "number", "Latitude in degrees.", personal: .location)
        $0.add("location.lon", "number", "Longitude in degrees.", personal: .location)
        $0.add("appointments", "array<object>", "Attendance: the appointments to attend.")
        $0.add("appointments.start", "date-time", "When the appointment starts.")
        $0.add("appointments.end", "date-time", "When the appointment ends.")
        $0.add("otherSubjectId", "id", "Non-association: the other wearer to keep away from.", personal: .quasiIdentifier)
        $0.add("distanceMetres", "number", "Non-association: how close the two may come (metres).")
        $0.add("victimDeviceId", "id", "Victim proximity: the victim's phone or device.", personal: .quasiIdentifier)
        $0.add("warnMetres", "number", "Victim proximity: the distance at which a warning is raised (metres).")
        $0.add("breachMetres", "number", "Victim proximity: the distance that is a breach (metres).")
    }
}
