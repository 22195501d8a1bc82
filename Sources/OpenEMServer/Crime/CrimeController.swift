import Foundation
import Geo
import Hummingbird
import OpenEMCore

/// `/api/v1/crime-batches`: police crime CSVs in, per-row feedback out, and matches of every crime version
/// against every wearer's fixes (run when the batch is stored).
struct CrimeController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    static let maxBytes = 5 * 1024 * 1024

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("crime-batches", use: submit)
        group.get("crime-batches/:id", use: batch)
        group.get("crime-batches/:id/matches", use: matches)
    }

    struct BatchView: ResponseCodable {
        var id: String
        var batchRef: String
        var forceArea: String
        var status: CrimeBatchStatus
        var crimes: Int
        var errors: [CrimeRowError]
        var crimeIds: [String]?
    }

    @Sendable func submit(request: Request, context: AppRequestContext) async throws -> EditedResponse<BatchView> {
        let actor = try context.requireUser()
        let access = Access(actor)
        try access.require(.matchCrimes)
        var copy = request
        let body = try await copy.collectBody(upTo: Self.maxBytes)
        guard body.readableBytes > 0 else { throw APIError.badRequest("EMPTY_FILE", "the file is empty") }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self), !text.contains("\u{0}") else {
            throw APIError(.unsupportedMediaType, "NOT_CSV", "the file is not UTF-8 text")
        }
        let parsed = CrimeBatchParser.parse(text)
        guard parsed.lineCount > 0 else { throw APIError.badRequest("EMPTY_FILE", "the file has no rows") }
        guard parsed.lineCount <= TextLimits.crimeBatchRows else {
            throw APIError(
                .contentTooLarge, "BATCH_TOO_LARGE",
                "the file has \(parsed.lineCount) rows; a batch holds at most \(TextLimits.crimeBatchRows): split it and send each part")
        }
        if let force = parsed.force, !access.mayHandleCrimes(ofForce: force.code) {
            throw APIError.forbidden("this batch is for \(force.code); you submit for \(actor.forceArea ?? "no force")")
        }
        let (batch, stored) = try await CrimeIntake(store: store, clock: clock).store(parsed, by: actor)
        try await auditor.record(
            actor, "submit", "crime-batch", batch.id,
            detail: "batch=\(batch.batchRef) crimes=\(stored.count) errors=\(parsed.errors.count)")
        return EditedResponse(
            status: .created,
            response: BatchView(
                id: batch.id, batchRef: batch.batchRef, forceArea: batch.forceArea, status: batch.status, crimes: batch.crimes,
                errors: batch.errors, crimeIds: stored.map(\.id)))
    }

    func visibleBatch(_ request: Request, _ context: AppRequestContext) async throws -> (User, CrimeBatch) {
        let actor = try context.requireUser()
        let batch = try await Access(actor).visibleCrimeBatch(try context.parameters.require("id"), in: store)
        return (actor, batch)
    }

    @Sendable func batch(request: Request, context: AppRequestContext) async throws -> BatchView {
        let (_, b) = try await visibleBatch(request, context)
        let crimes = try await store.crimes(batchId: b.id)
        return BatchView(
            id: b.id, batchRef: b.batchRef, forceArea: b.forceArea, status: b.status, crimes: b.crimes,
            errors: b.errors, crimeIds: crimes.map(\.id))
    }

    struct CrimeMatches: Codable, Sendable {
        var crimeId: String
        var reference: String
        var version: Int
        var previousVersions: Int
        var type: CrimeType
        /// The free text the force sent with the crime (at most 4,000 characters).
        var freeText: String
        var from: Date
        var to: Date
        var location: Coordinate
        var radiusMetres: Double
        var matches: [CrimeMatchRecord]
    }

    struct MatchesView: ResponseCodable {
        var batchId: String
        var algorithm: String
        var crimes: [CrimeMatches]
    }

    @Sendable func matches(request: Request, context: AppRequestContext) async throws -> MatchesView {
        let (actor, b) = try await visibleBatch(request, context)
        var out: [CrimeMatches] = []
        var subjects = 0
        for c in try await store.crimes(batchId: b.id) {
            let m = try await store.matches(crimeId: c.id)
            subjects += m.count
            out.append(
                CrimeMatches(
                    crimeId: c.id, reference: c.reference, version: c.version, previousVersions: c.version - 1,
                    type: c.type, freeText: c.freeText, from: c.from, to: c.to, location: c.location,
                    radiusMetres: CrimeIntake.radiusMetres, matches: m))
        }
        // Matches name wearers and their positions: a read of location data.
        try await auditor.record(actor, "read", "crime-matches", b.id, detail: "crimes=\(out.count) matches=\(subjects)")
        return MatchesView(batchId: b.id, algorithm: PassMatcher.version, crimes: out)
    }
}
