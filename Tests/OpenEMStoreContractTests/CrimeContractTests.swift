import Foundation
import Geo
import OpenEMCore
import Testing

/// The space-time search read, crime versions and matches: the same answers from both stores.
@Suite struct CrimeContractTests {
    /// A wearer with a GPS tag installed from `t0`, for the search index tests.
    static func wearer(_ store: any RegistryStore, _ serial: String, from t0: Date) async throws -> (Subject, Device) {
        let s = Subject(
            firstName: "A", lastName: serial, dateOfBirth: nil, identifiers: .init(), forceArea: "MPS",
            probationRegion: nil, responsibleOfficer: nil, addresses: [], createdAt: t0)
        try await store.insertSubject(s)
        let d = Device(serial: serial, type: .gpsTag, keyHash: serial, createdAt: t0)
        try await store.insertDevice(d)
        try await store.insertInstallation(Installation(deviceId: d.id, orderId: "o-\(serial)", subjectId: s.id, installedAt: t0))
        return (s, d)
    }

    static func fix(_ d: Device, _ seq: Int64, _ t: Date, lat: Double, lon: Double) -> TelemetryMessage {
        TelemetryMessage(
            deviceId: d.id, seq: seq, time: t, payload: .position(PositionFix(coordinate: .init(lat: lat, lon: lon), accuracyMetres: 8)))
    }

    @Test(arguments: StoreKind.available)
    func aSearchReadsDevicesThatWereInTheBoxWithTheirFixesInTimeOrderOnceAndSilentOnesWithTheFixesAroundTheGap(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        let (near, nearDevice) = try await Self.wearer(store, "NEAR", from: t0.addingTimeInterval(-86_400))
        let (_, farDevice) = try await Self.wearer(store, "FAR", from: t0.addingTimeInterval(-86_400))
        let (_, silentDevice) = try await Self.wearer(store, "SILENT", from: t0.addingTimeInterval(-86_400))
        let (_, leftDevice) = try await Self.wearer(store, "LEFT", from: t0.addingTimeInterval(-86_400))
        // A fix a minute for two hours, passing the box; sent newest half first (a backlog after live data), then resent.
        let trail = (0..<120).map { i in
            Self.fix(nearDevice, Int64(i), t0.addingTimeInterval(Double(i) * 60), lat: 51.40 + Double(i) * 0.001, lon: -0.1)
        }
        _ = try await store.appendTelemetry(Array(trail[60...]), receivedAt: t0)
        _ = try await store.appendTelemetry(Array(trail[..<60]), receivedAt: t0)
        #expect(try await store.appendTelemetry(trail, receivedAt: t0).duplicates == 120)
        // Another wearer 30 km away all the time.
        _ = try await store.appendTelemetry(
            (0..<120).map { i in Self.fix(farDevice, Int64(i), t0.addingTimeInterval(Double(i) * 60), lat: 51.7, lon: -0.1) },
            receivedAt: t0)
        // One in the box until minute 10, silent, back at minute 100; one in the box until minute 10 and then 30 km away.
        let gappy = [0, 5, 10, 100, 105].map { m in Self.fix(silentDevice, Int64(m), t0.addingTimeInterval(Double(m) * 60), lat: 51.45, lon: -0.1) }
        _ = try await store.appendTelemetry(gappy, receivedAt: t0)
        let left = (0..<120).map { m in
            Self.fix(leftDevice, Int64(m), t0.addingTimeInterval(Double(m) * 60), lat: m <= 10 ? 51.45 : 51.75, lon: -0.1)
        }
        _ = try await store.appendTelemetry(left, receivedAt: t0)
        let box = BoundingBox(minLat: 51.44, minLon: -0.11, maxLat: 51.46, maxLon: -0.09)
        let window = (t0.addingTimeInterval(30 * 60), t0.addingTimeInterval(70 * 60))
        let trails = try await store.deviceTrails(near: box, from: window.0, to: window.1, edge: 600, horizon: 3600)
        #expect(Set(trails.map(\.deviceId)) == [nearDevice.id, silentDevice.id])
        let nearTrail = trails.first { $0.deviceId == nearDevice.id }
        #expect(nearTrail?.installations.map(\.subjectId) == [near.id])
        let times = nearTrail?.points.map(\.time) ?? []
        #expect(times == (30..<70).map { t0.addingTimeInterval(Double($0) * 60) }, "every fix of the window once, in time order")
        #expect(nearTrail?.points.first?.coordinate == Coordinate(lat: 51.43, lon: -0.1))
        let silentTrail = trails.first { $0.deviceId == silentDevice.id }
        #expect(
            silentTrail?.points.map(\.time) == [t0.addingTimeInterval(600), t0.addingTimeInterval(6000)],
            "silent through the window: the last fix before it and the first after it")
        // With no horizon (shorter than a slot), only the devices seen in the window: the silent one is not looked for.
        #expect(Set(try await store.deviceTrails(near: box, from: window.0, to: window.1, edge: 600, horizon: 0).map(\.deviceId)) == [nearDevice.id])
        // Outside the window and its horizon, nothing.
        #expect(
            try await store.deviceTrails(
                near: box, from: t0.addingTimeInterval(4 * 3600), to: t0.addingTimeInterval(5 * 3600),
                edge: 600, horizon: 3600
            ).isEmpty)
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aDeviceSendingAFixASecondIsReadBackWholeAcrossManyBatches(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let t0 = Date(timeIntervalSince1970: 1_790_000_400)  // the start of a 10-minute slot
        let (_, d) = try await Self.wearer(store, "FAST", from: t0.addingTimeInterval(-60))
        let fixes = (0..<1_500).map { i in Self.fix(d, Int64(i), t0.addingTimeInterval(Double(i)), lat: 51.5 + Double(i) * 1e-6, lon: -0.1) }
        for batch in stride(from: 0, to: fixes.count, by: 50) {
            _ = try await store.appendTelemetry(Array(fixes[batch..<batch + 50]), receivedAt: t0)
        }
        let box = BoundingBox(minLat: 51.49, minLon: -0.11, maxLat: 51.51, maxLon: -0.09)
        let trail = try await store.deviceTrails(near: box, from: t0, to: t0.addingTimeInterval(1_500), edge: 600, horizon: 3600).first
        #expect(trail?.points.map(\.time) == fixes.map(\.time))
        // A window after a silence: the last fix before it is the newest of the slot's many parts.
        let later = try await store.deviceTrails(
            near: box, from: t0.addingTimeInterval(1_800), to: t0.addingTimeInterval(2_400),
            edge: 600, horizon: 3600)
        #expect(later.first?.points.map(\.time) == [t0.addingTimeInterval(1_499)])
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aResubmittedCrimeIsANewVersionWithItsOwnMatches(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        func crime(_ batch: CrimeBatch) -> Crime {
            Crime(
                forceArea: "MPS", reference: "01/1/26", batchId: batch.id, type: .robbery, description: "Robbery", from: t0,
                to: t0.addingTimeInterval(3600), location: Coordinate(lat: 51.5, lon: -0.1), easting: nil, northing: nil,
                freeText: "", createdAt: t0)
        }
        let b1 = CrimeBatch(batchRef: "MPS20261120", forceArea: "MPS", status: .successful, crimes: 1, errors: [], submittedBy: "u", submittedAt: t0)
        let v1 = try await store.insertCrimeBatch(b1, crimes: [crime(b1)])
        let b2 = CrimeBatch(batchRef: "MPS20261121", forceArea: "MPS", status: .successful, crimes: 1, errors: [], submittedBy: "u", submittedAt: t0)
        let v2 = try await store.insertCrimeBatch(b2, crimes: [crime(b2)])
        #expect(v1.map(\.version) == [1] && v2.map(\.version) == [2])
        #expect(try await store.crimeVersions(forceArea: "MPS", reference: "01/1/26").map(\.id) == [v1[0].id, v2[0].id])
        #expect(try await store.crimes(batchId: b2.id).map(\.id) == [v2[0].id])
        #expect(try await store.crimeBatch(id: b1.id)?.batchRef == "MPS20261120")
        let place = Coordinate(lat: 51.5, lon: -0.1)
        let match = try #require(
            PassMatcher.match(
                [TrailPoint(time: t0, coordinate: place, accuracyMetres: 5)],
                place: PreparedShape(.circle(Circle(center: place, radiusMetres: 100))),
                from: t0, to: t0.addingTimeInterval(3600)))
        try await store.saveMatches(
            crimeId: v2[0].id, [CrimeMatchRecord(crimeId: v2[0].id, crimeVersion: 2, subjectId: "s1", match: match, matchedAt: t0)])
        try await store.saveMatches(
            crimeId: v2[0].id, [CrimeMatchRecord(crimeId: v2[0].id, crimeVersion: 2, subjectId: "s2", match: match, matchedAt: t0)])
        #expect(try await store.matches(crimeId: v2[0].id).map(\.subjectId) == ["s2"], "matches are replaced, not added to")
        #expect(try await store.matches(crimeId: v1[0].id).isEmpty)
        await done()
    }
}
