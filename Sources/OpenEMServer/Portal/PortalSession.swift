import Foundation
import Hummingbird
import OpenEMCore

/// The portal's sign-in: a session cookie holding a bearer token (HttpOnly, SameSite=Strict), and a CSRF
/// token in a second cookie that every form and every script request must echo (double submit).
struct PortalSession {
    static let cookie = "openem_session"
    static let csrfCookie = "openem_csrf"

    let auth: AuthController
    let pages: PortalRenderer

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("login", use: loginPage)
        router.post("login", use: login)
        router.post("logout", use: logout)
    }

    static func csrf(_ request: Request) -> String? { request.cookies[csrfCookie]?.value }

    static func cookies(session: String?, csrf: String, secure: Bool = false) -> [Cookie] {
        [
            Cookie(
                name: cookie, value: session ?? "", maxAge: session == nil ? 0 : 12 * 3600, path: "/",
                secure: secure, httpOnly: true, sameSite: .strict),
            Cookie(name: csrfCookie, value: csrf, path: "/", secure: secure, httpOnly: false, sameSite: .strict),
        ]
    }

    @Sendable func loginPage(request: Request, context: AppRequestContext) async throws -> Response {
        let csrf = Self.csrf(request) ?? Secrets.randomToken()
        var response = try pages.page(
            LoginPage(csrf: csrf, next: request.query("next") ?? "/", error: request.query("error") != nil),
            user: nil, csrf: csrf)
        response.setCookie(Self.cookies(session: request.cookies[Self.cookie]?.value, csrf: csrf)[1])
        return response
    }

    static func safeNext(_ next: String?) -> String {
        guard let n = next, n.hasPrefix("/"), !n.hasPrefix("//") else { return "/" }
        return n
    }

    /// A posted form's fields, once its CSRF token matches the cookie's (double submit).
    static func checkedForm(_ request: Request, ifStale message: String) async throws -> [String: String] {
        var copy = request
        let body = try await copy.collectBody(upTo: 16 * 1024)
        let form = FormBody.fields(String(decoding: body.readableBytesView, as: UTF8.self))
        guard let expected = csrf(request), let sent = form["csrf"], Secrets.equal(sent, expected) else {
            throw APIError(.forbidden, "CSRF_TOKEN_MISMATCH", message)
        }
        return form
    }

    @Sendable func login(request: Request, context: AppRequestContext) async throws -> Response {
        let form = try await Self.checkedForm(request, ifStale: "the sign-in form has expired; reload the page")
        let user: User?
        do {
            user = try await auth.check(form["username"] ?? "", form["password"] ?? "", client: auth.clientAddress.of(request, context))
        } catch let e as APIError where e.status == .tooManyRequests {
            // The form again, saying how long to wait, with the API's status and Retry-After.
            let csrf = Self.csrf(request) ?? Secrets.randomToken()
            var response = try pages.page(
                LoginPage(csrf: csrf, next: Self.safeNext(form["next"]), error: false, lockedMessage: Self.sentence(e.message), locked: true),
                user: nil, csrf: csrf)
            response.status = .tooManyRequests
            if let wait = e.retryAfter { response.headers[.retryAfter] = String(wait) }
            return response
        }
        guard let user else {
            return Response(
                status: .seeOther,
                headers: [
                    .location:
                        "/login?error=1&next=\(Self.safeNext(form["next"]).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "/")"
                ])
        }
        let (token, _) = try await auth.issue(for: user)
        var response = Response(status: .seeOther, headers: [.location: Self.safeNext(form["next"])])
        // A fresh CSRF token with the new session.
        for c in Self.cookies(session: token, csrf: Secrets.randomToken()) { response.setCookie(c) }
        return response
    }

    /// "too many ..." as a sentence for the page.
    static func sentence(_ message: String) -> String { message.prefix(1).uppercased() + message.dropFirst() + "." }

    @Sendable func logout(request: Request, context: AppRequestContext) async throws -> Response {
        _ = try await Self.checkedForm(request, ifStale: "reload the page and sign out again")
        if let session = request.cookies[Self.cookie]?.value, !session.isEmpty {
            try await auth.store.revokeToken(hash: Secrets.sha256Hex(session))
        }
        var response = Response(status: .seeOther, headers: [.location: "/login"])
        for c in Self.cookies(session: nil, csrf: Secrets.randomToken()) { response.setCookie(c) }
        return response
    }
}
