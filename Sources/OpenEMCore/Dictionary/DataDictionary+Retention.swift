import Foundation

extension DataDictionary {
    /// The retention schedule in force and legal holds (docs/retention.md).
    static let retention: [DictionaryEntity] = [
        DictionaryEntity("retentionSchedule", "The retention schedule in force: a rule for every retention class.", .operational) {
            $0.add("classes", "array<retentionRule>", "Every class's rule, in the dictionary's order.", required: true, source: .derived)
        },
        DictionaryEntity("retentionRule", "How long a retention class is kept, and from when.", .operational) {
            $0.add("retentionClass", "string", "The class.", required: true, values: EntityFields.codes(RetentionClass.self))
            $0.add(
                "keep", "duration", "How long (ISO-8601 calendar units, for example P6Y, P18M, P90D; at least a day and the class's floor).",
                required: true)
            $0.add(
                "after", "string", "What the period counts from (fixed per class).", required: true,
                values: EntityFields.codes(RetentionAnchor.self))
        },
        // A hold is kept with the audit log: it is the record of why data outlived its period.
        DictionaryEntity("legalHold", "A hold on a wearer, a crime or an investigation reference: nothing it covers is deleted.", .audit) {
            $0.add("id", "id", "The hold's id.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer held (one of subjectId, crimeId, reference).", personal: .quasiIdentifier)
            $0.add("crimeId", "id", "The crime held: the crime, its matches and everything about the wearers it matched.")
            $0.add("reference", "string", "The investigation reference held: the crimes and area searches with it, and the wearers they matched.")
            $0.add("reason", "string", "Why it is needed.", required: true)
            $0.add("reviewDate", "date", "By when someone must decide whether it is still needed.", required: true)
            $0.add("status", "string", "Whether it is in force.", required: true, values: ["ACTIVE", "RELEASED"], source: .derived)
            $0.add("placedBy", "id", "The user who placed it.", required: true, source: .derived)
            $0.add("placedAt", "date-time", "When.", required: true, source: .derived)
            $0.add("releasedBy", "id", "The user who released it.", source: .derived)
            $0.add("releasedAt", "date-time", "When it was released.", source: .derived)
            $0.add("releaseReason", "string", "Why it was released.")
        },
    ]
}
