import Foundation
import Geo
import Testing

@testable import OpenEMCore

/// Each rule over a hand-built store: a record that passes and one that fails, counted as an analyst would.
@Suite("Data-quality rules")
struct DataQualityRuleTests {
    static let now = ISOTime.parse("2026-12-01T12:00:00Z")!
    static let london = Coordinate(lat: 51.5007, lon: -0.1246)

    static func subject(
        _ id: String, first: String = "John", last: String = "Smith", born: String? = "1990-04-01", crn: String? = "X1",
        pnc: String? = nil, officer: String? = "officer.jones", postcode: String? = "SW1A 1AA", at: Coordinate = london
    ) -> Subject {
        Subject(
            id: id, firstName: first, lastName: last, dateOfBirth: born, identifiers: SubjectIdentifiers(crn: crn, pnc: pnc),
            forceArea: "MPS", probationRegion: "London", responsibleOfficer: officer,
            addresses: [Address(id: "\(id)-home", type: .primary, line1: "1 High Street", postcode: postcode, location: at)],
            createdAt: now)
    }

    static func order(
        _ id: String, of subject: String, status: OrderStatus = .active, type: OrderType = .community, cohort: Cohort = .standard,
        start: String = "2026-11-01", review: String? = nil, curfewAt address: String? = nil
    ) -> Order {
        let conditions = address.map { [Condition(rule: .curfew(CurfewCondition(addressId: $0, timetable: [])))] } ?? []
        return Order(
            id: id, subjectId: subject, status: status, orderType: type, cohort: cohort, startDate: start, endDate: nil,
            nextReviewDate: review, conditions: conditions, createdAt: now, createdBy: "u")
    }

    static func fitting(_ id: String, device: String, order: String, subject: String, at: Date, removed: Date? = nil) -> Installation {
        Installation(id: id, deviceId: device, orderId: order, subjectId: subject, installedAt: at, removedAt: removed)
    }

    func run(_ id: String, _ snapshot: DataQualitySnapshot) throws -> QualityOutcome {
        let rule = try #require(DataQuality.rule(id))
        return rule.evaluate(DataQualityContext(snapshot, now: Self.now))
    }

    @Test("every rule has a distinct id, a dimension, a description and the fields it reads")
    func catalogue() {
        #expect(Set(DataQuality.rules.map(\.id)).count == DataQuality.rules.count)
        #expect(Set(DataQuality.rules.map(\.dimension)) == Set(QualityDimension.allCases))
        for r in DataQuality.rules {
            #expect(!r.description.isEmpty && !r.fields.isEmpty, "\(r.id)")
            for f in r.fields { #expect(f.split(separator: ".").count >= 2, "\(r.id): \(f) is not entity.field") }
        }
    }

    @Test("completeness: an active order without an officer, a wearer without a CRN, a review date a licence project lacks")
    func completeness() throws {
        let s = DataQualitySnapshot(
            subjects: [Self.subject("a"), Self.subject("b", crn: nil, officer: nil), Self.subject("c", crn: "  ", officer: "")],
            orders: [
                Self.order("oa", of: "a", type: .postRelease, cohort: .alcohol, review: "2027-01-01"),
                Self.order("ob", of: "b", type: .postRelease, cohort: .domesticAbuse),
                // Bail in the domestic-abuse cohort is not a licence project: no three-monthly review.
                Self.order("oc", of: "c", type: .bail, cohort: .domesticAbuse), Self.order("od", of: "c", status: .ended),
            ])
        #expect(try run("ACTIVE_ORDER_WITHOUT_OFFICER", s) == QualityOutcome(checked: 3, failing: ["ob", "oc"]))
        #expect(try run("SUBJECT_WITHOUT_CRN", s) == QualityOutcome(checked: 3, failing: ["b", "c"]))
        #expect(try run("REVIEW_DATE_MISSING", s) == QualityOutcome(checked: 2, failing: ["ob"]))
    }

    @Test("a GPS wearer's curfew address with no usable location; RF wearers and orders without a curfew are not checked")
    func curfewLocation() throws {
        let s = DataQualitySnapshot(
            subjects: [
                Self.subject("a"), Self.subject("b", at: Coordinate(lat: 0, lon: 0)), Self.subject("c"),
                Self.subject("d", at: Coordinate(lat: 0, lon: 0)),
            ],
            orders: [
                Self.order("oa", of: "a", curfewAt: "a-home"), Self.order("ob", of: "b", curfewAt: "b-home"),
                Self.order("oc", of: "c", curfewAt: "no-such-address"), Self.order("od", of: "d", curfewAt: "d-home"),
            ],
            installations: [
                Self.fitting("ia", device: "ga", order: "oa", subject: "a", at: Self.now),
                Self.fitting("ib", device: "gb", order: "ob", subject: "b", at: Self.now),
                Self.fitting("ic", device: "gc", order: "oc", subject: "c", at: Self.now),
                Self.fitting("id", device: "rd", order: "od", subject: "d", at: Self.now),
            ],
            deviceTypes: ["ga": .gpsTag, "gb": .gpsAlcoholTag, "gc": .gpsTag, "rd": .rfTag])
        #expect(try run("GPS_CURFEW_ADDRESS_WITHOUT_LOCATION", s) == QualityOutcome(checked: 3, failing: ["ob", "oc"]))
        #expect(try run("CURFEW_ADDRESS_NOT_THE_WEARERS", s) == QualityOutcome(checked: 4, failing: ["oc"]))
    }

    @Test("validity: postcodes, places outside England and Wales, and ages under 10 or over 100")
    func validity() throws {
        let s = DataQualitySnapshot(subjects: [
            Self.subject("a"), Self.subject("b", postcode: "12345"), Self.subject("c", postcode: nil),
            Self.subject("d", at: Coordinate(lat: 55.953, lon: -3.188)),  // Edinburgh
            Self.subject("e", at: Coordinate(lat: -0.1246, lon: 51.5007)),  // London, swapped
            Self.subject("f", born: "2020-01-01"), Self.subject("g", born: "1925-06-01"), Self.subject("h", born: nil),
            Self.subject("i", born: "2016-12-01"), Self.subject("j", born: "1926-12-02"),
        ])
        #expect(try run("POSTCODE_NOT_UK", s) == QualityOutcome(checked: 9, failing: ["b"]))
        #expect(try run("ADDRESS_OUTSIDE_ENGLAND_AND_WALES", s) == QualityOutcome(checked: 10, failing: ["d", "e"]))
        // Ten today (i) and a day short of 100 (j) are plausible.
        #expect(try run("DATE_OF_BIRTH_IMPLAUSIBLE", s) == QualityOutcome(checked: 9, failing: ["f", "g"]))
    }

    @Test("device readings out of physical range are counted on append, whatever order batches come in")
    func readings() throws {
        let m = { (seq: Int64, p: TelemetryPayload) in
            TelemetryMessage(deviceId: "d", seq: seq, time: Self.now.addingTimeInterval(Double(seq)), payload: p)
        }
        let first = DeviceActivity.folding(
            [m(1, .battery(levelPercent: 40, charging: false)), m(3, .alcohol(AlcoholReading(tac: 0.02, temperatureC: 33)))],
            receivedAt: Self.now, into: nil)
        let second = DeviceActivity.folding(
            [m(2, .alcohol(AlcoholReading(tac: 0.8))), m(4, .alcohol(AlcoholReading(tac: 0.01, temperatureC: 71)))],
            receivedAt: Self.now.addingTimeInterval(60), into: first)
        #expect(first?.readingsOutOfRange == 0)
        #expect(second?.readingsOutOfRange == 2)
        #expect(second?.lastEventAt == Self.now.addingTimeInterval(4))
        #expect(second?.lastOutOfRangeAt == Self.now.addingTimeInterval(4))
        let s = DataQualitySnapshot(deviceActivity: ["good": first!, "bad": second!])
        #expect(try run("DEVICE_READING_OUT_OF_RANGE", s) == QualityOutcome(checked: 2, failing: ["bad"]))
    }

    @Test("consistency: a tag left on an ended order, a device on two wearers at once, an alert open on an ended order")
    func consistency() throws {
        let day: TimeInterval = 86_400
        let s = DataQualitySnapshot(
            subjects: [Self.subject("a"), Self.subject("b")],
            orders: [Self.order("oa", of: "a"), Self.order("ob", of: "b", status: .ended)],
            installations: [
                Self.fitting("i1", device: "d1", order: "oa", subject: "a", at: Self.now - 9 * day),
                Self.fitting("i2", device: "d2", order: "ob", subject: "b", at: Self.now - 9 * day),
                // d3 moved from a to b without a gap: fine. d4 was on both at once for a day.
                Self.fitting("i3", device: "d3", order: "oa", subject: "a", at: Self.now - 9 * day, removed: Self.now - 5 * day),
                Self.fitting("i4", device: "d3", order: "ob", subject: "b", at: Self.now - 5 * day, removed: Self.now - 4 * day),
                Self.fitting("i5", device: "d4", order: "oa", subject: "a", at: Self.now - 9 * day, removed: Self.now - 4 * day),
                Self.fitting("i6", device: "d4", order: "ob", subject: "b", at: Self.now - 5 * day, removed: Self.now - 3 * day),
            ],
            unclosedAlerts: [
                UnclosedAlert(id: "al1", subjectId: "a", orderId: "oa", status: .open, ackDueAt: Self.now + 600),
                UnclosedAlert(id: "al2", subjectId: "b", orderId: "ob", status: .acknowledged, ackDueAt: Self.now - 600),
                UnclosedAlert(id: "al3", subjectId: "b", orderId: nil, status: .open, ackDueAt: Self.now - 600),
            ])
        #expect(try run("INSTALLATION_ON_ENDED_ORDER", s) == QualityOutcome(checked: 2, failing: ["i2"]))
        #expect(try run("DEVICE_FITTED_TO_TWO_WEARERS", s) == QualityOutcome(checked: 4, failing: ["d4"]))
        #expect(try run("ALERT_OPEN_ON_ENDED_ORDER", s) == QualityOutcome(checked: 3, failing: ["al2", "al3"]))
        #expect(try run("ALERT_OPEN_PAST_DEADLINE", s) == QualityOutcome(checked: 2, failing: ["al3"]))
    }

    @Test("timeliness: fitted over 24 hours after the order started, still waiting, and tags silent for a day")
    func timeliness() throws {
        let hour: TimeInterval = 3_600
        // Orders start at midnight UK time; 2026-11-20 00:00 GMT.
        let start = ISOTime.parse("2026-11-20T00:00:00Z")!
        let s = DataQualitySnapshot(
            subjects: [Self.subject("a")],
            orders: [
                Self.order("on-time", of: "a", start: "2026-11-20"), Self.order("late", of: "a", start: "2026-11-20"),
                Self.order("waiting", of: "a", start: "2026-11-20"), Self.order("future", of: "a", start: "2026-12-01"),
                Self.order("ended-unfitted", of: "a", status: .ended, start: "2026-11-20"),
            ],
            installations: [
                Self.fitting("i1", device: "d1", order: "on-time", subject: "a", at: start + 23 * hour),
                Self.fitting("i2", device: "d2", order: "late", subject: "a", at: start + 3 * 24 * hour),
            ],
            deviceActivity: [
                "d1": DeviceActivity(lastEventAt: Self.now - hour, lastReceivedAt: Self.now - hour),
                "d2": DeviceActivity(lastEventAt: Self.now - 30 * hour, lastReceivedAt: Self.now - 25 * hour),
            ])
        #expect(try run("FITTED_OVER_24_HOURS_AFTER_ORDER", s) == QualityOutcome(checked: 3, failing: ["late", "waiting"]))
        #expect(try run("FITTED_DEVICE_SILENT_24_HOURS", s) == QualityOutcome(checked: 2, failing: ["d2"]))
        // A tag fitted an hour ago that has sent nothing yet is not silent; one fitted two days ago is.
        let fresh = DataQualitySnapshot(
            orders: [Self.order("o", of: "a")],
            installations: [
                Self.fitting("n1", device: "new", order: "o", subject: "a", at: Self.now - hour),
                Self.fitting("n2", device: "old", order: "o", subject: "a", at: Self.now - 48 * hour),
            ])
        #expect(try run("FITTED_DEVICE_SILENT_24_HOURS", fresh) == QualityOutcome(checked: 2, failing: ["old"]))
    }

    @Test("uniqueness: shared PNC, CRN and NOMIS numbers however written, and likely duplicate people")
    func uniqueness() throws {
        var a = Self.subject("a", crn: "X123456", pnc: "2019/0012345A")
        a.identifiers.nomis = "A1234BC"
        var b = Self.subject("b", first: "Jon", crn: "x123456", pnc: "2019/12345a")
        b.identifiers.nomis = "A1234BD"
        let c = Self.subject("c", first: "Smith", last: "John", crn: "X999", pnc: "2020/0000001B")
        let d = Self.subject("d", first: "Jane", crn: "X888", pnc: nil)
        let e = Self.subject("e", first: "Daniel", last: "Okafor", crn: nil)
        let f = Self.subject("f", first: "Dan", last: "Okafor", crn: nil)
        let g = Self.subject("g", first: "Adam", last: "Okafor", crn: nil)
        let s = DataQualitySnapshot(subjects: [a, b, c, d, e, f, g])
        #expect(try run("DUPLICATE_PNC", s) == QualityOutcome(checked: 3, failing: ["a", "b"]))
        #expect(try run("DUPLICATE_CRN", s) == QualityOutcome(checked: 4, failing: ["a", "b"]))
        #expect(try run("DUPLICATE_NOMIS", s) == QualityOutcome(checked: 2, failing: []))
        // a, b (Jon) and c (names swapped) are one John Smith; Jane is not; Dan and Daniel are alike, Adam is not.
        #expect(try run("LIKELY_DUPLICATE_PERSON", s) == QualityOutcome(checked: 7, failing: ["a", "b", "c", "e", "f"]))
    }

    @Test("a scoped reader's figures count only their wearers' records")
    func scoped() throws {
        let s = DataQualitySnapshot(
            subjects: [Self.subject("a", crn: nil), Self.subject("b", crn: nil), Self.subject("c")],
            orders: [Self.order("oa", of: "a")],
            installations: [Self.fitting("ia", device: "da", order: "oa", subject: "a", at: Self.now)],
            deviceTypes: ["da": .gpsTag, "db": .gpsTag])
        let mine = s.restricted(to: ["a", "c"])
        #expect(try run("SUBJECT_WITHOUT_CRN", mine) == QualityOutcome(checked: 2, failing: ["a"]))
        #expect(mine.deviceTypes.keys.sorted() == ["da"])
    }
}

@Suite("Data-quality reference checks")
struct DataQualityReferenceTests {
    @Test("UK postcodes in every official shape pass; other strings do not")
    func postcodes() {
        for good in ["SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX", "EC1A 1BB", "GIR 0AA", " LS1 4AP "] {
            #expect(UKPostcode.isValid(good), "\(good)")
        }
        for bad in ["", "12345", "SW1A", "SW1A 1A", "ZZ99 ABC", "QA1 1AA", "SW1A 1AAA", "W1A 0AC", "90210", "SW1A-1AA"] {
            #expect(!UKPostcode.isValid(bad), "\(bad)")
        }
    }

    @Test("places in England and Wales, including islands and border towns, are inside; nearby countries are not")
    func englandAndWales() {
        let inside: [(String, Double, Double)] = [
            ("London", 51.5007, -0.1246), ("Cardiff", 51.4816, -3.1791), ("Berwick-upon-Tweed", 55.7704, -2.0055),
            ("Carlisle", 54.8925, -2.9329), ("Holyhead", 53.3094, -4.6330), ("St Mary's, Scilly", 49.9145, -6.3100),
            ("Penzance", 50.1186, -5.5371), ("Dover", 51.1279, 1.3134), ("Lowestoft", 52.4811, 1.7534),
            ("Newport, Isle of Wight", 50.7005, -1.2933), ("Aberystwyth", 52.4153, -4.0829), ("St Davids", 51.8812, -5.2660),
            ("Newcastle", 54.9783, -1.6178), ("Kielder", 55.2332, -2.5800), ("Scarborough", 54.2831, -0.3998),
        ]
        for (name, lat, lon) in inside { #expect(EnglandAndWales.contains(Coordinate(lat: lat, lon: lon)), "\(name)") }
        let outside: [(String, Double, Double)] = [
            ("Edinburgh", 55.9533, -3.1883), ("Glasgow", 55.8642, -4.2518), ("Dumfries", 55.0709, -3.6051),
            ("Kelso", 55.5986, -2.4335), ("Douglas, Isle of Man", 54.1523, -4.4861), ("Belfast", 54.5973, -5.9301),
            ("Dublin", 53.3498, -6.2603), ("St Helier, Jersey", 49.1868, -2.1070), ("Calais", 50.9513, 1.8587),
            ("Paris", 48.8566, 2.3522), ("Null Island", 0, 0), ("London with lat and lon swapped", -0.1246, 51.5007),
        ]
        for (name, lat, lon) in outside { #expect(!EnglandAndWales.contains(Coordinate(lat: lat, lon: lon)), "\(name)") }
    }

    @Test("Jaro-Winkler gives the published values")
    func jaroWinkler() {
        func jw(_ a: String, _ b: String) -> Double { NameSimilarity.jaroWinkler(Array(a), Array(b)) }
        #expect(abs(jw("MARTHA", "MARHTA") - 0.9611) < 0.0001)
        #expect(abs(jw("DWAYNE", "DUANE") - 0.84) < 0.0001)
        #expect(abs(jw("DIXON", "DICKSONX") - 0.8133) < 0.0001)
        #expect(jw("ABC", "ABC") == 1)
        #expect(jw("ABC", "XYZ") == 0)
    }
}

@Suite("Data-quality rules in the dictionary's terms")
struct DataQualityDictionaryTests {
    @Test("every field a rule reads is a field of the data dictionary, and every rule's examples are of a dictionary entity")
    func fieldsAreDictionaryFields() {
        for rule in DataQuality.rules {
            #expect(DataDictionary.entity(rule.entity) != nil, "\(rule.id): \(rule.entity)")
            for f in rule.fields { #expect(DataDictionary.field(f) != nil, "\(rule.id) reads \(f), which the dictionary does not define") }
        }
    }
}
