/// One field of an entity, as the API returns it. A nested object's fields are dotted (`identifiers.crn`); a
/// field holding another entity, or a list of one, has that entity's name as its type (`address`,
/// `array<address>`) and that entity defines its keys.
public struct DictionaryField: Codable, Sendable, Hashable {
    public var name: String
    /// `string`, `id`, `integer`, `number`, `boolean`, `date` (yyyy-MM-dd), `date-time`, `duration` (ISO-8601),
    /// `object` or `array<object>` (its keys are the dotted fields below it), `array<string>`, `geojson`
    /// (RFC 7946), `map<...>` (keys are codes, see the description; values of the type named), or an entity's name.
    public var type: String
    public var description: String
    /// Always present in the response (otherwise it may be absent or null).
    public var required: Bool
    /// The codes the field may hold, taken from the core's enums.
    public var allowedValues: [String]?
    public var personalData: PersonalDataClass
    public var retentionClass: RetentionClass
    public var source: ValueSource

    public init(
        name: String, type: String, description: String, required: Bool, allowedValues: [String]? = nil,
        personalData: PersonalDataClass, retentionClass: RetentionClass, source: ValueSource
    ) {
        self.name = name
        self.type = type
        self.description = description
        self.required = required
        self.allowedValues = allowedValues
        self.personalData = personalData
        self.retentionClass = retentionClass
        self.source = source
    }

    /// The entity this field holds (`address` for `address` or `array<address>`), when it holds one.
    public var entityType: String? {
        let inner = type.hasPrefix("array<") && type.hasSuffix(">") ? String(type.dropFirst(6).dropLast()) : type
        return inner.hasPrefix("map<") || DictionaryFieldType.primitives.contains(inner) ? nil : inner
    }

    /// Whether the field's keys are the dotted fields below it (`object`, `array<object>`).
    public var hasNestedFields: Bool { type == "object" || type == "array<object>" }
}

/// The type words that are not entity names.
public enum DictionaryFieldType {
    public static let primitives: Set<String> = [
        "string", "id", "integer", "number", "boolean", "date", "date-time", "duration", "object", "geojson",
    ]
}
