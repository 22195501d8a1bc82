import Foundation
import Geo
import OpenEMCore
import Testing

/// A retention run on both stores: exactly what the schedule and the holds say goes, from every table that held it.
@Suite struct RetentionContractTests {
    static let t0 = ISOTime.parse("2026-01-10T09:00:00Z")!

    /// A wearer with an order for January 2026, a tag fitted from the start, two hours of fixes a minute apart
    /// through a box and a battery reading an hour.
    static func wearer(_ store: any RegistryStore, _ serial: String) async throws -> (Subject, Device) {
        let (s, d) = try await CrimeContractTests.wearer(store, serial, from: t0.addingTimeInterval(-3_600))
        try await store.insertOrderVersion(
            Order(
                id: "o-\(serial)", subjectId: s.id, orderType: .community, cohort: .standard, startDate: "2026-01-01",
                endDate: "2026-01-31", nextReviewDate: nil, conditions: [], createdAt: t0.addingTimeInterval(-86_400), createdBy: "u"))
        var messages = (0..<120).map { i in
            CrimeContractTests.fix(d, Int64(i), t0.addingTimeInterval(Double(i) * 60), lat: 51.40 + Double(i) * 0.001, lon: -0.1)
        }
        messages += (0..<2).map { h in
            TelemetryMessage(
                deviceId: d.id, seq: Int64(1_000 + h), time: t0.addingTimeInterval(Double(h) * 3_600),
                payload: .battery(levelPercent: 80, charging: false))
        }
        _ = try await store.appendTelemetry(messages, receivedAt: t0)
        return (s, d)
    }

    static let box = BoundingBox(minLat: 51.44, minLon: -0.11, maxLat: 51.46, maxLon: -0.09)

    static func run(_ store: any RegistryStore, at now: String, dryRun: Bool = false) async throws -> RetentionOutcome {
        try await store.applyRetention(try await store.retentionPlan(at: ISOTime.parse(now)!), dryRun: dryRun)
    }

    static func rows(_ o: RetentionOutcome, _ c: RetentionClass, _ table: String) -> Int? {
        o.classes.first { $0.retentionClass == c }?.rows.first { $0.table == table }?.count
    }

    @Test(arguments: StoreKind.available)
    func aRunDeletesFixesTrailsAndSearchCellsPastTheirYearAndPeopleSixYearsOnButNothingAHoldCovers(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let (held, heldDevice) = try await Self.wearer(store, "HELD")
        let (free, freeDevice) = try await Self.wearer(store, "FREE")
        try await store.insertLegalHold(
            LegalHold(target: .subject(held.id), reason: "appeal", reviewDate: "2034-01-01", placedBy: "u", placedAt: Self.t0))
        try await store.recordQualityFigures([
            QualityFigures(day: "2026-01-10", rule: "r", checked: 1, failing: 0, takenAt: Self.t0),
            QualityFigures(day: "2026-12-30", rule: "r", checked: 1, failing: 0, takenAt: Self.t0),
        ])
        let window = (Self.t0.addingTimeInterval(30 * 60), Self.t0.addingTimeInterval(70 * 60))
        func found() async throws -> Set<EntityID> {
            Set(try await store.deviceTrails(near: Self.box, from: window.0, to: window.1, edge: 600, horizon: 3600).map(\.deviceId))
        }
        func logged(_ d: Device) async throws -> Int {
            try await store.telemetry(
                deviceIds: [d.id], from: Self.t0.addingTimeInterval(-86_400), to: Self.t0.addingTimeInterval(86_400), limit: 1_000
            )
            .count
        }
        #expect(try await found() == [heldDevice.id, freeDevice.id])

        // Within the year nothing is due.
        let early = try await Self.run(store, at: "2026-02-01T00:00:00Z")
        #expect(early.classes.allSatisfy { $0.total == 0 }, "\(early.lines)")

        // A dry run a year and a day on counts the free wearer's fixes and readings, and deletes nothing.
        let dry = try await Self.run(store, at: "2027-01-11T00:00:00Z", dryRun: true)
        #expect(Self.rows(dry, .location, "telemetry") == 120)
        #expect(Self.rows(dry, .deviceReadings, "telemetry") == 2)
        #expect((Self.rows(dry, .location, "trail_chunks") ?? 0) > 0)
        #expect((Self.rows(dry, .location, "position_slots") ?? 0) > 0)
        #expect(Self.rows(dry, .operational, "quality_history") == 1)
        #expect(try await logged(freeDevice) == 122)

        let run = try await Self.run(store, at: "2027-01-11T00:00:00Z")
        #expect(run.classes.map(\.total) == dry.classes.map(\.total), "a run deletes what its dry run counted")
        #expect(try await logged(freeDevice) == 0)
        #expect(try await logged(heldDevice) == 122, "a held wearer's fixes stay whatever their age")
        #expect(try await found() == [heldDevice.id], "the free wearer's trail is gone from the search index and the packed trails")
        #expect(try await store.subject(id: free.id) != nil, "the person is kept six years after their order ends")
        #expect(try await store.qualityHistory(rule: nil, fromDay: "2026-01-01", toDay: "2026-12-31").map(\.day) == ["2026-12-30"])
        let again = try await Self.run(store, at: "2027-01-11T00:00:00Z")
        #expect(again.classes.allSatisfy { $0.total == 0 }, "a second run finds nothing left")

        // Six years after the order ended the free wearer goes, orders and installations first; the held one stays.
        let late = try await Self.run(store, at: "2032-03-01T00:00:00Z")
        #expect(late.classes.first { $0.retentionClass == .subjectRecord }?.subjectIds == [free.id])
        #expect(Self.rows(late, .orderRecord, "orders") == 1)
        #expect(Self.rows(late, .orderRecord, "installations") == 1)
        #expect(try await store.subject(id: free.id) == nil)
        #expect(try await store.order(id: "o-FREE", version: nil) == nil)
        #expect(try await store.subject(id: held.id) != nil)
        #expect(try await store.order(id: "o-HELD", version: nil) != nil)
        #expect(try await store.installations(subjectId: held.id).count == 1)

        // Released, the held wearer's records go at the next run.
        var hold = try #require(try await store.legalHolds().first)
        hold.releasedAt = ISOTime.parse("2032-03-02T00:00:00Z")
        hold.releasedBy = "u"
        hold.releaseReason = "appeal dismissed"
        #expect(try await store.updateLegalHold(hold) == hold)
        _ = try await Self.run(store, at: "2032-03-03T00:00:00Z")
        #expect(try await logged(heldDevice) == 0)
        #expect(try await store.subject(id: held.id) == nil)
        #expect(try await found() == [])
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aSavedScheduleIsTheOneInForceAndHoldsComeBackAsPlaced(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        #expect(try await store.savedRetentionRules() == nil)
        #expect(try await store.retentionSchedule() == .defaults)
        let changed = try RetentionSchedule.defaults.applying([("LOCATION", "P6M", nil)])
        try await store.saveRetentionRules(changed.ordered)
        #expect(try await store.retentionSchedule() == changed)
        let hold = LegalHold(target: .reference("OP-ROSE"), reason: "trial", reviewDate: "2027-01-01", placedBy: "u", placedAt: Self.t0)
        try await store.insertLegalHold(hold)
        #expect(try await store.legalHold(id: hold.id) == hold)
        #expect(try await store.legalHolds() == [hold])
        var other = hold
        other.id = "missing"
        #expect(try await store.updateLegalHold(other) == nil)
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aHeldCrimeKeepsItsMatchesAndTheMatchedWearersFixesWhileAnotherCrimeGoesWithItsBatch(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let (matched, matchedDevice) = try await Self.wearer(store, "MATCHED")
        let (_, otherDevice) = try await Self.wearer(store, "OTHER")
        func crime(_ batch: CrimeBatch, _ reference: String) -> Crime {
            Crime(
                forceArea: "MPS", reference: reference, batchId: batch.id, type: .robbery, description: "Robbery", from: Self.t0,
                to: Self.t0.addingTimeInterval(3600), location: Coordinate(lat: 51.45, lon: -0.1), easting: nil, northing: nil,
                freeText: "", createdAt: Self.t0)
        }
        let kept = CrimeBatch(batchRef: "B1", forceArea: "MPS", status: .successful, crimes: 1, errors: [], submittedBy: "u", submittedAt: Self.t0)
        let keptCrime = try await store.insertCrimeBatch(kept, crimes: [crime(kept, "OP-ROSE")])[0]
        let gone = CrimeBatch(batchRef: "B2", forceArea: "MPS", status: .successful, crimes: 1, errors: [], submittedBy: "u", submittedAt: Self.t0)
        let goneCrime = try await store.insertCrimeBatch(gone, crimes: [crime(gone, "01/2/26")])[0]
        let place = Coordinate(lat: 51.45, lon: -0.1)
        let match = try #require(
            PassMatcher.match(
                [TrailPoint(time: Self.t0, coordinate: place, accuracyMetres: 5)],
                place: PreparedShape(.circle(Circle(center: place, radiusMetres: 100))),
                from: Self.t0, to: Self.t0.addingTimeInterval(3600)))
        for c in [keptCrime, goneCrime] {
            try await store.saveMatches(
                crimeId: c.id, [CrimeMatchRecord(crimeId: c.id, crimeVersion: 1, subjectId: matched.id, match: match, matchedAt: Self.t0)])
        }
        try await store.insertLegalHold(
            LegalHold(target: .reference("OP-ROSE"), reason: "trial", reviewDate: "2030-01-01", placedBy: "u", placedAt: Self.t0))

        let run = try await Self.run(store, at: "2028-03-01T00:00:00Z")
        #expect(Self.rows(run, .crime, "crimes") == 1)
        #expect(Self.rows(run, .crime, "crime_matches") == 1)
        #expect(Self.rows(run, .crime, "crime_batches") == 1)
        #expect(try await store.crime(id: keptCrime.id) != nil)
        #expect(try await store.crime(id: goneCrime.id) == nil)
        #expect(try await store.crimeBatch(id: gone.id) == nil)
        #expect(try await store.matches(crimeId: keptCrime.id).map(\.subjectId) == [matched.id])
        let window = (Self.t0, Self.t0.addingTimeInterval(7_200))
        #expect(try await store.telemetry(deviceIds: [matchedDevice.id], from: window.0, to: window.1, limit: 1_000).count == 122)
        #expect(try await store.telemetry(deviceIds: [otherDevice.id], from: window.0, to: window.1, limit: 1_000).isEmpty)
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aRunOverSeveralBatchesDeletesEveryDueRowAndNoOther(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let d = try await TelemetryContractTests.device(store, "MANY")
        // 12,000 readings a minute apart, old and new interleaved in arrival order: every third one is recent.
        let recent = ISOTime.parse("2027-06-01T00:00:00Z")!
        let messages = (0..<12_000).map { i in
            TelemetryMessage(
                deviceId: d.id, seq: Int64(i), time: (i % 3 == 0 ? recent : Self.t0).addingTimeInterval(Double(i) * 60), payload: .heartbeat)
        }
        for chunk in stride(from: 0, to: messages.count, by: 2_000) {
            _ = try await store.appendTelemetry(Array(messages[chunk..<(chunk + 2_000)]), receivedAt: Self.t0)
        }
        let run = try await Self.run(store, at: "2027-07-01T00:00:00Z")
        #expect(Self.rows(run, .deviceReadings, "telemetry") == 8_000)
        let left = try await store.telemetry(afterOffset: 0, limit: 20_000)
        #expect(left.count == 4_000)
        #expect(left.allSatisfy { $0.message.seq % 3 == 0 })
        await done()
    }

    @Test(arguments: StoreKind.available)
    func aTagWornByAHeldWearerThenAnotherKeepsOnlyTheFixesTakenWhileTheHeldOneWoreIt(_ kind: StoreKind) async throws {
        let (store, done) = try await kind.make()
        let (first, tag) = try await CrimeContractTests.wearer(store, "SHARED", from: Self.t0)
        let second = Subject(
            firstName: "B", lastName: "Second", dateOfBirth: nil, identifiers: .init(), forceArea: "MPS", probationRegion: nil,
            responsibleOfficer: nil, addresses: [], createdAt: Self.t0)
        try await store.insertSubject(second)
        let firstFitting = try #require(try await store.installations(subjectId: first.id).first)
        let handover = Self.t0.addingTimeInterval(3_600)
        _ = try await store.removeInstallation(id: firstFitting.id, at: handover)
        try await store.insertInstallation(Installation(deviceId: tag.id, orderId: "o-second", subjectId: second.id, installedAt: handover))
        _ = try await store.appendTelemetry(
            (0..<120).map { i in CrimeContractTests.fix(tag, Int64(i), Self.t0.addingTimeInterval(Double(i) * 60), lat: 51.45, lon: -0.1) },
            receivedAt: Self.t0)
        try await store.insertLegalHold(
            LegalHold(target: .subject(first.id), reason: "appeal", reviewDate: "2030-01-01", placedBy: "u", placedAt: Self.t0))

        let run = try await Self.run(store, at: "2027-06-01T00:00:00Z")
        #expect(Self.rows(run, .location, "telemetry") == 60)
        let left = try await store.telemetry(deviceIds: [tag.id], from: Self.t0, to: Self.t0.addingTimeInterval(7_200), limit: 1_000)
        #expect(left.map(\.message.time) == (0..<60).map { Self.t0.addingTimeInterval(Double($0) * 60) })
        let trails = try await store.deviceTrails(
            near: Self.box, from: Self.t0, to: Self.t0.addingTimeInterval(7_200), edge: 600, horizon: 3_600)
        #expect(trails.first?.points.count == 60, "the search index and packed trail keep the held wearer's hour only")
        await done()
    }
}
