import Foundation

extension DataDictionary {
    /// Pseudonymised extracts for evaluation: their projects, what an extract is, and the columns of its rows.
    /// `extractRow` is the extract's layout: `ExtractLayout` writes exactly its fields, in order, and refuses one
    /// that is a direct identifier or a location; its quasi-identifiers are what k-anonymity groups by.
    static let extracts: [DictionaryEntity] = [
        DictionaryEntity("extractProject", "A purpose extracts are made for, with the key their pseudonyms are computed under.", .extract) {
            $0.add("id", "id", "The project's id.", required: true, source: .derived)
            $0.add("name", "string", "The project's name.", required: true)
            $0.add("purpose", "string", "What the extracts are for (an evaluation, a linkage study).", required: true)
            $0.add(
                "k", "integer", "Rows in groups of quasi-identifier values smaller than this are suppressed (5 unless set).",
                required: true)
            $0.add(
                "linkageKey", "string",
                "The project's 256-bit linkage key (64 hex digits), returned once, when the project is made: a partner "
                    + "pseudonymises its own data with it to link records (docs/extracts.md).", source: .derived)
            $0.add("createdAt", "date-time", "When the project was made.", required: true, source: .derived)
        },
        DictionaryEntity("extract", "A pseudonymised extract: a row per order overlapping a period, as CSV.", .extract) {
            $0.add("id", "id", "The extract's id.", required: true, source: .derived)
            $0.add("projectId", "id", "The project it was made for.", required: true)
            $0.add("purpose", "string", "What this extract is for.", required: true)
            $0.add("from", "date", "First day of the period.", required: true)
            $0.add("to", "date", "Last day of the period.", required: true)
            $0.add("cohort", "string", "Only orders of this cohort, when given.", values: EntityFields.codes(Cohort.self))
            $0.add("orderType", "string", "Only orders of this type, when given.", values: EntityFields.codes(OrderType.self))
            $0.add("rows", "integer", "Rows in the CSV.", required: true, source: .derived)
            $0.add(
                "suppressedRows", "integer", "Rows left out because fewer than k rows shared their quasi-identifiers.",
                required: true, source: .derived)
            $0.add("columns", "array<string>", "The CSV's columns, in order (the fields of extractRow).", required: true, source: .derived)
            $0.add("k", "integer", "The k the extract was made with.", required: true, source: .derived)
            $0.add("createdAt", "date-time", "When it was made.", required: true, source: .derived)
            $0.add("expiresAt", "date-time", "After this its CSV is gone (410).", required: true, source: .derived)
            $0.add(
                "columnDescriptions", "array<extractColumn>", "What each column means, from this dictionary (GET only).",
                source: .derived)
        },
        DictionaryEntity("extractColumn", "One column of an extract, as the dictionary defines it.", .notStored) {
            $0.add("name", "string", "The column's name in the CSV header.", required: true, source: .derived)
            $0.add("description", "string", "What it means.", required: true, source: .derived)
            $0.add("type", "string", "Its type.", required: true, source: .derived)
            $0.add(
                "personalData", "string", "How it relates to a person.", required: true,
                values: EntityFields.codes(PersonalDataClass.self), source: .derived)
            $0.add("allowedValues", "array<string>", "The codes it may hold.", source: .derived)
        },
        extractRow,
    ]

    public static let extractRow = DictionaryEntity("extractRow", "A row of an extract's CSV: one order, pseudonymised.", .extract) {
        $0.add(
            "pseudonym", "string",
            "Hex HMAC-SHA256 of the wearer's CRN under the project's linkage key; empty when the wearer has no CRN.",
            required: true, personal: .pseudonym, source: .derived)
        $0.add(
            "ageBand", "string", "The wearer's age at the order's start, banded (0-17, 18-24, 25-34, ... 65+, UNKNOWN).",
            required: true, personal: .quasiIdentifier, source: .derived)
        $0.add("force", "string", "The police force area the wearer lives in.", required: true, personal: .quasiIdentifier)
        $0.add(
            "region", "string", "The probation region that supervises the wearer (UNKNOWN when not recorded).", required: true,
            personal: .quasiIdentifier)
        $0.add(
            "orderType", "string", "The kind of order.", required: true, values: EntityFields.codes(OrderType.self),
            personal: .quasiIdentifier)
        $0.add(
            "cohort", "string", "The monitoring programme the order belongs to.", required: true,
            values: EntityFields.codes(Cohort.self), personal: .quasiIdentifier)
        $0.add("startMonth", "string", "The month the order started (yyyy-MM).", required: true, personal: .quasiIdentifier)
        $0.add(
            "endMonth", "string", "The month the order ended or is due to end (yyyy-MM); empty when open-ended.",
            personal: .quasiIdentifier)
        $0.add(
            "daysMonitored", "integer", "Days of the order inside the period, up to the day the extract was made.", required: true,
            source: .derived)
        for type in ViolationType.allCases {
            $0.add(
                ExtractRowValues.violationColumn(type), "integer",
                "Confirmed \(type.rawValue.lowercased().replacingOccurrences(of: "_", with: " ")) violations of the order starting in the period.",
                required: true,
                source: .derived)
        }
        $0.add("alerts", "integer", "Alerts raised in the period for the order's violations.", required: true, source: .derived)
        $0.add(
            "daysToFitting", "integer", "Days from the order's start to the first tag fitted for it; empty when none was fitted.",
            source: .derived)
        $0.add(
            "soberDayRate", "number",
            "Alcohol orders: the share of monitored days in the period without confirmed drinking (0 to 1); empty otherwise.",
            personal: .specialCategory, source: .derived)
        $0.add(
            "outcome", "string",
            "Whether the order is in force, ended on or after its end date, ended before it, or ended with no end date set.",
            required: true,
            values: EntityFields.codes(ExtractOutcome.self), source: .derived)
    }
}
