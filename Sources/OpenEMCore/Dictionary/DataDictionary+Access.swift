extension DataDictionary {
    /// Staff accounts, signing in, the audit log, errors and the service's health.
    static let accessAndAudit: [DictionaryEntity] = [
        DictionaryEntity("user", "A member of staff who signs in to OpenEM (never a wearer).", .userAccount) {
            $0.add("id", "id", "The user's id; the audit log names it.", required: true, source: .derived)
            $0.add("username", "string", "The name they sign in with.", required: true, personal: .directIdentifier)
            $0.add(
                "roles", "array<string>", "What they do, which decides what they may see and do.", required: true,
                values: EntityFields.codes(Role.self))
            $0.add("forceArea", "string", "Police and crime analysts: their force.")
            $0.add("probationRegion", "string", "Probation: their region.")
            $0.add("createdAt", "date-time", "When the account was created.", required: true, source: .derived)
        },
        DictionaryEntity("token", "A sign-in: the bearer token to send with each request.", .operational) {
            $0.add(
                "token", "string", "The secret to send as Authorization: Bearer (only its hash is kept).", required: true,
                source: .derived, retention: .notStored)
            $0.add("expiresAt", "date-time", "When it stops working.", required: true, source: .derived)
            $0.add(
                "roles", "array<string>", "The user's roles.", required: true, values: EntityFields.codes(Role.self),
                source: .derived)
            $0.add("forceArea", "string", "The user's force, when they have one.", source: .derived)
            $0.add("probationRegion", "string", "The user's probation region, when they have one.", source: .derived)
        },
        DictionaryEntity("signInLock", "Sign-in refused for a while after repeated wrong passwords.", .operational) {
            $0.add(
                "scope", "string", "What is locked: one user from one client, one user anywhere, or one client.", required: true,
                values: EntityFields.codes(ThrottleScope.self), source: .derived)
            $0.add("username", "string", "The user name tried.", personal: .directIdentifier, source: .derived)
            $0.add("client", "string", "The client's network address.", personal: .quasiIdentifier, source: .derived)
            $0.add("lockedUntil", "date-time", "When sign-in is allowed again.", required: true, source: .derived)
            $0.add("retryAfterSeconds", "integer", "Seconds until then.", required: true, source: .derived)
            $0.add("lockouts", "integer", "Locks in a row (each one longer).", required: true, source: .derived)
        },
        DictionaryEntity(
            "auditEntry", "One entry of the tamper-evident audit log: who read or changed what, when and why.",
            .audit
        ) {
            $0.add("seq", "integer", "The entry's position in the log, from 1 with no gaps.", required: true, source: .derived)
            $0.add("at", "date-time", "When.", required: true, source: .derived)
            $0.add("actorId", "id", "The user (or \"anonymous\").", required: true, source: .derived)
            $0.add("actorRole", "string", "Their roles, comma-separated.", required: true, source: .derived)
            $0.add("action", "string", "What they did (read, list, search, create, vary, ...).", required: true, source: .derived)
            $0.add("resourceType", "string", "What kind of record.", required: true, source: .derived)
            $0.add("resourceId", "id", "Which record.", personal: .quasiIdentifier, source: .derived)
            $0.add("purpose", "string", "The purpose they gave (location reads and searches).")
            $0.add("reference", "string", "The case or crime reference they gave.")
            $0.add(
                "outcome", "string", "Whether it was done, refused or failed.", required: true,
                values: EntityFields.codes(AuditOutcome.self), source: .derived)
            $0.add("detail", "string", "More about it: counts, windows, which personal data was read.", source: .derived)
            $0.add("prevHash", "string", "The previous entry's hash.", required: true, source: .derived)
            $0.add(
                "hash", "string", "SHA-256 over this entry and the previous hash: changing any entry breaks every later one.",
                required: true, source: .derived)
        },
        DictionaryEntity("auditVerification", "Whether the audit log's hash chain is intact.", .notStored) {
            $0.add("valid", "boolean", "True when no entry was altered, inserted or deleted.", required: true, source: .derived)
            $0.add("entries", "integer", "Entries checked.", required: true, source: .derived)
            $0.add("firstBadSeq", "integer", "The first entry that does not verify.", source: .derived)
            $0.add("problem", "string", "What is wrong with it.", source: .derived)
        },
        DictionaryEntity("error", "Why a request was refused.", .notStored) {
            $0.add("error", "object", "The error.", required: true, source: .derived)
            $0.add(
                "error.code", "string", "What is wrong, as a code (SNAKE_CASE) a program can test.", required: true,
                source: .derived)
            $0.add("error.message", "string", "What is wrong, in words.", required: true, source: .derived)
            $0.add("error.details", "array<object>", "One entry per problem (often empty).", required: true, source: .derived)
            $0.add("error.details.field", "string", "The field at fault.", source: .derived)
            $0.add("error.details.code", "string", "Its problem, as a code.", required: true, source: .derived)
            $0.add("error.details.message", "string", "Its problem, in words.", required: true, source: .derived)
        },
        DictionaryEntity("health", "Whether the service and its store are working.", .notStored) {
            $0.add(
                "status", "string", "ok, or degraded when the store cannot be reached.", required: true, values: ["ok", "degraded"],
                source: .derived)
            $0.add("version", "string", "The software version.", required: true, source: .derived)
            $0.add("store", "string", "ok, or unavailable.", required: true, values: ["ok", "unavailable"], source: .derived)
        },
    ]
}
