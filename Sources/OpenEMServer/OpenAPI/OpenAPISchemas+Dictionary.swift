import OpenEMCore

/// Where the OpenAPI schemas meet the data dictionary. A schema that is a dictionary entity takes each property's
/// description, and its codes as an `enum`, from the dictionary; the resources no schema here was written for are
/// generated from it. So the document and the dictionary cannot disagree (a test checks the properties both ways).
extension OpenAPISchemas {
    /// Response schemas written by hand and the entity each is: their properties are exactly its fields.
    static let entityOfSchema: [(schema: String, entity: String)] = [
        ("Error", "error"), ("Token", "token"), ("SignInLock", "signInLock"), ("User", "user"), ("Address", "address"),
        ("Subject", "subject"), ("AddressCheck", "addressCheck"), ("Condition", "condition"), ("Order", "order"),
        ("DueReview", "reviewDue"), ("Device", "device"), ("Installation", "installation"), ("AuditEntry", "auditEntry"),
        ("AuditVerification", "auditVerification"), ("Violation", "violation"), ("TelemetryResult", "telemetryResult"),
        ("AlertEvent", "alertEvent"), ("Alert", "alert"), ("Webhook", "webhook"), ("CrimeBatch", "crimeBatch"),
        ("OsmAndResult", "osmAndResult"),
    ]

    /// Request bodies and the entity they create or change: described from it where a property is one of its fields
    /// (a password, say, is not a field of anything the API returns).
    static let entityOfRequestSchema: [(schema: String, entity: String)] = [
        ("NewUser", "user"), ("SubjectDraft", "subject"), ("AddressCheckDraft", "addressCheck"), ("OrderDraft", "order"),
        ("Variation", "order"), ("NewDevice", "device"), ("NewInstallation", "installation"), ("WebhookDraft", "webhook"),
        ("AlertDecision", "alert"), ("ViolationOutcomeDraft", "violationOutcome"), ("EnforcementCaseDraft", "enforcementCase"),
        ("EnforcementStepDraft", "enforcementStep"),
    ]

    /// Entities whose schema is generated from the dictionary, by schema name.
    static let generatedEntities: [(schema: String, entity: String)] = [
        ("CrimeBatchMatches", "crimeBatchMatches"), ("CrimeWithMatches", "crime"), ("CrimeMatch", "crimeMatch"),
        ("Pass", "pass"), ("PassPosition", "passPosition"), ("AreaSearchResponse", "areaSearch"),
        ("AreaSearchResult", "areaSearchResult"), ("CaseloadStatistics", "caseloadStatistics"),
        ("ComplianceStatistics", "complianceStatistics"), ("AlcoholStatistics", "alcoholStatistics"),
        ("AlertStatistics", "alertStatistics"), ("DeviceStatistics", "deviceStatistics"), ("Health", "health"),
        ("DataDictionary", "dataDictionary"), ("DictionaryEntity", "dictionaryEntity"), ("DictionaryField", "dictionaryField"),
        ("RetentionPolicy", "retentionPolicy"), ("DataQuality", "dataQuality"), ("DataQualityRule", "dataQualityRule"),
        ("DataQualityHistory", "dataQualityHistory"), ("DataQualityDay", "dataQualityDay"),
        ("MonthlyStatistics", "monthlyStatistics"), ("StatisticsMonth", "statisticsMonth"), ("CaseloadForecast", "caseloadForecast"),
        ("ForecastMonth", "forecastMonth"), ("ServiceStatistics", "serviceStatistics"),
        ("AlertOutcomes", "alertOutcomes"), ("CourtUse", "courtUse"), ("Benefits", "benefits"),
        ("ViolationOutcome", "violationOutcome"), ("EnforcementCase", "enforcementCase"), ("EnforcementStep", "enforcementStep"),
        ("ExtractProject", "extractProject"), ("Extract", "extract"), ("ExtractColumn", "extractColumn"),
        ("RetentionSchedule", "retentionSchedule"), ("RetentionRule", "retentionRule"), ("LegalHold", "legalHold"),
    ]

    /// The schema an entity is described by, for references between them.
    static func schemaName(of entity: String) -> String? {
        (entityOfSchema + generatedEntities).first { $0.entity == entity }?.schema
    }

    /// Every schema: the hand-written ones with the dictionary's descriptions, then the generated ones.
    static func withDictionary(_ schemas: [(String, JSONValue)]) -> [(String, JSONValue)] {
        let entityOf = Dictionary((entityOfSchema + entityOfRequestSchema).map { ($0.schema, $0.entity) }, uniquingKeysWith: { a, _ in a })
        let described = schemas.map { name, schema -> (String, JSONValue) in
            guard let e = entityOf[name].flatMap(DataDictionary.entity) else { return (name, schema) }
            return (name, describe(schema, e, prefix: ""))
        }
        return described + generatedEntities.compactMap { s in DataDictionary.entity(s.entity).map { (s.schema, generated($0)) } }
    }

    /// A schema with the dictionary's description on each property that is a field of the entity (nested objects
    /// and the items of lists of objects by their dotted paths).
    static func describe(_ schema: JSONValue, _ entity: DictionaryEntity, prefix: String) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        for i in members.indices {
            switch members[i].0 {
            case "items":
                members[i].1 = describe(members[i].1, entity, prefix: prefix)
            case "properties":
                guard case .object(let props) = members[i].1 else { continue }
                members[i].1 = .object(
                    props.map { name, prop in
                        let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                        guard let field = entity.field(path) else { return (name, prop) }
                        // A field that holds another entity (a draft's addresses) is described by that entity.
                        let inner = field.entityType.flatMap(DataDictionary.entity)
                        return (name, annotate(inner.map { describe(prop, $0, prefix: "") } ?? describe(prop, entity, prefix: path), field))
                    })
            default: continue
            }
        }
        return .object(members)
    }

    /// A property's schema with the field's description, and its codes as an enum when it is a plain string.
    static func annotate(_ schema: JSONValue, _ field: DictionaryField) -> JSONValue {
        guard case .object(var members) = schema else { return schema }
        if let values = field.allowedValues, schema["enum"] == nil, schema["$ref"] == nil, case .string("string")? = schema["type"] {
            members.append(("enum", .array(values.map { .string($0) })))
        }
        members.removeAll { $0.0 == "description" }
        members.append(("description", .string(field.description)))
        return .object(members)
    }

    /// An entity's schema, written from its fields.
    static func generated(_ e: DictionaryEntity) -> JSONValue { object(e, prefix: "") }

    static func object(_ e: DictionaryEntity, prefix: String) -> JSONValue {
        let level = prefix.isEmpty ? "" : prefix + "."
        let fields = e.fields.filter { $0.name.hasPrefix(level) && !$0.name.dropFirst(level.count).contains(".") }
        let key = { (f: DictionaryField) in String(f.name.dropFirst(level.count)) }
        return [
            "type": "object", "required": .array(fields.filter(\.required).map { .string(key($0)) }),
            "properties": .object(fields.map { (key($0), annotate(schema(of: $0, in: e), $0)) }),
        ]
    }

    static func schema(of f: DictionaryField, in e: DictionaryEntity) -> JSONValue {
        if f.type == "object" { return object(e, prefix: f.name) }
        if f.type == "array<object>" { return ["type": "array", "items": object(e, prefix: f.name)] }
        if f.type.hasPrefix("array<") {
            let inner = String(f.type.dropFirst(6).dropLast())
            if let entity = f.entityType { return ["type": "array", "items": ref(schemaName(of: entity) ?? entity)] }
            guard let values = f.allowedValues, case .object(var item) = primitive(inner) else {
                return ["type": "array", "items": primitive(inner)]
            }
            item.append(("enum", .array(values.map { .string($0) })))
            return ["type": "array", "items": .object(item)]
        }
        if f.type.hasPrefix("map<") {
            return ["type": "object", "additionalProperties": mapValue(String(f.type.dropFirst(4).dropLast()))]
        }
        if let inner = f.entityType { return ref(schemaName(of: inner) ?? inner) }
        return primitive(f.type)
    }

    static func mapValue(_ type: String) -> JSONValue {
        type.hasPrefix("map<") ? ["type": "object", "additionalProperties": mapValue(String(type.dropFirst(4).dropLast()))] : primitive(type)
    }

    static func primitive(_ type: String) -> JSONValue {
        switch type {
        case "integer": integer
        case "number": number
        case "boolean": ["type": "boolean"]
        case "date": date
        case "date-time": dateTime
        case "duration": ["type": "string", "format": "duration"]
        case "geojson": ref("GeoJSONGeometry")
        default: string
        }
    }
}
