extension DataDictionary {
    /// What the rules found and what people did about it.
    static let violationsAndAlerts: [DictionaryEntity] = [
        DictionaryEntity(
            "violation",
            "A breach of a condition (or a device problem) that OpenEM's rules found in the telemetry, "
                + "with the evidence for it.", .violationAlert
        ) {
            $0.add("id", "id", "The violation's id.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer.", required: true, personal: .quasiIdentifier, source: .derived)
            $0.add("orderId", "id", "The order whose condition was breached (absent for some device problems).", source: .derived)
            $0.add("conditionId", "id", "The condition breached.", source: .derived)
            $0.add("deviceId", "id", "The device the evidence came from.", source: .derived)
            $0.add("type", "string", "What happened.", required: true, values: EntityFields.codes(ViolationType.self), source: .derived)
            $0.add(
                "status", "string",
                "PROVISIONAL while it may still change, CONFIRMED once it is settled, WITHDRAWN when later "
                    + "data showed it did not happen.", required: true, values: EntityFields.codes(ViolationStatus.self),
                source: .derived)
            $0.add("start", "date-time", "When it started.", required: true, source: .derived)
            $0.add("end", "date-time", "When it ended; absent while it goes on.", source: .derived)
            $0.add(
                "late", "boolean", "Whether it was found from data that arrived late (a backlog upload).", required: true,
                source: .derived)
            $0.add("evidence", "object", "What the finding rests on.", required: true, source: .derived)
            $0.add(
                "outcome", "violationOutcome",
                "The supervising officer's current conclusion about it (the last recorded); absent until one is recorded.")
            $0.add("outcomeHistory", "array<violationOutcome>", "Every outcome recorded for it, oldest first; absent when none.")
            $0.add(
                "evidence.summary", "string", "The finding in one plain sentence.", required: true, personal: .quasiIdentifier,
                source: .derived)
            $0.add(
                "evidence.fixes", "array<object>", "The position fixes cited, with their accuracy.", required: true,
                personal: .location, source: .device)
            $0.add("evidence.fixes.time", "date-time", "When the fix was taken.", required: true, source: .device)
            $0.add("evidence.fixes.lat", "number", "Latitude in degrees.", required: true, personal: .location, source: .device)
            $0.add("evidence.fixes.lon", "number", "Longitude in degrees.", required: true, personal: .location, source: .device)
            $0.add(
                "evidence.fixes.accuracyMetres", "number",
                "How far the true position may be from the fix (metres); absent when "
                    + "the device did not say.", personal: .location, source: .device)
            $0.add(
                "evidence.fixes.source", "string", "How the device found the position.", required: true,
                values: EntityFields.codes(PositionSource.self), source: .device)
            $0.add(
                "evidence.fixes.distanceMetres", "number",
                "Metres from the zone edge, address or other person (negative: "
                    + "inside).", personal: .location, source: .derived)
            $0.add(
                "evidence.readings", "map<number>", "Readings cited, by name (for example tac, the alcohol concentration).",
                required: true, personal: .specialCategory, source: .device)
            $0.add(
                "evidence.dataGaps", "array<object>", "Periods with no data from the device, which could hide or explain it.",
                required: true, source: .derived)
            $0.add("evidence.dataGaps.start", "date-time", "When the gap began.", required: true, source: .derived)
            $0.add("evidence.dataGaps.duration", "number", "How long it lasted (seconds).", required: true, source: .derived)
            $0.add("createdAt", "date-time", "When OpenEM first recorded it.", required: true, source: .derived)
            $0.add("updatedAt", "date-time", "When it last changed.", required: true, source: .derived)
        },
        DictionaryEntity(
            "alert",
            "A violation put in front of the monitoring centre, police or probation to act on, with "
                + "everything done about it.", .violationAlert
        ) {
            $0.add("id", "id", "The alert's id.", required: true, source: .derived)
            $0.add("violationId", "id", "The violation it was raised for.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer.", required: true, personal: .quasiIdentifier, source: .derived)
            $0.add(
                "violationType", "string", "What happened.", required: true, values: EntityFields.codes(ViolationType.self),
                source: .derived)
            $0.add(
                "severity", "string", "How urgent it is; it decides the deadline to acknowledge.", required: true,
                values: EntityFields.codes(Severity.self), source: .derived)
            $0.add(
                "status", "string", "Where it is in its handling.", required: true, values: EntityFields.codes(AlertStatus.self),
                source: .derived)
            $0.add("raisedAt", "date-time", "When it was raised.", required: true, source: .derived)
            $0.add("ackDueAt", "date-time", "When it must be acknowledged by.", required: true, source: .derived)
            $0.add("acknowledgedAt", "date-time", "When someone acknowledged it.")
            $0.add("decision", "string", "What was decided.", values: EntityFields.codes(AlertDecision.self))
            $0.add("decisionNote", "string", "Why, in the decider's words.", personal: .quasiIdentifier)
            $0.add(
                "escalated", "boolean", "Whether it passed its deadline unacknowledged and was raised a level.", required: true,
                source: .derived)
            $0.add(
                "forceArea", "string", "The force the wearer belongs to (decides who sees it).", required: true,
                personal: .quasiIdentifier, source: .derived)
            $0.add("probationRegion", "string", "The wearer's probation region.", personal: .quasiIdentifier, source: .derived)
            $0.add("responsibleOfficer", "string", "The wearer's probation officer.", personal: .quasiIdentifier, source: .derived)
            $0.add("late", "boolean", "Whether the violation was found from late data.", required: true, source: .derived)
            $0.add(
                "violationStatus", "string", "The violation's status now.", required: true,
                values: EntityFields.codes(ViolationStatus.self), source: .derived)
            $0.add("history", "array<alertEvent>", "Every step in its handling, oldest first.", required: true)
            $0.add("updatedAt", "date-time", "When it last changed.", required: true, source: .derived)
            $0.add(
                "revision", "integer", "Goes up by one on every change, so a feed can order and de-duplicate updates.",
                required: true, source: .derived)
        },
        DictionaryEntity(
            "alertEvent", "One step in an alert's handling: raised, acknowledged, decided, escalated, closed.",
            .violationAlert
        ) {
            $0.add(
                "kind", "string", "What happened.", required: true, values: EntityFields.codes(AlertEvent.Kind.self),
                source: .derived)
            $0.add("at", "date-time", "When.", required: true, source: .derived)
            $0.add("actorId", "id", "The user who did it (absent for OpenEM's own steps).", source: .derived)
            $0.add("actorRole", "string", "Their role.", source: .derived)
            $0.add("decision", "string", "The decision made, for a DECIDED step.", values: EntityFields.codes(AlertDecision.self))
            $0.add("note", "string", "What the user wrote.", personal: .quasiIdentifier)
        },
        DictionaryEntity(
            "webhook",
            "A subscription that sends alerts to another system as they happen, signed and retried in "
                + "order.", .operational
        ) {
            $0.add("id", "id", "The subscription's id.", required: true, source: .derived)
            $0.add("url", "string", "Where alerts are sent.", required: true)
            $0.add("forceArea", "string", "Only alerts of this force, when set.")
            $0.add("minSeverity", "string", "Only alerts at least this severe, when set.", values: EntityFields.codes(Severity.self))
            $0.add("createdAt", "date-time", "When it was created.", required: true, source: .derived)
            $0.add(
                "deliveredUpTo", "integer", "The last alert event delivered (its position in the outbox).", required: true,
                source: .derived)
        },
        DictionaryEntity("webhookDelivery", "What a webhook receiver is sent for each new or changed alert.", .notStored) {
            $0.add(
                "deliveryId", "string", "The delivery's id: the same when a delivery is retried, so a receiver can drop repeats.",
                required: true, source: .derived)
            $0.add(
                "sequence", "integer", "The alert event's place in the order of events; deliveries arrive in this order.",
                required: true, source: .derived)
            $0.add("event", "string", "What is delivered.", required: true, values: ["alert"], source: .derived)
            $0.add("alert", "alert", "The alert as it is now.", required: true, source: .derived)
        },
    ]
}
