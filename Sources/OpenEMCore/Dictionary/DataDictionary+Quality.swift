extension DataDictionary {
    /// The data-quality figures: counts of records, and example ids (no other personal data).
    static let quality: [DictionaryEntity] = [
        DictionaryEntity("dataQuality", "Every data-quality rule's figures over the reader's scope now.", .notStored) {
            $0.add("generatedAt", "date-time", "When the rules were evaluated.", required: true, source: .derived)
            $0.add(
                "examplesShown", "boolean", "False when the reader may not open the records (an MI analyst): examples are then empty.",
                required: true, source: .derived)
            $0.add("rules", "array<dataQualityRule>", "The rules, by dimension.", required: true, source: .derived)
        },
        DictionaryEntity("dataQualityRule", "One data-quality rule and what it found.", .notStored) {
            $0.add("id", "string", "The rule's code.", required: true, values: DataQuality.rules.map(\.id), source: .derived)
            $0.add("title", "string", "The rule in a few words.", required: true, source: .derived)
            $0.add(
                "dimension", "string", "The data-quality dimension it measures.", required: true,
                values: EntityFields.codes(QualityDimension.self), source: .derived)
            $0.add("entity", "string", "The resource its examples are ids of.", required: true, source: .derived)
            $0.add("description", "string", "Exactly what fails, in this dictionary's terms.", required: true, source: .derived)
            $0.add("fields", "array<string>", "The dictionary fields it reads, as entity.field.", required: true, source: .derived)
            $0.add("checked", "integer", "Records it checked.", required: true, source: .derived)
            $0.add("failing", "integer", "Of those, records that fail.", required: true, source: .derived)
            $0.add("passRate", "number", "The share that pass (0 to 1; 1 when none was checked).", required: true, source: .derived)
            $0.add(
                "examples", "array<id>", "Up to 10 ids of failing records the reader may open.", required: true,
                personal: .quasiIdentifier, source: .derived)
        },
        DictionaryEntity("dataQualityHistory", "Each day's data-quality figures for the whole store.", .notStored) {
            $0.add("from", "date", "The first day asked for.", required: true, source: .derived)
            $0.add("to", "date", "The last day asked for.", required: true, source: .derived)
            $0.add("days", "array<dataQualityDay>", "A rule's figures a day, oldest first.", required: true, source: .derived)
        },
        DictionaryEntity("dataQualityDay", "One rule's figures on one day: the last taken that day.", .operational) {
            $0.add("day", "date", "The UK calendar day.", required: true, source: .derived)
            $0.add("rule", "string", "The rule's code.", required: true, values: DataQuality.rules.map(\.id), source: .derived)
            $0.add("checked", "integer", "Records it checked.", required: true, source: .derived)
            $0.add("failing", "integer", "Of those, records that failed.", required: true, source: .derived)
            $0.add("passRate", "number", "The share that passed (0 to 1).", required: true, source: .derived)
            $0.add("takenAt", "date-time", "When the figures were taken.", required: true, source: .derived)
        },
    ]
}
