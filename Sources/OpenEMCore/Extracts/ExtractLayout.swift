/// The columns of an extract, read from the data dictionary's `extractRow`, so that a column is in an extract only
/// when the dictionary defines it with its personal-data class. A direct identifier or a location is refused: no
/// extract can carry a name, a CRN, an address, a postcode or a position, whatever the dictionary later says.
public struct ExtractLayout: Sendable {
    public let columns: [DictionaryField]
    /// The columns k-anonymity groups rows by: exactly the entity's quasi-identifiers.
    public let quasiIdentifiers: [String]

    public static let refusedClasses: Set<PersonalDataClass> = [.directIdentifier, .location]

    public init(_ entity: DictionaryEntity = DataDictionary.extractRow) throws(ExtractLayoutError) {
        for f in entity.fields {
            if Self.refusedClasses.contains(f.personalData) { throw .refusedColumn(f.name, f.personalData) }
            if f.entityType != nil || f.hasNestedFields { throw .refusedColumn(f.name, f.personalData) }
            if !ExtractRowValues.columns.contains(f.name) { throw .noValue(f.name) }
        }
        columns = entity.fields
        quasiIdentifiers = entity.fields.filter { $0.personalData == .quasiIdentifier }.map(\.name)
    }

    public var header: [String] { columns.map(\.name) }

    public func record(_ values: [String: String]) -> [String] { columns.map { values[$0.name] ?? "" } }
}

public enum ExtractLayoutError: Error, Equatable, Sendable {
    /// A column whose class no extract may carry (or that holds a whole entity).
    case refusedColumn(String, PersonalDataClass)
    /// A column the row builder has no value for.
    case noValue(String)
}
