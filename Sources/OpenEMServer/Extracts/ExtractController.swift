import Foundation
import Hummingbird
import OpenEMCore

/// `/api/v1/extracts`: an analyst makes a pseudonymised extract for a project, period and cohort, downloads its CSV
/// for 30 days and reads what each column means. Every extract and every download is audited with its purpose and
/// row count. Extracts hold no personal data but age bands, areas, months, counts and the project's pseudonyms.
struct ExtractController {
    let store: any OpenEMStore
    let auditor: Auditor
    let clock: @Sendable () -> Date

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.post("extracts", use: create)
        group.get("extracts/{id}", use: describe)
        group.get("extracts/{id}/data.csv", use: csv)
    }

    struct Draft: Decodable {
        var projectId: String?
        var purpose: String?
        var from: String?
        var to: String?
        var cohort: String?
        var orderType: String?
    }

    struct ColumnView: Codable, Sendable {
        var name: String
        var description: String
        var type: String
        var personalData: PersonalDataClass
        var allowedValues: [String]?
    }

    struct ExtractView: ResponseCodable {
        var id: String
        var projectId: String
        var purpose: String
        var from: String
        var to: String
        var cohort: Cohort?
        var orderType: OrderType?
        var rows: Int
        var suppressedRows: Int
        var columns: [String]
        var k: Int
        var createdAt: Date
        var expiresAt: Date
        var columnDescriptions: [ColumnView]?

        init(_ e: StoredExtract, describing layout: ExtractLayout? = nil) {
            id = e.id
            projectId = e.projectId
            purpose = e.purpose
            from = e.from
            to = e.to
            cohort = e.cohort
            orderType = e.orderType
            rows = e.rows
            suppressedRows = e.suppressedRows
            columns = e.columns
            k = e.k
            createdAt = e.createdAt
            expiresAt = e.expiresAt
            columnDescriptions = layout.map { l in
                e.columns.compactMap { name in
                    l.columns.first { $0.name == name }.map {
                        ColumnView(
                            name: $0.name, description: $0.description, type: $0.type, personalData: $0.personalData,
                            allowedValues: $0.allowedValues)
                    }
                }
            }
        }
    }

    static func code<E: RawRepresentable & CaseIterable>(_ text: String?, _ name: String, _ error: String) throws -> E?
    where E.RawValue == String {
        guard let text else { return nil }
        guard let value = E(rawValue: text) else {
            throw APIError.badRequest(error, "no \(name) '\(text)'; the codes are \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    static func day(_ text: String?, _ name: String) throws -> LocalDay {
        guard let text else { throw APIError.badRequest("PERIOD_REQUIRED", "give the period as from and to (yyyy-MM-dd)") }
        guard let d = LocalDay(isoDate: text) else { throw APIError.badRequest("INVALID_DATE", "\(name) must be a date yyyy-MM-dd") }
        return d
    }

    @Sendable func create(request: Request, context: AppRequestContext) async throws -> EditedResponse<ExtractView> {
        let actor = try context.requireUser()
        try Access(actor).require(.makeExtracts)
        try request.rejectUnknownQueryParameters(allowed: [])
        let d = try await request.decodeJSON(as: Draft.self, context: context)
        guard let purpose = d.purpose?.trimmingCharacters(in: .whitespaces), purpose.count >= 3 else {
            throw APIError.badRequest("PURPOSE_REQUIRED", "state the purpose of the extract")
        }
        try APIError.requireShort([("purpose", purpose)])
        guard let projectId = d.projectId else { throw APIError.badRequest("PROJECT_REQUIRED", "name the extract's projectId") }
        let cohort: Cohort? = try Self.code(d.cohort, "cohort", "UNKNOWN_COHORT")
        let orderType: OrderType? = try Self.code(d.orderType, "order type", "UNKNOWN_ORDER_TYPE")
        let from = try Self.day(d.from, "from"), to = try Self.day(d.to, "to")
        let now = clock()
        let period = ExtractPeriod(from: from, to: to, today: LocalDay(containing: now, in: TimeZone(identifier: "Europe/London")!))
        guard from <= to else { throw APIError.badRequest("END_BEFORE_START", "to must not be before from") }
        guard !period.isTooLong else {
            throw APIError.badRequest("PERIOD_TOO_LONG", "an extract covers at most \(ExtractPeriod.maxYears) years")
        }
        guard let project = try await store.extractProject(id: projectId) else { throw APIError.notFound("extract project") }
        guard let key = Pseudonym.key(hex: project.linkageKey) else {
            throw StoreError.unavailable("extract project \(project.id) has no usable linkage key")
        }
        let layout = try ExtractLayout()
        let table = ExtractBuilder.build(
            try await sources(period), period: period, cohort: cohort, orderType: orderType, key: key, k: project.k, layout: layout)
        let extract = StoredExtract(
            projectId: project.id, purpose: purpose, from: from.description, to: to.description, cohort: cohort,
            orderType: orderType, rows: table.rows.count, suppressedRows: table.suppressed, columns: table.columns, k: project.k,
            createdAt: now, createdBy: actor.id, expiresAt: now.addingTimeInterval(StoredExtract.lifetime), csv: table.csv)
        try await store.insertExtract(extract)
        try await auditor.record(
            actor, "export", "extract", extract.id, purpose: purpose,
            detail: "project=\(project.id) from=\(extract.from) to=\(extract.to) rows=\(extract.rows) suppressed=\(extract.suppressedRows)")
        return EditedResponse(status: .created, response: ExtractView(extract))
    }

    /// Every order with its wearer, and the wearer's violations, alerts and installations, in one consistent read of
    /// the registry (the one the data-quality rules use) and the period's violations and alerts.
    func sources(_ period: ExtractPeriod) async throws -> [ExtractSource] {
        let registry = try await store.dataQualitySnapshot()
        let london = TimeZone(identifier: "Europe/London")!
        let start = period.from.adding(days: -1).instant(atMinute: 0, in: london)
        let end = period.to.adding(days: 2).instant(atMinute: 0, in: london)
        let violations = Dictionary(
            grouping: try await store.violations(ViolationQuery(from: start, to: end, limit: 1_000_000)), by: \.subjectId)
        let alerts = Dictionary(grouping: try await store.alerts(AlertQuery(limit: 1_000_000)), by: \.subjectId)
        let installations = Dictionary(grouping: registry.installations, by: \.orderId)
        let subjects = Dictionary(registry.subjects.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return registry.orders.compactMap { o in
            subjects[o.subjectId].map {
                ExtractSource(
                    subject: $0, order: o, violations: violations[o.subjectId] ?? [], alerts: alerts[o.subjectId] ?? [],
                    installations: installations[o.id] ?? [])
            }
        }
    }

    /// The caller's own extract, or 404 / 403 / 410.
    func ownExtract(_ request: Request, _ context: AppRequestContext, _ actor: User) async throws -> StoredExtract {
        try Access(actor).require(.makeExtracts)
        try request.rejectUnknownQueryParameters(allowed: [])
        let id = try context.parameters.require("id")
        guard let extract = try await store.extract(id: id) else { throw APIError.notFound("extract") }
        guard extract.createdBy == actor.id else { throw APIError.forbidden("an extract is for the analyst who made it") }
        guard clock() < extract.expiresAt else {
            throw APIError(.gone, "EXTRACT_EXPIRED", "the extract expired on \(ISOTime.format(extract.expiresAt)); make a new one")
        }
        return extract
    }

    @Sendable func describe(request: Request, context: AppRequestContext) async throws -> ExtractView {
        let actor = try context.requireUser()
        return ExtractView(try await ownExtract(request, context, actor), describing: try ExtractLayout())
    }

    @Sendable func csv(request: Request, context: AppRequestContext) async throws -> Response {
        let actor = try context.requireUser()
        let extract = try await ownExtract(request, context, actor)
        try await auditor.record(
            actor, "export", "extract", extract.id, purpose: extract.purpose, detail: "download rows=\(extract.rows)")
        var headers = HTTPFields()
        headers[.contentType] = "text/csv; charset=utf-8"
        headers[.contentDisposition] = "attachment; filename=\"openem-extract-\(extract.id).csv\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: extract.csv)))
    }
}
