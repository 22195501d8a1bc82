import Foundation
import OpenEMCore
import Testing

@testable import OpenEMPostgres

@Suite struct PostgresStoredCodeTests {
    /// A code that names no case (a newer writer, a bad edit) is an error naming its column, never read as a default.
    @Test func aStoredCodeThatNamesNoCaseIsAnErrorNamingItsColumnNeverADefault() async throws {
        guard let server = StoreKind.postgresURL else { return }
        let name = "openem_test_codes_\(UUID().uuidString.prefix(8).lowercased())"
        let url = try await PostgresStore.createDatabase(name, on: server)
        defer { Task { try? await PostgresStore.dropDatabase(name, on: server) } }
        var store = try await PostgresStore.open(url: url)
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let device = Device(serial: "GPS-1", type: .gpsTag, keyHash: "h", createdAt: t0)
        try await store.insertDevice(device)
        let v = Violation(
            subjectId: "s1", orderId: nil, conditionId: nil, deviceId: device.id, type: .tamper, status: .confirmed,
            start: t0, end: nil, late: false, evidence: ViolationEvidence(summary: "strap"), createdAt: t0, updatedAt: t0)
        try await store.commitEvaluation(EvaluationCommit(partition: 0, cursor: 0, violations: [v], createdAt: t0))
        try await store.appendAudit([AuditRecord(at: t0, actorId: "u1", actorRole: "police", action: "read", resourceType: "subject")])
        _ = try await store.appendTelemetry(
            [TelemetryMessage(deviceId: device.id, seq: 1, time: t0, payload: .tamper(.strap))],
            receivedAt: t0)
        func telemetry() async throws -> [LoggedTelemetry] {
            try await store.telemetry(deviceIds: [device.id], from: t0, to: t0.addingTimeInterval(1), limit: 10)
        }
        #expect(try await telemetry().map(\.message.payload) == [.tamper(.strap)])
        store.close()

        try await PostgresStore.onServer(url, "UPDATE devices SET type = 'GPS_TAG_V2'")
        try await PostgresStore.onServer(url, "UPDATE violations SET status = 'REOPENED'")
        try await PostgresStore.onServer(url, "UPDATE audit SET outcome = 'PARTIAL'")
        try await PostgresStore.onServer(url, "UPDATE telemetry SET flag = 9")
        store = try await PostgresStore.open(url: url)
        await #expect(throws: UnknownStoredCode(column: "devices.type", code: "GPS_TAG_V2")) { try await store.device(id: device.id) }
        await #expect(throws: UnknownStoredCode(column: "violations.status", code: "REOPENED")) { try await store.violation(id: v.id) }
        await #expect(throws: UnknownStoredCode(column: "audit.outcome", code: "PARTIAL")) {
            try await store.auditEntries(from: nil, to: nil, actorId: nil, afterSeq: 0, limit: 10)
        }
        await #expect(throws: UnknownStoredCode(column: "telemetry.flag", code: "9")) { try await telemetry() }
        try await PostgresStore.onServer(url, "UPDATE telemetry SET kind = 7")
        await #expect(throws: UnknownStoredCode(column: "telemetry.kind", code: "7")) { try await telemetry() }
        store.close()
    }
}
