import Foundation
import Geo
import Hummingbird
import OpenEMCore

/// `POST /api/v1/searches/area`: "who tagged was here then". Needs a purpose and a reference; police and crime
/// analysts see only wearers of their own force area, the monitoring centre and administrators everyone. Every
/// search is audited with its purpose, reference and result count.
struct AreaSearchController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date
    static let maxWindow: TimeInterval = 24 * 3600
    static let maxRadius = 5_000.0

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("searches/area", use: search)
    }

    struct Draft: Decodable {
        var geometry: GeoJSONGeometry?
        var center: Coordinate?
        var radiusMetres: Double?
        var from: Date
        var to: Date
        var purpose: String?
        var reference: String?
    }

    struct Hit: Codable, Sendable {
        var subjectId: String
        var kind: MatchKind
        var closestMetres: Double
        var passes: [Pass]
    }

    struct Result: ResponseCodable {
        var id: String
        var algorithm: String
        var results: [Hit]
    }

    @Sendable func search(request: Request, context: AppRequestContext) async throws -> Result {
        let actor = try context.requireUser()
        let area = try Access(actor).areaSearchForceArea()
        let d = try await request.decodeJSON(as: Draft.self, context: context)
        guard let purpose = d.purpose?.trimmingCharacters(in: .whitespaces), purpose.count >= 3 else {
            throw APIError.badRequest("PURPOSE_REQUIRED", "state the purpose of the search")
        }
        guard let reference = d.reference?.trimmingCharacters(in: .whitespaces), !reference.isEmpty else {
            throw APIError.badRequest("REFERENCE_REQUIRED", "give the crime or incident reference")
        }
        guard d.to > d.from else { throw APIError.badRequest("END_BEFORE_START", "to must be after from") }
        guard d.to.timeIntervalSince(d.from) <= Self.maxWindow else {
            throw APIError.badRequest("WINDOW_TOO_LONG", "a search covers at most 24 hours")
        }
        let shape: Shape
        switch (d.geometry, d.center, d.radiusMetres) {
        case (.polygon(let p)?, nil, _):
            if let problem = GeometryValidation.problems(in: p, maxAreaSquareMetres: 25_000_000).first {
                throw APIError.badRequest(problem.code, problem.message)
            }
            shape = .polygon(p)
        case (nil, let c?, let r?):
            guard c.isValid else { throw APIError.badRequest("COORDINATE_OUT_OF_RANGE", "center is not a valid lat/lon") }
            guard r > 0, r <= Self.maxRadius else {
                throw APIError.badRequest("RADIUS_OUT_OF_RANGE", "radiusMetres must be above 0 and at most \(Int(Self.maxRadius))")
            }
            shape = .circle(Circle(center: c, radiusMetres: r))
        default:
            throw APIError.badRequest("PLACE_REQUIRED", "give a GeoJSON Polygon as geometry, or center and radiusMetres")
        }
        let found = try await WearerPasses(store: store).find(place: PreparedShape(shape), from: d.from, to: d.to) { subject in
            area.map { $0 == subject.forceArea } ?? true
        }
        let record = AreaSearchRecord(
            userId: actor.id, purpose: purpose, reference: reference, from: d.from, to: d.to,
            forceArea: area, resultCount: found.count, createdAt: clock())
        try await store.insertAreaSearch(record)
        try await auditor.record(
            actor, "search", "area", record.id, purpose: purpose, reference: reference,
            detail: "from=\(ISOTime.format(d.from)) to=\(ISOTime.format(d.to)) results=\(found.count)")
        return Result(
            id: record.id, algorithm: PassMatcher.version,
            results: found.map {
                Hit(subjectId: $0.subject.id, kind: $0.match.kind, closestMetres: $0.match.closestMetres, passes: $0.match.passes)
            })
    }
}
