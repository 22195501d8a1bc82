extension DataDictionary {
    /// Crimes police send, the wearers matched to them, area searches and evidence packs.
    static let crime: [DictionaryEntity] = [
        DictionaryEntity("crimeBatch", "A force's file of crimes, with what was kept and what was refused row by row.", .crime) {
            $0.add("id", "id", "The batch's id.", required: true, source: .derived)
            $0.add("batchRef", "string", "The force's reference for the file.", required: true)
            $0.add("forceArea", "string", "The force that sent it.", required: true)
            $0.add(
                "status", "string", "Whether every row was kept, some were, or none.", required: true,
                values: EntityFields.codes(CrimeBatchStatus.self), source: .derived)
            $0.add("crimes", "integer", "Crimes kept.", required: true, source: .derived)
            $0.add("errors", "array<object>", "Rows refused.", required: true, source: .derived)
            $0.add("errors.row", "integer", "The row's number in the file, from 1.", required: true, source: .derived)
            $0.add("errors.code", "string", "What is wrong, as a code.", required: true, source: .derived)
            $0.add("errors.message", "string", "What is wrong, in words.", required: true, source: .derived)
            $0.add("errors.action", "string", "What the force should do to fix it.", required: true, source: .derived)
            $0.add("crimeIds", "array<string>", "The ids of the crimes kept.", source: .derived)
        },
        DictionaryEntity("crimeBatchMatches", "Every crime of a batch with the wearers who were, or could have been, there.", .crime) {
            $0.add("batchId", "id", "The batch.", required: true, source: .derived)
            $0.add(
                "algorithm", "string", "The version of the published matching rules used (docs/matching.md).", required: true,
                source: .derived)
            $0.add("crimes", "array<crime>", "The batch's crimes.", required: true, source: .derived)
        },
        DictionaryEntity("crime", "One crime as the force reported it (its latest version), with its matches.", .crime) {
            $0.add("crimeId", "id", "The crime version's id.", required: true, source: .derived)
            $0.add("reference", "string", "The force's crime reference.", required: true)
            $0.add(
                "version", "integer", "1, or more when the force sent the crime again with changes.", required: true,
                source: .derived)
            $0.add("previousVersions", "integer", "How many earlier versions there are.", required: true, source: .derived)
            $0.add("type", "string", "The crime type code.", required: true, values: EntityFields.codes(CrimeType.self))
            $0.add(
                "freeText", "string", "What the force wrote about it; may name or describe people.", required: true,
                personal: .quasiIdentifier)
            $0.add("from", "date-time", "The earliest time it may have happened.", required: true)
            $0.add("to", "date-time", "The latest time it may have happened.", required: true)
            $0.add("location", "object", "Where it happened.", required: true, personal: .location)
            $0.add("location.lat", "number", "Latitude in degrees.", required: true, personal: .location)
            $0.add("location.lon", "number", "Longitude in degrees.", required: true, personal: .location)
            $0.add(
                "radiusMetres", "number", "How far around the place wearers are looked for (metres).", required: true,
                source: .derived)
            $0.add("matches", "array<crimeMatch>", "The wearers matched.", required: true, source: .derived)
        },
        DictionaryEntity("crimeMatch", "A wearer matched to one version of a crime.", .crime) {
            $0.add("crimeId", "id", "The crime version matched.", required: true, source: .derived)
            $0.add("crimeVersion", "integer", "Its version.", required: true, source: .derived)
            $0.add("subjectId", "id", "The wearer.", required: true, personal: .quasiIdentifier, source: .derived)
            $0.add(
                "kind", "string", "How strong the match is: a fix at the place, a path through it, or possible between fixes.",
                required: true, values: EntityFields.codes(MatchKind.self), source: .derived)
            $0.add(
                "closestMetres", "number", "The closest the wearer came (metres).", required: true, personal: .location,
                source: .derived)
            $0.add("passes", "array<pass>", "Each time the wearer came near.", required: true, source: .derived)
            $0.add("algorithm", "string", "The matching rules' version.", required: true, source: .derived)
            $0.add("matchedAt", "date-time", "When the match was made.", required: true, source: .derived)
        },
        DictionaryEntity("pass", "One time a wearer came near a place: their positions A1, A2, ... of pass A.", .crime) {
            $0.add("label", "string", "The pass's letter (A, B, ...).", required: true, source: .derived)
            $0.add(
                "kind", "string", "How strong this pass is.", required: true, values: EntityFields.codes(MatchKind.self),
                source: .derived)
            $0.add("enter", "date-time", "When the wearer came near.", required: true, personal: .location, source: .derived)
            $0.add("exit", "date-time", "When they left.", required: true, personal: .location, source: .derived)
            $0.add(
                "closestMetres", "number", "The closest they came (metres).", required: true, personal: .location,
                source: .derived)
            $0.add(
                "positions", "array<passPosition>", "The positions in the pass.", required: true, personal: .location,
                source: .device)
        },
        DictionaryEntity("passPosition", "A wearer's position cited in a pass.", .crime) {
            $0.add("label", "string", "Its label (A1, A2, ...).", required: true, source: .derived)
            $0.add("time", "date-time", "When the fix was taken.", required: true, personal: .location, source: .device)
            $0.add("lat", "number", "Latitude in degrees.", required: true, personal: .location, source: .device)
            $0.add("lon", "number", "Longitude in degrees.", required: true, personal: .location, source: .device)
            $0.add(
                "accuracyMetres", "number", "How far the true position may be from the fix (metres).", required: true,
                personal: .location, source: .device)
            $0.add("distanceMetres", "number", "Metres from the place.", required: true, personal: .location, source: .derived)
        },
        DictionaryEntity(
            "areaSearch",
            "A purpose-bound search for wearers who were in an area during a window (kept with its "
                + "purpose and reference; the results are not stored).", .crime
        ) {
            $0.add("id", "id", "The search's id (the audit log names it).", required: true, source: .derived)
            $0.add("algorithm", "string", "The matching rules' version.", required: true, source: .derived)
            $0.add(
                "results", "array<areaSearchResult>", "The wearers found.", required: true, source: .derived,
                retention: .notStored)
        },
        DictionaryEntity("areaSearchResult", "A wearer found by an area search.", .notStored) {
            $0.add("subjectId", "id", "The wearer.", required: true, personal: .quasiIdentifier, source: .derived)
            $0.add(
                "kind", "string", "How strong the match is.", required: true, values: EntityFields.codes(MatchKind.self),
                source: .derived)
            $0.add(
                "closestMetres", "number", "The closest they came (metres).", required: true, personal: .location,
                source: .derived)
            $0.add("passes", "array<pass>", "Each time they came near.", required: true, source: .derived)
        },
        DictionaryEntity(
            "crimeEvidence", "An evidence pack as GeoJSON: the crime scene and a wearer's positions near it.",
            .notStored
        ) {
            $0.add("algorithm", "string", "The matching rules' version.", required: true, source: .derived)
            $0.add(
                "sha256", "string", "SHA-256 of the raw positions the pack rests on, so a copy can be checked.", required: true,
                source: .derived)
        },
        DictionaryEntity("evidenceFeature", "One point of an evidence pack: the crime or a wearer's position.", .notStored) {
            $0.add(
                "kind", "string", "Whether the point is the crime or a position.", required: true, values: ["crime", "position"],
                source: .derived)
            $0.add("reference", "string", "The crime: the force's reference.")
            $0.add("freeText", "string", "The crime: what the force wrote about it.", personal: .quasiIdentifier)
            $0.add("radiusMetres", "number", "The crime: the search radius (metres).", source: .derived)
            $0.add("label", "string", "A position: its label (A1, ...).", source: .derived)
            $0.add("time", "date-time", "A position: when it was taken.", personal: .location, source: .device)
            $0.add("accuracyMetres", "number", "A position: its accuracy (metres).", personal: .location, source: .device)
            $0.add("distanceMetres", "integer", "A position: metres from the crime.", personal: .location, source: .derived)
        },
    ]
}
