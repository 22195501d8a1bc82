/// A resource the API returns, named as the API names it, with every key it may carry.
public struct DictionaryEntity: Codable, Sendable, Hashable {
    public var name: String
    public var description: String
    public var fields: [DictionaryField]

    public init(name: String, description: String, fields: [DictionaryField]) {
        self.name = name
        self.description = description
        self.fields = fields
    }

    public func field(_ name: String) -> DictionaryField? { fields.first { $0.name == name } }
}

/// Writing an entity's fields: most of an entity's fields share its retention class and personal-data class, so
/// a field names only what differs.
struct EntityFields {
    let retention: RetentionClass
    var fields: [DictionaryField] = []

    init(_ retention: RetentionClass) { self.retention = retention }

    mutating func add(
        _ name: String, _ type: String, _ description: String, required: Bool = false, values: [String]? = nil,
        personal: PersonalDataClass = .none, source: ValueSource = .user, retention: RetentionClass? = nil
    ) {
        fields.append(
            DictionaryField(
                name: name, type: type, description: description, required: required, allowedValues: values,
                personalData: personal, retentionClass: retention ?? self.retention, source: source))
    }

    /// The codes of a core enum, so the dictionary cannot drift from what the code accepts.
    static func codes<E: CaseIterable & RawRepresentable>(_ type: E.Type) -> [String] where E.RawValue == String {
        type.allCases.map(\.rawValue)
    }
}

extension DictionaryEntity {
    init(_ name: String, _ description: String, _ retention: RetentionClass, _ build: (inout EntityFields) -> Void) {
        var f = EntityFields(retention)
        build(&f)
        self.init(name: name, description: description, fields: f.fields)
    }
}
