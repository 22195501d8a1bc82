import Foundation
import Geo
import OpenEMCore

/// Stores a parsed crime batch and matches each new crime version against the wearers' fixes. The API
/// (`POST /api/v1/crime-batches`) and the command line (`openem import crimes`) both come through here.
public struct CrimeIntake: Sendable {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    public static let radiusMetres = 100.0

    public init(store: any OpenEMStore, clock: @escaping @Sendable () -> Date) {
        self.store = store
        self.clock = clock
    }

    public func store(_ parsed: CrimeBatchParser.Result, by user: User) async throws -> (batch: CrimeBatch, crimes: [Crime]) {
        let now = clock()
        let batch = CrimeBatch(
            batchRef: parsed.batchRef ?? "", forceArea: parsed.force?.code ?? user.forceArea ?? "",
            status: parsed.status, crimes: parsed.rows.count, errors: parsed.errors,
            submittedBy: user.id, submittedAt: now)
        let crimes = parsed.rows.map { r in
            Crime(
                forceArea: r.force.code, reference: r.reference, batchId: batch.id, type: r.type, description: r.description,
                from: r.from, to: r.to, location: r.location, easting: r.easting, northing: r.northing, freeText: r.freeText,
                createdAt: now)
        }
        let stored = try await store.insertCrimeBatch(batch, crimes: crimes)
        for crime in stored { try await match(crime) }
        return (batch, stored)
    }

    public func match(_ crime: Crime) async throws {
        let place = PreparedShape(.circle(Circle(center: crime.location, radiusMetres: Self.radiusMetres)))
        let found = try await WearerPasses(store: store).find(place: place, from: crime.from, to: crime.to)
        let now = clock()
        try await store.saveMatches(
            crimeId: crime.id,
            found.map {
                CrimeMatchRecord(crimeId: crime.id, crimeVersion: crime.version, subjectId: $0.subject.id, match: $0.match, matchedAt: now)
            })
    }
}
