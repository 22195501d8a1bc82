import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import OpenEMCore
import OpenEMPostgres
import OpenEMSQLite
import OpenEMServer
import PostgresNIO
import Synchronization
import Testing

/// A settable clock so tests control token expiry, review dates and (later) timers.
final class TestClock: Sendable {
    private let now: Mutex<Date>
    init(_ start: Date = ISOTime.parse("2026-11-20T12:00:00Z")!) { now = Mutex(start) }
    func read() -> Date { now.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { now.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A parsed JSON response body.
struct JSON: @unchecked Sendable {
    let value: Any?
    init(_ value: Any?) { self.value = value }
    init(buffer: ByteBuffer) {
        value =
            buffer.readableBytes == 0 ? nil : try? JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
    }
    subscript(key: String) -> JSON { JSON((value as? [String: Any])?[key]) }
    subscript(index: Int) -> JSON {
        guard let a = value as? [Any], index < a.count else { return JSON(nil) }
        return JSON(a[index])
    }
    var string: String? { value as? String }
    var int: Int? { (value as? NSNumber)?.intValue }
    var double: Double? { (value as? NSNumber)?.doubleValue }
    var bool: Bool? { (value as? NSNumber)?.boolValue }
    var array: [JSON] { ((value as? [Any]) ?? []).map(JSON.init) }
    var count: Int { (value as? [Any])?.count ?? 0 }
    var isNull: Bool { value == nil || value is NSNull }
}

struct Reply {
    let status: HTTPResponse.Status
    let json: JSON
    let headers: HTTPFields
    let text: String
}

/// A fresh OpenEM per test, with an administrator and helpers to call the API as any user. The store is an
/// in-memory SQLite one, or, with OPENEM_TEST_STORE=postgres, a new database on the server that
/// OPENEM_TEST_POSTGRES_URL names (scripts/test.sh runs the suite both ways).
struct Harness {
    let store: any OpenEMStore
    let clock: TestClock
    let router: Router<AppRequestContext>
    let services: AppServices
    let dropDatabase: @Sendable () async -> Void

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) async throws {
        (store, dropDatabase) = try await Self.makeStore()
        let clock = TestClock()
        self.clock = clock
        var configuration = ServerConfiguration(bcryptCost: 4, clock: { clock.read() })
        configure(&configuration)
        services = AppServices(store: store, configuration: configuration)
        router = try buildRouter(services)
    }

    func run(_ body: @escaping @Sendable (Client) async throws -> Void) async throws {
        // The live stream's fan-out runs, as on every node; the evaluator and escalation run when a test says.
        let app = Application(router: router, services: [services.alertBroadcaster])
        let store = store
        let clock = clock
        let evaluator = services.background.evaluator()
        let escalation = services.background.escalation()
        do {
            try await app.test(.router) { client in
                let c = Client(raw: client, store: store, clock: clock, evaluator: evaluator, escalation: escalation)
                try await c.bootstrapAdmin()
                try await body(c)
            }
        } catch {
            await dropDatabase()
            throw error
        }
        await dropDatabase()
    }

    static func makeStore() async throws -> (any OpenEMStore, @Sendable () async -> Void) {
        let env = ProcessInfo.processInfo.environment
        guard env["OPENEM_TEST_STORE"] == "postgres" else { return (try SQLiteStore.inMemory(), {}) }
        let admin = try #require(env["OPENEM_TEST_POSTGRES_URL"], "OPENEM_TEST_STORE=postgres needs OPENEM_TEST_POSTGRES_URL")
        let (store, drop) = try await PostgresStore.openScratch(on: admin, prefix: "openem_server_test")
        return (store, drop)
    }

    struct Client: Sendable {
        let raw: any TestClientProtocol
        let store: any OpenEMStore
        let clock: TestClock
        let evaluator: EvaluatorService
        let escalation: EscalationService

        /// Runs the evaluator once at the test clock's time (the live service does this continuously).
        func evaluate() async throws { try await evaluator.stepOnce() }

        static let adminPassword = "admin-password-1"

        func bootstrapAdmin() async throws {
            let hash = try await PasswordHasher(cost: 4).hash(Self.adminPassword)
            try await store.insertUser(User(username: "admin", passwordHash: hash, roles: [.admin], createdAt: clock.read()))
        }

        @discardableResult
        func call(
            _ method: HTTPRequest.Method, _ path: String, token: String? = nil, json: Any? = nil,
            body: String? = nil, contentType: String? = nil
        ) async throws -> Reply {
            var headers: HTTPFields = [:]
            if let token { headers[.authorization] = "Bearer \(token)" }
            var buffer: ByteBuffer?
            if let json {
                let data = try JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])
                buffer = ByteBuffer(bytes: data)
                headers[.contentType] = "application/json"
            } else if let body {
                buffer = ByteBuffer(string: body)
                headers[.contentType] = contentType ?? "application/json"
            }
            return try await raw.execute(uri: path, method: method, headers: headers, body: buffer) { r in
                Reply(status: r.status, json: JSON(buffer: r.body), headers: r.headers, text: String(buffer: r.body))
            }
        }

        func login(_ username: String, _ password: String) async throws -> String {
            let r = try await call(.post, "/api/v1/auth/token", json: ["username": username, "password": password])
            #expect(r.status == .ok, "login \(username): \(r.text)")
            return try #require(r.json["token"].string)
        }

        func adminToken() async throws -> String { try await login("admin", Self.adminPassword) }

        /// Creates a user through the API and returns a token for it.
        func user(_ username: String, _ roles: [String], forceArea: String? = nil, region: String? = nil) async throws -> String {
            let admin = try await adminToken()
            var body: [String: Any] = ["username": username, "password": "password-\(username)", "roles": roles]
            if let forceArea { body["forceArea"] = forceArea }
            if let region { body["probationRegion"] = region }
            let r = try await call(.post, "/api/v1/users", token: admin, json: body)
            #expect(r.status == .created, "create user: \(r.text)")
            return try await login(username, "password-\(username)")
        }
    }
}

/// Request bodies used across tests.
enum Fixtures {
    static func subject(forceArea: String = "MPS", region: String = "London", lastName: String = "Smith") -> [String: Any] {
        [
            "firstName": "John", "lastName": lastName, "dateOfBirth": "1990-04-01",
            "identifiers": ["crn": "X123456", "pnc": "2001/0123456A"],
            "forceArea": forceArea, "probationRegion": region, "responsibleOfficer": "officer.jones",
            "addresses": [
                [
                    "type": "PRIMARY", "line1": "1 High Street", "town": "London", "postcode": "SW1A 1AA",
                    "location": ["lat": 51.5007, "lon": -0.1246],
                ]
            ],
        ]
    }

    nonisolated(unsafe) static let squareZone: [String: Any] = [
        "type": "Polygon",
        "coordinates": [[[-0.1300, 51.5100], [-0.1200, 51.5100], [-0.1200, 51.5150], [-0.1300, 51.5150], [-0.1300, 51.5100]]],
    ]

    static func curfew(addressId: String) -> [String: Any] {
        [
            "type": "curfew", "addressId": addressId, "radiusMetres": 50, "graceMinutes": 5,
            "timetable": [["days": ["MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"], "from": "19:00", "to": "07:00"]],
        ]
    }

    static func exclusion() -> [String: Any] {
        ["type": "exclusionZone", "name": "Victim's street", "geometry": squareZone, "bufferMetres": 10]
    }

    static func order(
        subjectId: String, conditions: [[String: Any]], orderType: String = "BAIL",
        cohort: String = "STANDARD", start: String = "2026-11-21", end: String? = "2027-05-20"
    ) -> [String: Any] {
        var o: [String: Any] = [
            "subjectId": subjectId, "orderType": orderType, "cohort": cohort, "startDate": start,
            "timeZone": "Europe/London", "conditions": conditions,
        ]
        if let end { o["endDate"] = end }
        return o
    }
}

extension Harness.Client {
    /// A subject with a cleared primary address; returns (subjectId, addressId).
    func subjectWithCheckedAddress(_ token: String, forceArea: String = "MPS", region: String = "London") async throws -> (String, String) {
        let s = try await call(.post, "/api/v1/subjects", token: token, json: Fixtures.subject(forceArea: forceArea, region: region))
        #expect(s.status == .created, "\(s.text)")
        let id = try #require(s.json["id"].string)
        let addressId = try #require(s.json["addresses"][0]["id"].string)
        let c = try await call(
            .post, "/api/v1/subjects/\(id)/address-checks", token: token,
            json: [
                "addressId": addressId, "domesticAbuseCheck": true, "safeguardingCheck": true, "outcome": "SUITABLE",
            ])
        #expect(c.status == .created, "\(c.text)")
        return (id, addressId)
    }
}
