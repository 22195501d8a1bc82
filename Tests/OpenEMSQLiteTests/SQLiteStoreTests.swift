import Foundation
import GRDB
import Geo
import OpenEMCore
import Testing

@testable import OpenEMSQLite

@Suite struct SQLiteStoreTests {
    static func record(_ i: Int) -> AuditRecord {
        AuditRecord(
            at: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)), actorId: "user-\(i % 3)", actorRole: "police",
            action: "read", resourceType: "subject", resourceId: "s-\(i)")
    }

    static func tempPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("openem-test-\(UUID().uuidString).sqlite").path
    }

    @Test func theAuditChainDetectsAlteredDeletedAndTruncatedRows() async throws {
        let cases: [(String, Int64)] = [
            ("UPDATE audit SET resource_id = 's-999' WHERE seq = 4", 4),  // altered
            ("UPDATE audit SET at = at + 1000 WHERE seq = 4", 4),  // back-dated
            ("DELETE FROM audit WHERE seq = 4", 5),  // a gap: entry 5 follows 3
            ("DELETE FROM audit WHERE seq = 10", 10),  // the newest entry removed
        ]
        for (tamper, firstBad) in cases {
            let store = try SQLiteStore.inMemory()
            try await store.appendAudit((1...5).map(Self.record))
            try await store.appendAudit((6...10).map(Self.record))
            #expect(try await store.verifyAudit() == AuditVerification(valid: true, entries: 10))
            try await store.db.write { db in try db.execute(sql: tamper) }
            let v = try await store.verifyAudit()
            #expect(v.valid == false, "\(tamper)")
            #expect(v.firstBadSeq == firstBad, "\(tamper): \(v)")
        }
    }

    @Test func aStoredCodeThatNamesNoCaseIsAnErrorNamingItsColumnNeverADefault() async throws {
        let store = try SQLiteStore.inMemory()
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let device = Device(serial: "GPS-1", type: .gpsTag, keyHash: "h", createdAt: t0)
        try await store.insertDevice(device)
        let v = Violation(
            subjectId: "s1", orderId: nil, conditionId: nil, deviceId: device.id, type: .tamper, status: .confirmed,
            start: t0, end: nil, late: false, evidence: ViolationEvidence(summary: "strap"), createdAt: t0, updatedAt: t0)
        try await store.commitEvaluation(EvaluationCommit(partition: 0, cursor: 0, violations: [v], createdAt: t0))
        try await store.appendAudit([Self.record(1)])
        _ = try await store.appendTelemetry(
            [TelemetryMessage(deviceId: device.id, seq: 1, time: t0, payload: .tamper(.strap))],
            receivedAt: t0)
        #expect(try await store.telemetry(afterOffset: 0, limit: 10).map(\.message.payload) == [.tamper(.strap)])

        try await store.db.write { db in
            try db.execute(sql: "UPDATE devices SET type = 'GPS_TAG_V2'")
            try db.execute(sql: "UPDATE violations SET status = 'REOPENED'")
            try db.execute(sql: "UPDATE audit SET outcome = 'PARTIAL'")
            try db.execute(sql: "UPDATE telemetry SET flag = 9")
        }
        await #expect(throws: UnknownStoredCode(column: "devices.type", code: "GPS_TAG_V2")) { try await store.device(id: device.id) }
        await #expect(throws: UnknownStoredCode(column: "violations.status", code: "REOPENED")) { try await store.violation(id: v.id) }
        await #expect(throws: UnknownStoredCode(column: "audit.outcome", code: "PARTIAL")) {
            try await store.auditEntries(from: nil, to: nil, actorId: nil, afterSeq: 0, limit: 10)
        }
        await #expect(throws: UnknownStoredCode(column: "telemetry.flag", code: "9")) { try await store.telemetry(afterOffset: 0, limit: 10) }
        try await store.db.write { db in try db.execute(sql: "UPDATE telemetry SET kind = 7") }
        await #expect(throws: UnknownStoredCode(column: "telemetry.kind", code: "7")) { try await store.telemetry(afterOffset: 0, limit: 10) }
    }

    @Test func aStoredDocumentThatNoLongerDecodesIsAStoreErrorNotTheCallersBadInput() async throws {
        let store = try SQLiteStore.inMemory()
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        try await store.insertUser(User(username: "amy", passwordHash: "h", roles: [.police], forceArea: "MPS", createdAt: t0))
        try await store.db.write { db in try db.execute(sql: "UPDATE users SET roles = '[\"WIZARD\"]'") }
        await #expect(throws: UnreadableStoredDocument.self) { try await store.user(username: "amy") }
        do {
            _ = try await store.user(username: "amy")
        } catch let error as UnreadableStoredDocument {
            #expect(error.type == "Array<Role>" && error.reason.hasPrefix("[0]"), "\(error)")
            #expect(!error.description.contains("WIZARD"), "the stored value is not repeated in logs")
        }
    }

    @Test func dataIsThereAfterReopeningTheFile() async throws {
        let path = Self.tempPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let device = Device(serial: "GPS-1", type: .gpsTag, keyHash: "h", createdAt: Date(timeIntervalSince1970: 1_790_000_000))
        do {
            let store = try SQLiteStore.open(path: path)
            try await store.insertDevice(device)
            let messages = (0..<100).map { i in
                TelemetryMessage(
                    deviceId: device.id, seq: Int64(i), time: Date(timeIntervalSince1970: 1_790_000_000 + Double(i)),
                    payload: .position(PositionFix(coordinate: .init(lat: 51.5, lon: -0.1), accuracyMetres: 5)))
            }
            let r = try await store.appendTelemetry(messages + messages.prefix(10), receivedAt: Date())
            #expect(r == TelemetryAppendResult(accepted: 100, duplicates: 10))
        }
        let reopened = try SQLiteStore.open(path: path)
        #expect(try await reopened.device(id: device.id) == device)
        let log = try await reopened.telemetry(afterOffset: 0, limit: 1000)
        #expect(log.count == 100)
        #expect(log.map(\.message.seq) == (0..<100).map(Int64.init))
        if case .position(let p) = log[0].message.payload { #expect(p.accuracyMetres == 5) } else { Issue.record("payload") }
    }

    @Test func everyPayloadRoundTripsAndBacklogsComeBackInEventTimeOrder() async throws {
        let store = try SQLiteStore.inMemory()
        let device = Device(serial: "GA-1", type: .gpsAlcoholTag, keyHash: "h", createdAt: Date())
        try await store.insertDevice(device)
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let payloads: [TelemetryPayload] = [
            .position(PositionFix(coordinate: .init(lat: 51.5, lon: -0.1), accuracyMetres: 300, source: .lbs, speed: 1.5, heading: 90)),
            .rf(inRange: true), .rf(inRange: false),
            .alcohol(AlcoholReading(tac: 0.031, irVoltage: 2.5, temperatureC: 33.1)),
            .tamper(.strap), .tamper(.homeUnitMoved), .battery(levelPercent: 18, charging: true), .heartbeat,
        ]
        // Sent newest first (a backlog arriving after live data).
        let messages = payloads.enumerated().reversed().map { i, p in
            TelemetryMessage(deviceId: device.id, seq: Int64(i), time: t0.addingTimeInterval(Double(i) * 60), payload: p)
        }
        _ = try await store.appendTelemetry(messages, receivedAt: t0)
        let ordered = try await store.telemetry(deviceIds: [device.id], from: t0, to: t0.addingTimeInterval(3600), limit: 100)
        #expect(ordered.map(\.message.payload) == payloads)
    }

    @Test func theCaseloadFiltersByTheNewestOrderAndOpenViolations() async throws {
        let store = try SQLiteStore.inMemory()
        func person(_ name: String) async throws -> Subject {
            let s = Subject(
                firstName: name, lastName: "Test", dateOfBirth: nil, identifiers: .init(), forceArea: "MPS",
                probationRegion: "London", responsibleOfficer: nil, addresses: [], createdAt: Date())
            try await store.insertSubject(s)
            return s
        }
        func order(_ s: Subject, _ type: OrderType, _ cohort: Cohort) -> Order {
            Order(
                subjectId: s.id, orderType: type, cohort: cohort, startDate: "2026-11-20", endDate: nil, nextReviewDate: nil,
                conditions: [], createdAt: Date(), createdBy: "x")
        }
        let a = try await person("A"), b = try await person("B"), c = try await person("C"), d = try await person("D")
        try await store.insertOrderVersion(order(a, .bail, .standard))
        var varied = order(b, .postRelease, .domesticAbuse)
        try await store.insertOrderVersion(varied)
        varied.version = 2
        varied.cohort = .standard
        try await store.insertOrderVersion(varied)
        var ended = order(c, .community, .alcohol)
        try await store.insertOrderVersion(ended)
        ended.version = 2
        ended.status = .ended
        try await store.insertOrderVersion(ended)
        let open = Violation(
            subjectId: a.id, orderId: nil, conditionId: nil, deviceId: nil, type: .tamper, status: .confirmed,
            start: Date(), end: nil, late: false, evidence: ViolationEvidence(summary: ""), createdAt: Date(), updatedAt: Date())
        try await store.commitEvaluation(EvaluationCommit(partition: 0, cursor: 0, violations: [open], createdAt: Date()))

        func names(_ configure: (inout SubjectQuery) -> Void) async throws -> [String] {
            var q = SubjectQuery(limit: 100)
            configure(&q)
            return try await store.subjects(q).map(\.firstName).sorted()
        }
        #expect(try await names { $0.orderType = .bail } == ["A"])
        #expect(try await names { $0.cohort = .domesticAbuse } == [], "the newest version decides the cohort")
        #expect(try await names { $0.cohort = .standard } == ["A", "B"])
        #expect(try await names { $0.cohort = .alcohol } == [], "an ended order is not an active one")
        #expect(try await names { $0.hasActiveOrder = false } == ["C", "D"])
        #expect(try await names { $0.hasActiveOrder = true } == ["A", "B"])
        #expect(try await names { $0.hasOpenViolation = true } == ["A"])
        #expect(try await names { $0.hasOpenViolation = false } == ["B", "C", "D"])
        _ = d
    }

    @Test func orderVersionsAndInstallationsAreGuarded() async throws {
        let store = try SQLiteStore.inMemory()
        let s = Subject(
            firstName: "A", lastName: "B", dateOfBirth: nil, identifiers: .init(), forceArea: "MPS",
            probationRegion: nil, responsibleOfficer: nil, addresses: [], createdAt: Date())
        try await store.insertSubject(s)
        let o = Order(
            subjectId: s.id, orderType: .bail, cohort: .standard, startDate: "2026-11-20", endDate: nil,
            nextReviewDate: nil, conditions: [], createdAt: Date(), createdBy: "x")
        try await store.insertOrderVersion(o)
        var v2 = o
        v2.version = 2
        try await store.insertOrderVersion(v2)
        await #expect(throws: StoreError.self) { try await store.insertOrderVersion(v2) }
        var v5 = o
        v5.version = 5
        await #expect(throws: StoreError.self) { try await store.insertOrderVersion(v5) }
        #expect(try await store.orderVersions(id: o.id).map(\.version) == [1, 2])
        let d = Device(serial: "RF-1", type: .rfTag, keyHash: "k", createdAt: Date())
        try await store.insertDevice(d)
        try await store.insertInstallation(Installation(deviceId: d.id, orderId: o.id, subjectId: s.id, installedAt: Date()))
        await #expect(throws: StoreError.self) {
            try await store.insertInstallation(Installation(deviceId: d.id, orderId: o.id, subjectId: s.id, installedAt: Date()))
        }
    }

    @Test func aStoreFromBeforeTheFineIndexIsReindexedWhenOpened() async throws {
        let path = Self.tempPath()
        defer { for s in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + s) } }
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        do {
            let old = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(old, upTo: "v3-covering-position-index")
            try await old.write { db in
                try db.execute(
                    sql: "INSERT INTO devices (dkey, id, serial, type, key_hash, created_at) VALUES (1, 'dev-1', 'OLD-1', 'GPS_TAG', 'k', 0)")
                for i in 0..<10 {
                    try db.execute(
                        sql: "INSERT INTO telemetry (dkey, seq, time, received, kind, lat, lon, acc) VALUES (1, ?, ?, ?, 0, 51.5, -0.1, 5)",
                        arguments: [i, ms(t0) + Int64(i) * 60_000, ms(t0)])
                }
            }
        }
        let store = try SQLiteStore.open(path: path)
        let s = Subject(
            firstName: "A", lastName: "B", dateOfBirth: nil, identifiers: .init(), forceArea: "MPS", probationRegion: nil,
            responsibleOfficer: nil, addresses: [], createdAt: t0)
        try await store.insertSubject(s)
        try await store.insertInstallation(Installation(deviceId: "dev-1", orderId: "o", subjectId: s.id, installedAt: t0.addingTimeInterval(-60)))
        let trails = try await store.deviceTrails(
            near: BoundingBox(minLat: 51.49, minLon: -0.11, maxLat: 51.51, maxLon: -0.09),
            from: t0, to: t0.addingTimeInterval(3600), edge: 600, horizon: 3600)
        #expect(trails.first?.points.count == 10)
    }
}
