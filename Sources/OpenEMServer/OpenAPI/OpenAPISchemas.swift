import OpenEMCore

/// Component schemas of the OpenAPI document.
enum OpenAPISchemas {
    static func obj(_ required: [String], _ props: [(String, JSONValue)]) -> JSONValue {
        ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(props)]
    }
    static func enumeration(_ values: [String]) -> JSONValue { ["type": "string", "enum": .array(values.map { .string($0) })] }
    static let string: JSONValue = ["type": "string"]
    /// A note, reason or other free text: at most `TextLimits.freeText` characters.
    static let freeText: JSONValue = ["type": "string", "maxLength": .number(Double(TextLimits.freeText))]
    static let optionalString: JSONValue = ["type": ["string", "null"]]
    static let number: JSONValue = ["type": "number"]
    static let nullableNumber: JSONValue = ["type": ["number", "null"]]
    static let integer: JSONValue = ["type": "integer"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let date: JSONValue = ["type": "string", "format": "date"]
    static let latLon: JSONValue = obj(
        ["lat", "lon"],
        [
            ("lat", ["type": "number", "minimum": -90, "maximum": 90]),
            ("lon", ["type": "number", "minimum": -180, "maximum": 180]),
        ])
    static let timetable: JSONValue = [
        "type": "array",
        "items": obj(
            ["days", "from", "to"],
            [
                ("days", ["type": "array", "items": enumeration(["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"])]),
                ("from", ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"]),
                ("to", ["type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"]),
            ]),
    ]
    static let roles = enumeration(["admin", "order_manager", "monitoring_officer", "probation", "police", "crime_analyst", "analyst"])

    /// Every component schema, with the data dictionary's descriptions (`OpenAPISchemas+Dictionary.swift`).
    static var all: [(String, JSONValue)] { withDictionary(handWritten) }

    static var handWritten: [(String, JSONValue)] {
        [
            (
                "Error",
                obj(
                    ["error"],
                    [
                        (
                            "error",
                            obj(
                                ["code", "message"],
                                [
                                    ("code", string), ("message", string),
                                    (
                                        "details",
                                        [
                                            "type": "array",
                                            "items": obj(["code", "message"], [("field", string), ("code", string), ("message", string)]),
                                        ]
                                    ),
                                ])
                        )
                    ])
            ),
            ("Credentials", obj(["username", "password"], [("username", string), ("password", string)])),
            (
                "Token",
                obj(
                    ["token", "expiresAt", "roles"],
                    [
                        ("token", string), ("expiresAt", dateTime),
                        ("roles", ["type": "array", "items": roles]),
                        ("forceArea", string), ("probationRegion", string),
                    ])
            ),
            (
                "SignInLock",
                obj(
                    ["scope", "lockedUntil", "retryAfterSeconds", "lockouts"],
                    [
                        ("scope", enumeration(["USER_CLIENT", "USER", "CLIENT"])), ("username", string), ("client", string),
                        ("lockedUntil", dateTime), ("retryAfterSeconds", integer), ("lockouts", integer),
                    ])
            ),
            (
                "NewUser",
                obj(
                    ["username", "password", "roles"],
                    [
                        ("username", string), ("password", string),
                        ("roles", ["type": "array", "items": roles]),
                        ("forceArea", string), ("probationRegion", string),
                    ])
            ),
            (
                "User",
                obj(
                    ["id", "username", "roles"],
                    [
                        ("id", string), ("username", string),
                        ("roles", ["type": "array", "items": roles]),
                        ("forceArea", string), ("probationRegion", string), ("createdAt", dateTime),
                    ])
            ),
            (
                "Address",
                obj(
                    ["id", "type", "line1", "location"],
                    [
                        ("id", string),
                        ("type", enumeration(["PRIMARY", "SECONDARY", "TERTIARY"])),
                        ("line1", string), ("town", string), ("postcode", string),
                        ("location", latLon),
                    ])
            ),
            (
                "SubjectDraft",
                obj(
                    ["firstName", "lastName", "forceArea"],
                    [
                        ("firstName", string), ("lastName", string), ("dateOfBirth", date),
                        ("identifiers", obj([], [("crn", string), ("pnc", string), ("nomis", string)])),
                        ("forceArea", string), ("probationRegion", string), ("responsibleOfficer", string),
                        (
                            "addresses",
                            [
                                "type": "array",
                                "items": obj(
                                    ["type", "line1", "location"],
                                    [
                                        ("type", enumeration(["PRIMARY", "SECONDARY", "TERTIARY"])), ("line1", string), ("town", string),
                                        ("postcode", string), ("location", latLon),
                                    ]),
                            ]
                        ),
                    ])
            ),
            (
                "Subject",
                obj(
                    ["id", "firstName", "lastName", "forceArea", "addresses"],
                    [
                        ("id", string), ("firstName", string), ("lastName", string), ("dateOfBirth", date),
                        ("identifiers", obj([], [("crn", string), ("pnc", string), ("nomis", string)])),
                        ("forceArea", string), ("probationRegion", string), ("responsibleOfficer", string),
                        ("addresses", ["type": "array", "items": ref("Address")]), ("createdAt", dateTime),
                    ])
            ),
            (
                "AddressCheckDraft",
                obj(
                    ["addressId", "domesticAbuseCheck", "safeguardingCheck", "outcome"],
                    [
                        ("addressId", string), ("domesticAbuseCheck", ["type": "boolean"]), ("safeguardingCheck", ["type": "boolean"]),
                        ("outcome", enumeration(["SUITABLE", "UNSUITABLE"])), ("note", freeText),
                    ])
            ),
            (
                "AddressCheck",
                obj(
                    ["id", "subjectId", "addressId", "outcome", "checkedAt"],
                    [
                        ("id", string), ("subjectId", string), ("addressId", string), ("domesticAbuseCheck", ["type": "boolean"]),
                        ("safeguardingCheck", ["type": "boolean"]), ("outcome", enumeration(["SUITABLE", "UNSUITABLE"])),
                        ("note", string), ("checkedBy", string), ("checkedAt", dateTime),
                    ])
            ),
            (
                "Condition",
                [
                    "type": "object", "required": ["type"],
                    "properties": .object([
                        ("id", string),
                        (
                            "type",
                            enumeration([
                                "curfew", "exclusionZone", "inclusionZone", "trail", "alcohol",
                                "attendance", "nonAssociation", "victimProximity",
                            ])
                        ),
                        ("start", dateTime), ("end", dateTime),
                        ("addressId", string), ("radiusMetres", number), ("graceMinutes", integer), ("timetable", timetable),
                        ("name", string), ("geometry", ref("GeoJSONGeometry")), ("bufferMetres", number), ("schedule", timetable),
                        ("mode", enumeration(["ABSTINENCE", "LIMIT"])), ("limitTac", number),
                        ("location", latLon),
                        ("appointments", ["type": "array", "items": obj(["start", "end"], [("start", dateTime), ("end", dateTime)])]),
                        ("otherSubjectId", string), ("distanceMetres", number),
                        ("victimDeviceId", string), ("warnMetres", number), ("breachMetres", number),
                    ]),
                ]
            ),
            (
                "GeoJSONGeometry",
                obj(
                    ["type", "coordinates"],
                    [
                        ("type", enumeration(["Point", "Polygon", "MultiPolygon", "LineString"])), ("coordinates", ["type": "array"]),
                    ])
            ),
            (
                "OrderDraft",
                obj(
                    ["subjectId", "orderType", "startDate", "conditions"],
                    [
                        ("subjectId", string), ("orderType", enumeration(["BAIL", "COMMUNITY", "POST_RELEASE", "IMMIGRATION", "CIVIL", "YOUTH"])),
                        (
                            "cohort",
                            enumeration(["STANDARD", "ACQUISITIVE_CRIME", "DOMESTIC_ABUSE", "ALCOHOL", "LICENCE_VARIATION", "FOREIGN_NATIONAL"])
                        ),
                        ("startDate", date), ("endDate", date), ("timeZone", string), ("nextReviewDate", date),
                        ("conditions", ["type": "array", "items": ref("Condition")]),
                    ])
            ),
            (
                "Order",
                obj(
                    ["id", "subjectId", "version", "status", "orderType", "cohort", "startDate", "timeZone", "conditions"],
                    [
                        ("id", string), ("subjectId", string), ("version", integer), ("status", enumeration(["ACTIVE", "ENDED"])),
                        ("orderType", enumeration(["BAIL", "COMMUNITY", "POST_RELEASE", "IMMIGRATION", "CIVIL", "YOUTH"])),
                        (
                            "cohort",
                            enumeration(["STANDARD", "ACQUISITIVE_CRIME", "DOMESTIC_ABUSE", "ALCOHOL", "LICENCE_VARIATION", "FOREIGN_NATIONAL"])
                        ),
                        ("startDate", date), ("endDate", date), ("timeZone", string), ("nextReviewDate", date),
                        ("conditions", ["type": "array", "items": ref("Condition")]), ("createdAt", dateTime), ("createdBy", string),
                        ("endedAt", dateTime), ("reason", string),
                    ])
            ),
            (
                "Variation",
                obj(
                    ["conditions"],
                    [
                        ("conditions", ["type": "array", "items": ref("Condition")]),
                        ("endDate", date), ("nextReviewDate", date), ("reason", freeText),
                    ])
            ),
            (
                "DueReview",
                obj(
                    ["orderId", "subjectId", "nextReviewDate", "overdue"],
                    [
                        ("orderId", string), ("subjectId", string), ("cohort", string), ("orderType", string),
                        ("nextReviewDate", date), ("overdue", ["type": "boolean"]), ("endDate", date),
                    ])
            ),
            ("NewDevice", obj(["serial", "type"], [("serial", string), ("type", deviceType)])),
            (
                "Device",
                obj(
                    ["id", "serial", "type"],
                    [
                        ("id", string), ("serial", string), ("type", deviceType),
                        ("createdAt", dateTime), ("key", string),
                        ("activeInstallation", ref("Installation")),
                    ])
            ),
            ("NewInstallation", obj(["deviceId"], [("deviceId", string), ("installedAt", dateTime)])),
            (
                "Installation",
                obj(
                    ["id", "deviceId", "orderId", "subjectId", "installedAt"],
                    [
                        ("id", string), ("deviceId", string), ("orderId", string), ("subjectId", string),
                        ("installedAt", dateTime), ("removedAt", dateTime),
                    ])
            ),
            (
                "AuditEntry",
                obj(
                    ["seq", "at", "actorId", "action", "resourceType", "outcome", "prevHash", "hash"],
                    [
                        ("seq", integer), ("at", dateTime), ("actorId", string), ("actorRole", string), ("action", string),
                        ("resourceType", string), ("resourceId", string), ("purpose", string), ("reference", string),
                        ("outcome", enumeration(["SUCCESS", "DENIED", "FAILED"])), ("detail", string),
                        ("prevHash", string), ("hash", string),
                    ])
            ),
            (
                "AuditVerification",
                obj(
                    ["valid", "entries"],
                    [
                        ("valid", ["type": "boolean"]), ("entries", integer),
                        ("firstBadSeq", integer), ("problem", string),
                    ])
            ),
        ] + extraSchemas
    }

    static let deviceType = enumeration(["GPS_TAG", "RF_TAG", "RF_HOME_UNIT", "ALCOHOL_TAG", "GPS_ALCOHOL_TAG", "VICTIM_PHONE"])
    static func ref(_ name: String) -> JSONValue { OpenAPIDocument.ref(name) }

    /// Telemetry and what follows from it.
    static var extraSchemas: [(String, JSONValue)] {
        [
            (
                "TelemetryBatch",
                obj(
                    ["deviceId", "messages"],
                    [
                        ("deviceId", string),
                        (
                            "messages",
                            [
                                "type": "array", "maxItems": 10000,
                                "items": obj(
                                    ["seq", "type", "time"],
                                    [
                                        ("seq", integer), ("type", enumeration(["position", "rf", "alcohol", "tamper", "battery", "heartbeat"])),
                                        ("time", dateTime), ("lat", number), ("lon", number), ("accuracyMetres", number),
                                        ("source", enumeration(["GPS", "LBS", "WIFI"])), ("speed", number), ("heading", number),
                                        ("inRange", ["type": "boolean"]), ("tac", number), ("irVoltage", number), ("temperatureC", number),
                                        ("kind", enumeration(["STRAP", "CASE", "OBSTRUCTION", "HOME_UNIT_MOVED"])),
                                        ("levelPercent", number), ("charging", ["type": "boolean"]),
                                    ]),
                            ]
                        ),
                    ])
            ),
            (
                "Violation",
                obj(
                    ["id", "subjectId", "type", "status", "start", "late", "evidence"],
                    [
                        ("id", string), ("subjectId", string), ("orderId", string), ("conditionId", string), ("deviceId", string),
                        (
                            "type",
                            enumeration([
                                "CURFEW_ABSENCE", "EXCLUSION_ZONE_ENTRY", "INCLUSION_ZONE_EXIT", "ATTENDANCE_MISSED",
                                "ALCOHOL_DETECTED", "ALCOHOL_LIMIT_EXCEEDED", "NON_ASSOCIATION",
                                "VICTIM_PROXIMITY_WARNING", "VICTIM_PROXIMITY_BREACH", "TAMPER", "LOW_BATTERY",
                                "BATTERY_FLAT", "NO_COMMUNICATION",
                            ])
                        ),
                        ("status", enumeration(["PROVISIONAL", "CONFIRMED", "WITHDRAWN"])), ("start", dateTime), ("end", dateTime),
                        ("late", ["type": "boolean"]), ("createdAt", dateTime), ("updatedAt", dateTime),
                        ("outcome", OpenAPIDocument.ref("ViolationOutcome")),
                        ("outcomeHistory", ["type": "array", "items": OpenAPIDocument.ref("ViolationOutcome")]),
                        (
                            "evidence",
                            obj(
                                ["summary"],
                                [
                                    ("summary", string),
                                    (
                                        "fixes",
                                        [
                                            "type": "array",
                                            "items": obj(
                                                ["time", "lat", "lon", "source"],
                                                [
                                                    ("time", dateTime), ("lat", number), ("lon", number), ("accuracyMetres", number),
                                                    ("source", enumeration(["GPS", "LBS", "WIFI"])), ("distanceMetres", number),
                                                ]),
                                        ]
                                    ),
                                    ("readings", ["type": "object", "additionalProperties": number]),
                                    (
                                        "dataGaps",
                                        ["type": "array", "items": obj(["start", "duration"], [("start", dateTime), ("duration", number)])]
                                    ),
                                ])
                        ),
                    ])
            ),
            (
                "TelemetryResult",
                obj(
                    ["accepted", "duplicates", "rejected"],
                    [
                        ("accepted", integer), ("duplicates", integer),
                        (
                            "rejected",
                            [
                                "type": "array",
                                "items": obj(
                                    ["index", "code", "message"],
                                    [
                                        ("index", integer), ("code", string), ("message", string),
                                    ]),
                            ]
                        ),
                    ])
            ),
            (
                "AlertEvent",
                obj(
                    ["kind", "at"],
                    [
                        (
                            "kind",
                            enumeration(["RAISED", "VIOLATION_UPDATED", "ACKNOWLEDGED", "DECIDED", "CLOSED", "ESCALATED", "VIOLATION_WITHDRAWN"])
                        ),
                        ("at", dateTime), ("actorId", string), ("actorRole", string), ("decision", string), ("note", string),
                    ])
            ),
            (
                "Alert",
                obj(
                    ["id", "violationId", "subjectId", "severity", "status", "raisedAt", "ackDueAt", "history"],
                    [
                        ("id", string), ("violationId", string), ("subjectId", string), ("violationType", string),
                        ("severity", enumeration(["CRITICAL", "HIGH", "MEDIUM", "LOW"])),
                        ("status", enumeration(["OPEN", "ACKNOWLEDGED", "ACTIONED", "CLOSED"])),
                        ("raisedAt", dateTime), ("ackDueAt", dateTime), ("acknowledgedAt", dateTime),
                        ("decision", enumeration(["ATTEND", "ARREST", "WARN", "REFER_TO_PROBATION", "NO_FURTHER_ACTION"])),
                        ("decisionNote", string), ("escalated", ["type": "boolean"]), ("forceArea", string),
                        ("probationRegion", string), ("responsibleOfficer", string), ("late", ["type": "boolean"]),
                        ("violationStatus", string), ("updatedAt", dateTime), ("revision", integer),
                        ("history", ["type": "array", "items": ref("AlertEvent")]),
                    ])
            ),
            (
                "ViolationOutcomeDraft",
                obj(["outcome"], [("outcome", enumeration(ViolationOutcomeKind.allCases.map(\.rawValue))), ("note", freeText)])
            ),
            (
                "EnforcementCaseDraft",
                obj(["subjectId", "violationIds"], [("subjectId", string), ("violationIds", ["type": "array", "items": string])])
            ),
            (
                "EnforcementStepDraft",
                obj(["step"], [("step", enumeration(EnforcementStepKind.allCases.map(\.rawValue))), ("at", dateTime), ("note", freeText)])
            ),
            (
                "AlertDecision",
                obj(
                    ["decision"],
                    [
                        ("decision", enumeration(["ATTEND", "ARREST", "WARN", "REFER_TO_PROBATION", "NO_FURTHER_ACTION"])),
                        ("note", freeText),
                    ])
            ),
            (
                "WebhookDraft",
                obj(
                    ["url", "secret"],
                    [
                        ("url", string), ("secret", string), ("forceArea", string),
                        ("minSeverity", enumeration(["CRITICAL", "HIGH", "MEDIUM", "LOW"])), ("fromBeginning", ["type": "boolean"]),
                    ])
            ),
            (
                "Webhook",
                obj(
                    ["id", "url", "createdAt", "deliveredUpTo"],
                    [
                        ("id", string), ("url", string),
                        ("forceArea", string), ("minSeverity", string), ("createdAt", dateTime), ("deliveredUpTo", integer),
                    ])
            ),
            (
                "CrimeBatch",
                obj(
                    ["id", "batchRef", "status", "crimes", "errors"],
                    [
                        ("id", string), ("batchRef", string), ("forceArea", string),
                        ("status", enumeration(["SUCCESSFUL", "PARTIAL", "FAILED"])), ("crimes", integer),
                        (
                            "errors",
                            [
                                "type": "array",
                                "items": obj(
                                    ["row", "code", "message", "action"],
                                    [
                                        ("row", integer), ("code", string), ("message", string), ("action", string),
                                    ]),
                            ]
                        ),
                        ("crimeIds", ["type": "array", "items": string]),
                    ])
            ),
            (
                "AreaSearch",
                obj(
                    ["from", "to", "purpose", "reference"],
                    [
                        ("geometry", ref("GeoJSONGeometry")), ("center", obj(["lat", "lon"], [("lat", number), ("lon", number)])),
                        ("radiusMetres", number), ("from", dateTime), ("to", dateTime), ("purpose", string), ("reference", string),
                    ])
            ),
            (
                "OsmAndResult",
                obj(
                    ["accepted", "duplicates", "stored", "ignored"],
                    [
                        ("accepted", integer), ("duplicates", integer),
                        ("stored", ["type": "array", "items": enumeration(["position", "battery", "unlocated", "heartbeat"])]),
                        ("ignored", ["type": "array", "items": obj(["field", "reason"], [("field", string), ("reason", string)])]),
                    ])
            ),
            (
                // Traccar Client 9's body. Every part may be missing (a report with no position is stored as a
                // heartbeat); -1 and null mean "unknown".
                "OsmAndJSON",
                obj(
                    [],
                    [
                        ("device_id", ["type": ["string", "number"]]),
                        (
                            "location",
                            obj(
                                [],
                                [
                                    ("timestamp", ["type": ["string", "number"]]),
                                    (
                                        "coords",
                                        obj(
                                            [],
                                            [
                                                ("latitude", nullableNumber), ("longitude", nullableNumber), ("accuracy", nullableNumber),
                                                ("speed", nullableNumber), ("heading", nullableNumber), ("altitude", nullableNumber),
                                            ])
                                    ),
                                    ("battery", obj([], [("level", nullableNumber), ("is_charging", ["type": ["boolean", "null"]])])),
                                ])
                        ),
                    ])
            ),
        ]
    }
}
