import OpenEMCore

/// The data dictionary (`data-dictionary.mustache`, `data-dictionary.js`): every resource and field, filtered by a
/// search box in the page.
struct DataDictionaryPage: PortalPage {
    static let template = "data-dictionary"
    let title = "Data dictionary"
    var version: String
    var entities: [Entity]
    var fieldCount: Int

    struct Entity: Sendable {
        var name: String
        var description: String
        var fields: [Field]
    }

    struct Field: Sendable {
        var path: String
        var type: String
        var description: String
        var required: Bool
        var allowedValues: String
        /// Stored, not computed: the templates see stored properties only.
        var hasAllowedValues: Bool
        var personalData: String
        var personal: Bool
        var retention: String
        var source: String
    }

    init() {
        version = DataDictionary.version
        entities = DataDictionary.entities.map { e in
            Entity(
                name: e.name, description: e.description,
                fields: e.fields.map { f in
                    Field(
                        path: "\(e.name).\(f.name)", type: f.type, description: f.description, required: f.required,
                        allowedValues: Self.words(f.allowedValues ?? []), hasAllowedValues: f.allowedValues != nil,
                        personalData: DisplayNames.of(f.personalData),
                        personal: f.personalData.isPersonal, retention: DisplayNames.retention(f.retentionClass),
                        source: DisplayNames.of(f.source))
                })
        }
        fieldCount = entities.reduce(0) { $0 + $1.fields.count }
    }

    /// Codes with their words where the portal has words for them ("Bail (BAIL)"): the page is where a reader learns
    /// which code means what.
    static func words(_ codes: [String]) -> String {
        let table = DisplayNames.forScripts.values.first { t in !codes.isEmpty && codes.allSatisfy { t[$0] != nil } }
        return codes.map { c in table?[c].map { "\($0) (\(c))" } ?? c }.joined(separator: ", ")
    }
}
