import Foundation

/// One person, one record.
enum UniquenessRules {
    static let all: [DataQualityRule] = [
        sharedIdentifier(
            "PNC", id: "DUPLICATE_PNC", field: "subject.identifiers.pnc",
            // A PNC ID is written with or without its slash and leading zeros of the serial ("2019/0012345A").
            normalise: { pnc in
                let t = pnc.uppercased().filter { $0.isLetter || $0.isNumber }
                guard t.count >= 6 else { return t }
                let year = t.prefix(4), check = t.suffix(1), serial = t.dropFirst(4).dropLast()
                return year + String(serial.drop { $0 == "0" }) + check
            }, { $0.pnc }),
        sharedIdentifier("CRN", id: "DUPLICATE_CRN", field: "subject.identifiers.crn", normalise: plain, { $0.crn }),
        sharedIdentifier("NOMIS number", id: "DUPLICATE_NOMIS", field: "subject.identifiers.nomis", normalise: plain, { $0.nomis }),
        DataQualityRule(
            id: "LIKELY_DUPLICATE_PERSON", title: "Likely duplicate people", dimension: .uniqueness, entity: "subject",
            description: "Wearers with the same subject.dateOfBirth as another wearer and a close name "
                + "(subject.firstName and subject.lastName alike, or swapped): probably one person recorded twice.",
            fields: ["subject.dateOfBirth", "subject.firstName", "subject.lastName"]
        ) { c in
            var failing = Set<EntityID>()
            let byBirth = Dictionary(grouping: c.snapshot.subjects.filter { $0.dateOfBirth != nil }, by: { $0.dateOfBirth! })
            for group in byBirth.values where group.count > 1 {
                for (i, a) in group.enumerated() {
                    for b in group[(i + 1)...]
                    where NameSimilarity.likelySamePerson(first: a.firstName, last: a.lastName, first: b.firstName, last: b.lastName) {
                        failing.insert(a.id)
                        failing.insert(b.id)
                    }
                }
            }
            return QualityOutcome(checked: c.snapshot.subjects.filter { $0.dateOfBirth != nil }.count, failing: Array(failing))
        },
    ]

    static let plain: @Sendable (String) -> String = { $0.uppercased().filter { $0.isLetter || $0.isNumber } }

    static func sharedIdentifier(
        _ name: String, id: String, field: String, normalise: @escaping @Sendable (String) -> String,
        _ key: @escaping @Sendable (SubjectIdentifiers) -> String?
    ) -> DataQualityRule {
        DataQualityRule(
            id: id, title: "Wearers sharing a \(name)", dimension: .uniqueness, entity: "subject",
            description: "Wearers whose \(name) (\(field)) is also another wearer's, ignoring case, spaces and "
                + "punctuation.",
            fields: [field]
        ) { c in
            let holders = c.snapshot.subjects.compactMap { s -> (EntityID, String)? in
                guard let v = key(s.identifiers).map(normalise), !v.isEmpty else { return nil }
                return (s.id, v)
            }
            let counts = Dictionary(holders.map { ($0.1, 1) }, uniquingKeysWith: +)
            return QualityOutcome(holders, id: \.0) { counts[$0.1, default: 0] > 1 }
        }
    }
}
