import Foundation
import Hummingbird

/// The portal's own stylesheet and script (`Resources/styles`, `Resources/scripts`, embedded at build time), and
/// Leaflet / Chart.js from where Debian installs them.
struct PortalAssets {
    let leafletDirectory: String
    let chartJSDirectory: String

    static let css = Data(PortalResources.files.filter { $0.key.hasPrefix("styles/") }.sorted { $0.key < $1.key }.map(\.value).joined().utf8)

    /// Every page's script in one file: `common.js` (the `OpenEM` namespace the others use) first, then each page's
    /// own, which acts only when its page's elements are there.
    static let js: Data = {
        let scripts = PortalResources.files.filter { $0.key.hasPrefix("scripts/") && $0.key.hasSuffix(".js") }
        let order = ["scripts/common.js"] + scripts.keys.filter { $0 != "scripts/common.js" }.sorted()
        return Data(order.compactMap { scripts[$0] }.joined(separator: "\n").utf8)
    }()

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("static/portal.css") { _, _ in Self.response(Self.css, type: "text/css; charset=utf-8") }
        router.get("static/portal.js") { _, _ in Self.response(Self.js, type: "text/javascript; charset=utf-8") }
        router.get("static/leaflet/**", use: leaflet)
        router.get("static/chart.js/**", use: chartJS)
    }

    static func response(_ data: Data, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func serve(_ request: Request, prefix: String, from directory: String) throws -> Response {
        let rest = String(request.uri.path.dropFirst(prefix.count))
        // Only plain file names below the directory: no "..", no hidden files.
        guard !rest.isEmpty, rest.split(separator: "/").allSatisfy({ !$0.hasPrefix(".") }),
            rest.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) })
        else {
            throw APIError.notFound("file")
        }
        guard let data = FileManager.default.contents(atPath: directory + "/" + rest) else {
            throw APIError(.notFound, "NOT_INSTALLED", "\(rest) is not installed (scripts/setup.sh installs it)")
        }
        let type =
            rest.hasSuffix(".css")
            ? "text/css"
            : rest.hasSuffix(".js")
                ? "text/javascript"
                : rest.hasSuffix(".png") ? "image/png" : rest.hasSuffix(".svg") ? "image/svg+xml" : "application/octet-stream"
        return response(data, type: type)
    }

    @Sendable func leaflet(request: Request, context: AppRequestContext) async throws -> Response {
        try Self.serve(request, prefix: "/static/leaflet/", from: leafletDirectory)
    }

    @Sendable func chartJS(request: Request, context: AppRequestContext) async throws -> Response {
        try Self.serve(request, prefix: "/static/chart.js/", from: chartJSDirectory)
    }
}
