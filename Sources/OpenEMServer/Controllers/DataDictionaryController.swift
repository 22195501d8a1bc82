import Foundation
import Hummingbird
import OpenEMCore

/// `GET /api/v1/data-dictionary`: every resource and key the API returns, for anyone signed in, as JSON or CSV.
struct DataDictionaryController {
    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("data-dictionary", use: dictionary)
    }

    struct RetentionPolicy: Codable, Sendable {
        var retentionClass: RetentionClass
        var keep: String
        var after: RetentionAnchor
    }

    struct DictionaryView: ResponseCodable {
        var version: String
        var entities: [DictionaryEntity]
        var retentionClasses: [RetentionPolicy]
    }

    static let csvColumns = [
        "entity", "field", "type", "required", "allowedValues", "personalData", "retentionClass", "source", "description",
    ]

    @Sendable func dictionary(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireUser()
        try request.rejectUnknownQueryParameters(allowed: ["format"])
        switch request.uri.queryParameters[Substring("format")].map(String.init) {
        case nil, "json":
            let view = DictionaryView(
                version: DataDictionary.version, entities: DataDictionary.entities,
                retentionClasses: RetentionClass.allCases.map { RetentionPolicy(retentionClass: $0, keep: $0.defaultKeep, after: $0.defaultAfter) })
            return try APIJSON.response(view)
        case "csv":
            var headers = HTTPFields()
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"openem-data-dictionary-\(DataDictionary.version).csv\""
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Self.csv())))
        case let other?:
            throw APIError.badRequest("INVALID_FORMAT", "format must be json or csv, not '\(other)'")
        }
    }

    /// One row per field of every entity.
    static func csv() -> String {
        var s = CSVText.record(csvColumns)
        for e in DataDictionary.entities {
            for f in e.fields {
                s += CSVText.record([
                    e.name, f.name, f.type, f.required ? "true" : "false", (f.allowedValues ?? []).joined(separator: "|"),
                    f.personalData.rawValue, f.retentionClass.rawValue, f.source.rawValue, f.description,
                ])
            }
        }
        return s
    }
}
