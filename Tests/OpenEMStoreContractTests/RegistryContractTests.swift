import Foundation
import Geo
import OpenEMCore
import Testing

/// The same behaviour from every store: what the server relies on, checked on SQLite and PostgreSQL alike.
@Suite struct RegistryContractTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000.123)

    static func person(_ last: String, force: String = "MPS", crn: String? = nil) -> Subject {
        Subject(
            firstName: "Sam", lastName: last, dateOfBirth: nil, identifiers: .init(crn: crn), forceArea: force,
            probationRegion: "London", responsibleOfficer: nil,
            addresses: [Address(type: .primary, line1: "1 High St", location: Coordinate(lat: 51.5, lon: -0.1))], createdAt: t0)
    }

    @Test(arguments: StoreKind.available)
    func usersAndSessions(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let u = User(username: "po.one", passwordHash: "h", roles: [.probation], forceArea: nil, probationRegion: "London", createdAt: Self.t0)
        try await store.insertUser(u)
        await #expect(throws: StoreError.self) {
            try await store.insertUser(
                User(
                    username: "po.one", passwordHash: "x", roles: [.admin], forceArea: nil, probationRegion: nil,
                    createdAt: Self.t0))
        }
        #expect(
            try await store.user(id: u.id)
                == User(
                    id: u.id, username: "po.one", passwordHash: "h", roles: [.probation], forceArea: nil,
                    probationRegion: "London", createdAt: Date(timeIntervalSince1970: 1_795_000_000.123)))
        #expect(try await store.user(username: "po.one")?.id == u.id)
        #expect(try await store.user(username: "nobody") == nil)
        try await store.insertUser(
            User(username: "admin", passwordHash: "h", roles: [.admin], forceArea: nil, probationRegion: nil, createdAt: Self.t0))
        #expect(try await store.allUsers().map(\.username) == ["admin", "po.one"])
        try await store.insertToken(AccessToken(tokenHash: "th", userId: u.id, issuedAt: Self.t0, expiresAt: Self.t0.addingTimeInterval(3600)))
        #expect(try await store.token(hash: "th")?.revoked == false)
        try await store.revokeToken(hash: "th")
        #expect(try await store.token(hash: "th")?.revoked == true)
        await done()
    }

    @Test(arguments: StoreKind.available)
    func theAuditChainIsOneChainAcrossConcurrentAppends(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                group.addTask {
                    try await store.appendAudit([
                        AuditRecord(
                            at: Self.t0.addingTimeInterval(Double(i)), actorId: "u\(i % 3)", actorRole: "POLICE",
                            action: "view", resourceType: "trail", resourceId: "s\(i)", outcome: .success)
                    ])
                }
            }
            try await group.waitForAll()
        }
        let all = try await store.auditEntries(from: nil, to: nil, actorId: nil, afterSeq: 0, limit: 100)
        #expect(all.map(\.seq) == Array(1...20))
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.hash == $1.prevHash })
        #expect(try await store.auditEntries(from: nil, to: nil, actorId: "u1", afterSeq: 0, limit: 100).count == 7)
        #expect(
            try await store.auditEntries(
                from: Self.t0.addingTimeInterval(10), to: Self.t0.addingTimeInterval(12), actorId: nil,
                afterSeq: 0, limit: 100
            ).count == 2)
        #expect(try await store.verifyAudit() == AuditVerification(valid: true, entries: 20))
        await done()
    }

    @Test(arguments: StoreKind.available)
    func subjectsOrdersAndTheCaseloadFilters(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let a = Self.person("Able", crn: "X123456"), b = Self.person("Baker", force: "GMP")
        try await store.insertSubject(a)
        try await store.insertSubject(b)
        var moved = a
        moved.addresses[0].location = Coordinate(lat: 52.0, lon: -1.0)
        try await store.updateSubject(moved)
        #expect(try await store.subject(id: a.id)?.addresses.first?.location == Coordinate(lat: 52.0, lon: -1.0))
        await #expect(throws: StoreError.self) { try await store.updateSubject(Self.person("Nobody")) }
        #expect(try await store.subjects(ids: [a.id, b.id, "missing"]).keys.sorted() == [a.id, b.id].sorted())
        #expect(try await store.subjects(SubjectQuery(text: "x1234")).map(\.id) == [a.id])
        #expect(try await store.subjects(SubjectQuery(forceArea: "GMP")).map(\.id) == [b.id])

        var order = Order(
            subjectId: a.id, orderType: .bail, cohort: .standard, startDate: "2026-11-20", endDate: nil, nextReviewDate: nil,
            conditions: [], createdAt: Self.t0, createdBy: "x")
        let beforeOrder = try await store.configurationVersion()
        try await store.insertOrderVersion(order)
        #expect(try await store.configurationVersion() > beforeOrder)
        await #expect(throws: StoreError.self) { try await store.insertOrderVersion(order) }
        order.version = 2
        order.orderType = .community
        try await store.insertOrderVersion(order)
        #expect(try await store.order(id: order.id, version: nil)?.version == 2)
        #expect(try await store.order(id: order.id, version: 1)?.orderType == .bail)
        #expect(try await store.orderVersions(id: order.id).map(\.version) == [1, 2])
        #expect(try await store.orders(subjectId: a.id).map(\.version) == [2])
        #expect(try await store.orders(subjectIds: [a.id, b.id]).map(\.id) == [order.id])
        #expect(try await store.activeOrders().map(\.id) == [order.id])
        func query(_ configure: (inout SubjectQuery) -> Void) async throws -> [EntityID] {
            var q = SubjectQuery()
            configure(&q)
            return try await store.subjects(q).map(\.id)
        }
        #expect(try await query { $0.orderType = .community } == [a.id], "the newest version decides")
        #expect(try await query { $0.orderType = .bail }.isEmpty)
        #expect(try await query { $0.hasActiveOrder = false } == [b.id])
        #expect(try await query { $0.hasOpenViolation = false }.count == 2)

        try await store.insertAddressCheck(
            AddressCheck(
                subjectId: a.id, addressId: a.addresses[0].id, domesticAbuseCheck: true,
                safeguardingCheck: true, outcome: .suitable, note: nil, checkedBy: "x", checkedAt: Self.t0))
        #expect(try await store.addressChecks(subjectId: a.id).count == 1)
        await done()
    }

    @Test(arguments: StoreKind.available)
    func devicesHaveOneActiveInstallationAtATime(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let s = Self.person("Cole")
        try await store.insertSubject(s)
        let d = Device(serial: "GPS-1", type: .gpsTag, keyHash: "kh", createdAt: Self.t0)
        try await store.insertDevice(d)
        await #expect(throws: StoreError.self) {
            try await store.insertDevice(Device(serial: "GPS-1", type: .rfTag, keyHash: "k2", createdAt: Self.t0))
        }
        #expect(try await store.device(id: d.id) == d)
        #expect(try await store.device(keyHash: "kh")?.id == d.id)
        #expect(try await store.devices(limit: 10, afterId: nil).map(\.id) == [d.id])
        let first = Installation(deviceId: d.id, orderId: "o1", subjectId: s.id, installedAt: Self.t0)
        let before = try await store.configurationVersion()
        try await store.insertInstallation(first)
        #expect(try await store.configurationVersion() > before, "a fitting is a change the evaluator must see, from any node")
        await #expect(throws: StoreError.self) {
            try await store.insertInstallation(Installation(deviceId: d.id, orderId: "o1", subjectId: s.id, installedAt: Self.t0))
        }
        #expect(try await store.activeInstallations().map(\.id) == [first.id])
        let beforeRemoval = try await store.configurationVersion()
        let removed = try await store.removeInstallation(id: first.id, at: Self.t0.addingTimeInterval(60))
        #expect(try await store.configurationVersion() > beforeRemoval)
        #expect(removed.removedAt == Self.t0.addingTimeInterval(60))
        await #expect(throws: StoreError.self) { _ = try await store.removeInstallation(id: first.id, at: Self.t0) }
        await #expect(throws: StoreError.self) { _ = try await store.removeInstallation(id: "missing", at: Self.t0) }
        let second = Installation(deviceId: d.id, orderId: "o2", subjectId: s.id, installedAt: Self.t0.addingTimeInterval(120))
        try await store.insertInstallation(second)
        #expect(try await store.installations(deviceId: d.id).map(\.id) == [second.id, first.id], "newest first")
        #expect(try await store.installations(orderId: "o1").map(\.id) == [first.id])
        #expect(try await store.installations(subjectId: s.id).count == 2)
        #expect(try await store.installation(id: second.id)?.removedAt == nil)
        await done()
    }
}
