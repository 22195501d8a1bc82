import Foundation
import Testing

@testable import OpenEMCore

@Suite struct ExtractTests {
    @Test func agesAreBandedAtTheOrdersStartNeverGivenAsADate() {
        #expect(AgeBand.band(age: 17) == "0-17")
        #expect(AgeBand.band(age: 18) == "18-24")
        #expect(AgeBand.band(age: 24) == "18-24")
        #expect(AgeBand.band(age: 25) == "25-34")
        #expect(AgeBand.band(age: 54) == "45-54")
        #expect(AgeBand.band(age: 64) == "55-64")
        #expect(AgeBand.band(age: 65) == "65+")
        #expect(AgeBand.band(age: 90) == "65+")
        // The day before an 18th birthday and the day itself.
        #expect(AgeBand.of(dateOfBirth: "2000-06-15", on: LocalDay(isoDate: "2018-06-14")!) == "0-17")
        #expect(AgeBand.of(dateOfBirth: "2000-06-15", on: LocalDay(isoDate: "2018-06-15")!) == "18-24")
        #expect(AgeBand.of(dateOfBirth: nil, on: LocalDay(isoDate: "2018-06-15")!) == "UNKNOWN")
        #expect(AgeBand.of(dateOfBirth: "2030-01-01", on: LocalDay(isoDate: "2018-06-15")!) == "UNKNOWN")
        #expect(AgeBand.of(dateOfBirth: "15/06/2000", on: LocalDay(isoDate: "2018-06-15")!) == "UNKNOWN")
    }

    @Test func rowsInGroupsSmallerThanKAreSuppressedAndCounted() {
        func row(_ band: String, _ force: String, _ other: String) -> [String: String] {
            ["ageBand": band, "force": force, "alerts": other]
        }
        let rows =
            (0..<3).map { row("25-34", "MPS", "\($0)") } + (0..<2).map { row("18-24", "MPS", "\($0)") } + [row("25-34", "GMP", "0")]
        let two = KAnonymity.suppress(rows, groupingBy: ["ageBand", "force"], k: 2)
        #expect(two.suppressed == 1)
        #expect(two.kept == Array(rows.prefix(5)), "kept in order, the lone GMP row gone")
        let three = KAnonymity.suppress(rows, groupingBy: ["ageBand", "force"], k: 3)
        #expect(three.suppressed == 3)
        #expect(three.kept == Array(rows.prefix(3)))
        // Columns that are not grouped on do not split groups.
        #expect(KAnonymity.suppress(rows, groupingBy: ["force"], k: 5).suppressed == 1)
        #expect(KAnonymity.suppress(rows, groupingBy: ["ageBand", "force"], k: 1).suppressed == 0)
    }

    @Test func theLayoutIsTheDictionarysExtractRowAndRefusesIdentifiersAndLocations() throws {
        let layout = try ExtractLayout()
        #expect(layout.header == DataDictionary.extractRow.fields.map(\.name))
        #expect(layout.quasiIdentifiers == ["ageBand", "force", "region", "orderType", "cohort", "startMonth", "endMonth"])
        #expect(layout.header.contains("violationsCurfewAbsence") && layout.header.contains("soberDayRate"))
        #expect(!layout.columns.contains { ExtractLayout.refusedClasses.contains($0.personalData) })

        var withPostcode = DataDictionary.extractRow
        withPostcode.fields.append(DataDictionary.field("address.postcode")!)
        #expect(throws: ExtractLayoutError.refusedColumn("postcode", .location)) { try ExtractLayout(withPostcode) }
        var withCRN = DataDictionary.extractRow
        var crn = DataDictionary.field("subject.identifiers.crn")!
        crn.name = "crn"
        withCRN.fields.append(crn)
        #expect(throws: ExtractLayoutError.refusedColumn("crn", .directIdentifier)) { try ExtractLayout(withCRN) }
        // Even a column the row builder computes is refused once the dictionary classes it as a location.
        var relabelled = DataDictionary.extractRow
        relabelled.fields[relabelled.fields.firstIndex { $0.name == "region" }!].personalData = .location
        #expect(throws: ExtractLayoutError.refusedColumn("region", .location)) { try ExtractLayout(relabelled) }
        var unknown = DataDictionary.extractRow
        unknown.fields.append(
            DictionaryField(
                name: "shoeSize", type: "integer", description: "", required: false, personalData: .none, retentionClass: .extract, source: .derived)
        )
        #expect(throws: ExtractLayoutError.noValue("shoeSize")) { try ExtractLayout(unknown) }
    }

    @Test func thePseudonymIsHMACSHA256OfTheCRNUnderTheKey() throws {
        let key = try #require(Pseudonym.key(hex: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"))
        // Python: hmac.new(bytes(range(32)), b"X123456", hashlib.sha256).hexdigest()
        #expect(Pseudonym.of(crn: "X123456", key: key) == "a03ce15a04daab474174458ca53a58d50b1a8554eae32138b784cceb09506ea1")
        #expect(Pseudonym.of(crn: " x123456 ", key: key) == Pseudonym.of(crn: "X123456", key: key))
        let other = try #require(Pseudonym.key(hex: ExtractProject.newLinkageKey()))
        #expect(Pseudonym.of(crn: "X123456", key: other) != Pseudonym.of(crn: "X123456", key: key))
        #expect(Pseudonym.key(hex: "abc") == nil)
        #expect(Pseudonym.key(hex: String(repeating: "zz", count: 32)) == nil)
        #expect(ExtractProject.newLinkageKey() != ExtractProject.newLinkageKey())
    }

    static let utc = Date(timeIntervalSince1970: 0)

    static func source(
        start: String, end: String?, status: OrderStatus = .active, endedAt: Date? = nil, dob: String? = "1990-04-01",
        violations: [(ViolationType, ViolationStatus, String)] = [], fittedAt: String? = nil
    ) -> ExtractSource {
        let subject = Subject(
            firstName: "Ann", lastName: "Example", dateOfBirth: dob, identifiers: SubjectIdentifiers(crn: "X1"), forceArea: "MPS",
            probationRegion: nil, responsibleOfficer: nil, addresses: [], createdAt: utc)
        let order = Order(
            subjectId: subject.id, status: status, orderType: .community, cohort: .standard, startDate: start, endDate: end,
            nextReviewDate: nil, conditions: [], createdAt: utc, createdBy: "u", endedAt: endedAt)
        let vs = violations.map { t, s, at in
            Violation(
                subjectId: subject.id, orderId: order.id, conditionId: nil, deviceId: nil, type: t, status: s,
                start: ISOTime.parse(at)!, end: nil, late: false, evidence: ViolationEvidence(summary: ""), createdAt: utc, updatedAt: utc)
        }
        let fitted = fittedAt.map { [Installation(deviceId: "d", orderId: order.id, subjectId: subject.id, installedAt: ISOTime.parse($0)!)] }
        return ExtractSource(subject: subject, order: order, violations: vs, alerts: [], installations: fitted ?? [])
    }

    @Test func aRowCountsTheOrdersDaysAndConfirmedViolationsInsideThePeriod() throws {
        let period = ExtractPeriod(
            from: LocalDay(isoDate: "2026-03-01")!, to: LocalDay(isoDate: "2026-03-31")!, today: LocalDay(isoDate: "2026-06-01")!)
        let s = Self.source(
            start: "2026-02-20", end: "2026-03-10", status: .ended, endedAt: ISOTime.parse("2026-03-10T18:00:00Z"),
            violations: [
                (.curfewAbsence, .confirmed, "2026-03-02T22:00:00Z"), (.curfewAbsence, .confirmed, "2026-03-05T22:00:00Z"),
                (.curfewAbsence, .withdrawn, "2026-03-06T22:00:00Z"), (.curfewAbsence, .confirmed, "2026-02-25T22:00:00Z"),
                (.tamper, .confirmed, "2026-03-07T10:00:00Z"),
            ], fittedAt: "2026-02-22T10:00:00Z")
        let v = ExtractRowValues.values(of: s, period: period, pseudonym: "p")
        #expect(v["daysMonitored"] == "10", "1 to 10 March")
        #expect(v["violationsCurfewAbsence"] == "2", "confirmed, in the period")
        #expect(v["violationsTamper"] == "1")
        #expect(v["startMonth"] == "2026-02" && v["endMonth"] == "2026-03")
        #expect(v["ageBand"] == "35-44" && v["region"] == "UNKNOWN")
        #expect(v["daysToFitting"] == "2")
        #expect(v["outcome"] == "COMPLETED")
        #expect(v["soberDayRate"] == "", "not an alcohol order")
        #expect(Set(v.keys) == ExtractRowValues.columns)

        let early = Self.source(start: "2026-02-20", end: "2026-06-30", status: .ended, endedAt: ISOTime.parse("2026-03-15T12:00:00Z"))
        #expect(ExtractRowValues.values(of: early, period: period, pseudonym: "p")["outcome"] == "ENDED_EARLY")
        #expect(ExtractRowValues.values(of: early, period: period, pseudonym: "p")["daysMonitored"] == "15")
        #expect(!ExtractRowValues.overlaps(Self.source(start: "2026-04-01", end: nil).order, period))
        #expect(!ExtractRowValues.overlaps(Self.source(start: "2026-01-01", end: "2026-02-28").order, period))
        #expect(ExtractRowValues.overlaps(Self.source(start: "2026-01-01", end: nil).order, period))
        #expect(ExtractPeriod(from: period.from, to: period.from.adding(months: 60), today: period.today).isTooLong == false)
        #expect(ExtractPeriod(from: period.from, to: period.from.adding(months: 60).adding(days: 1), today: period.today).isTooLong)
    }

    @Test func theBuilderPseudonymisesFiltersAndSuppresses() throws {
        let key = try #require(Pseudonym.key(hex: ExtractProject.newLinkageKey()))
        let period = ExtractPeriod(
            from: LocalDay(isoDate: "2026-03-01")!, to: LocalDay(isoDate: "2026-03-31")!, today: LocalDay(isoDate: "2026-06-01")!)
        let alike = (0..<3).map { _ in Self.source(start: "2026-03-01", end: "2026-09-01") }
        let odd = Self.source(start: "2026-03-01", end: "2026-09-01", dob: "2005-01-01")
        let table = ExtractBuilder.build(alike + [odd], period: period, cohort: nil, orderType: nil, key: key, k: 3, layout: try ExtractLayout())
        #expect(table.rows.count == 3 && table.suppressed == 1)
        #expect(table.rows.allSatisfy { $0[0] == Pseudonym.of(crn: "X1", key: key) })
        #expect(!table.csv.contains("Example") && !table.csv.contains("1990-04-01") && !table.csv.contains("X1,"))
        #expect(table.csv.hasPrefix(table.columns.joined(separator: ",") + "\n"))
        let none = ExtractBuilder.build(alike, period: period, cohort: .alcohol, orderType: nil, key: key, k: 3, layout: try ExtractLayout())
        #expect(none.rows.isEmpty && none.suppressed == 0)
        let bail = ExtractBuilder.build(alike, period: period, cohort: nil, orderType: .bail, key: key, k: 3, layout: try ExtractLayout())
        #expect(bail.rows.isEmpty)
    }
}
