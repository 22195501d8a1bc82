extension DataDictionary {
    static let enforcement: [DictionaryEntity] = [
        DictionaryEntity(
            "violationOutcome",
            "What the supervising officer concluded about a violation: a reasonable excuse accepted, no "
                + "excuse, or enforcement. A later one replaces it as the current outcome; every one is kept.", .violationAlert
        ) {
            $0.add("id", "id", "The outcome's id.", required: true, source: .derived)
            $0.add("violationId", "id", "The violation it is about.", required: true)
            $0.add("subjectId", "id", "The wearer.", required: true, personal: .quasiIdentifier, source: .derived)
            $0.add(
                "outcome", "string",
                "A reasonable excuse accepted (the violation then does not count against compliance), no excuse, or "
                    + "enforcement (it is in an enforcement case).", required: true,
                values: EntityFields.codes(ViolationOutcomeKind.self))
            $0.add("note", "string", "Why, in the officer's words.", personal: .quasiIdentifier)
            $0.add("recordedBy", "id", "The user who recorded it.", required: true, source: .derived)
            $0.add("recordedAt", "date-time", "When it was recorded.", required: true, source: .derived)
        },
        DictionaryEntity(
            "enforcementCase",
            "One or more of a wearer's violations enforced together: warning letter, breach pack, recall "
                + "or summons, hearing, closed, each dated, on the deadlines of docs/enforcement.md.", .violationAlert
        ) {
            $0.add("id", "id", "The case's id.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer.", required: true, personal: .quasiIdentifier)
            $0.add("orderId", "id", "The order breached (that of the first violation).", source: .derived)
            $0.add(
                "orderType", "string", "That order's type, which decides the deadlines.", values: EntityFields.codes(OrderType.self),
                source: .derived)
            $0.add("violationIds", "array<id>", "The violations enforced.", required: true)
            $0.add("openedBy", "id", "The user who opened it.", required: true, source: .derived)
            $0.add("openedAt", "date-time", "When it was opened.", required: true, source: .derived)
            $0.add("steps", "array<enforcementStep>", "Its steps, in the order they happened.", required: true)
            $0.add(
                "revision", "integer", "Goes up by one on every change.", required: true, source: .derived)
            $0.add(
                "status", "string", "Closed once its closing step is recorded, else open.", required: true,
                values: EntityFields.codes(EnforcementCaseStatus.self), source: .derived)
            $0.add(
                "nextStep", "string", "The step the next deadline is for; absent when no deadline applies.",
                values: EntityFields.codes(EnforcementStepKind.self), source: .derived)
            $0.add("nextStepDueBy", "date-time", "When that step is due (the end of a working day, UK time).", source: .derived)
            $0.add("overdue", "boolean", "Whether that deadline has passed.", required: true, source: .derived)
        },
        DictionaryEntity("enforcementStep", "One dated step of an enforcement case.", .violationAlert) {
            $0.add("step", "string", "What was done.", required: true, values: EntityFields.codes(EnforcementStepKind.self))
            $0.add("at", "date-time", "When it happened (the letter sent, the hearing held).", required: true)
            $0.add("note", "string", "What the officer wrote.", personal: .quasiIdentifier)
            $0.add("recordedBy", "id", "The user who recorded it.", required: true, source: .derived)
            $0.add("recordedAt", "date-time", "When it was recorded.", required: true, source: .derived)
        },
    ]
}
