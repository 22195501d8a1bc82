import Foundation
import Testing

@testable import OpenEMCore

@Suite("Retention: durations, the schedule's checks, and what a run is due to delete")
struct RetentionPlanTests {
    func change(_ c: String, _ keep: String, _ after: String? = nil) -> (retentionClass: String, keep: String, after: String?) {
        (c, keep, after)
    }

    func problem(_ changes: [(retentionClass: String, keep: String, after: String?)]) -> RetentionScheduleProblem? {
        do throws(RetentionScheduleProblem) {
            _ = try RetentionSchedule.defaults.applying(changes)
            return nil
        } catch {
            return error
        }
    }

    @Test("ISO-8601 durations of calendar units parse and print back; anything else is refused")
    func durations() {
        #expect(RetentionPeriod(iso8601: "P6Y") == RetentionPeriod(years: 6))
        #expect(RetentionPeriod(iso8601: "P1Y6M2W3D") == RetentionPeriod(years: 1, months: 6, weeks: 2, days: 3))
        #expect(RetentionPeriod(iso8601: "P1Y6M2W3D")?.description == "P1Y6M2W3D")
        #expect(RetentionPeriod(iso8601: "P90D")?.description == "P90D")
        for bad in ["", "P", "6Y", "P-1Y", "PT12H", "P1D1Y", "P1Y1Y", "P1.5Y", "p1y", "P1YX", "P9999999D"] {
            #expect(RetentionPeriod(iso8601: bad) == nil, "\(bad)")
        }
        #expect(RetentionPeriod(years: 1).before(utc("2028-02-29T10:00:00Z")) == utc("2027-02-28T10:00:00Z"))
        #expect(RetentionPeriod(days: 90).before(utc("2026-12-02T00:00:00Z")) == utc("2026-09-03T00:00:00Z"))
        #expect(RetentionPeriod(months: 12).isAtLeast(RetentionPeriod(years: 1)))
        #expect(!RetentionPeriod(days: 364).isAtLeast(RetentionPeriod(years: 1)))
    }

    @Test("a PUT is refused with a code for bad durations, unknown classes, periods under a day or a floor, a short audit")
    func scheduleChecks() throws {
        #expect(problem([change("LOCATION", "six years")]) == .notADuration(.location, "six years"))
        #expect(problem([change("LOCATION", "P0D")]) == .underADay(.location))
        #expect(problem([change("TRAILS", "P1Y")]) == .unknownClass("TRAILS"))
        #expect(problem([change("LOCATION", "P1Y"), change("LOCATION", "P2Y")]) == .duplicateClass(.location))
        #expect(problem([change("SUBJECT_RECORD", "P6M")]) == .belowFloor(.subjectRecord, floor: RetentionPeriod(years: 1)))
        #expect(problem([change("CRIME", "P30D")]) == .belowFloor(.crime, floor: RetentionPeriod(days: 90)))
        #expect(problem([change("LOCATION", "P1Y", "ORDER_END")]) == .anchorFixed(.location, .event))
        #expect(problem([change("ORDER_RECORD", "P8Y")]) == .auditShorterThan(.orderRecord))
        #expect(problem([change("NOT_STORED", "P1D")]) != nil)
        #expect(problem([change("ORDER_RECORD", "P8Y"), change("AUDIT", "P9Y")]) == nil)
        #expect(problem([change("RETENTION_CLASS_UNKNOWN", "P1Y")])?.code == "UNKNOWN_RETENTION_CLASS")

        let changed = try RetentionSchedule.defaults.applying([change("LOCATION", "P6M"), change("OPERATIONAL", "P30D", "EVENT")])
        #expect(changed[.location].keep == RetentionPeriod(months: 6))
        #expect(changed[.operational].keep == RetentionPeriod(days: 30))
        #expect(changed[.subjectRecord] == RetentionSchedule.defaults[.subjectRecord], "a class not named keeps its rule")
        #expect(changed.ordered.map(\.retentionClass) == RetentionClass.allCases)
    }

    @Test("the defaults are the dictionary's: six years after the order ends for people, a year for fixes")
    func defaults() {
        let d = RetentionSchedule.defaults
        #expect(d[.subjectRecord].keep == RetentionPeriod(years: 6) && d[.subjectRecord].after == .orderEnd)
        #expect(d[.location].keep == RetentionPeriod(years: 1) && d[.location].after == .event)
        #expect(d[.audit].keep == RetentionPeriod(years: 7))
        for rule in d.ordered where rule.retentionClass != .notStored {
            #expect(rule.keep.isAtLeast(RetentionSchedule.floor(of: rule.retentionClass)), "\(rule.retentionClass)")
        }
    }

    @Test("a wearer is due only when every order ended more than the period ago, and no hold covers them")
    func wearersDue() {
        let now = utc("2033-06-01T00:00:00Z")
        let wearers = [
            RetentionWearer(subjectId: "ended-long-ago", createdAt: utc("2025-01-01T00:00:00Z"), orderEnds: [utc("2026-03-01T00:00:00Z")]),
            RetentionWearer(
                subjectId: "one-order-recent", createdAt: utc("2025-01-01T00:00:00Z"),
                orderEnds: [utc("2026-03-01T00:00:00Z"), utc("2028-01-01T00:00:00Z")]),
            RetentionWearer(subjectId: "still-running", createdAt: utc("2025-01-01T00:00:00Z"), orderEnds: [utc("2026-03-01T00:00:00Z"), nil]),
            RetentionWearer(subjectId: "held", createdAt: utc("2025-01-01T00:00:00Z"), orderEnds: [utc("2026-03-01T00:00:00Z")]),
            RetentionWearer(subjectId: "hold-released", createdAt: utc("2025-01-01T00:00:00Z"), orderEnds: [utc("2026-03-01T00:00:00Z")]),
        ]
        let holds = [
            LegalHold(target: .subject("held"), reason: "appeal", reviewDate: "2034-01-01", placedBy: "u", placedAt: utc("2027-01-01T00:00:00Z")),
            LegalHold(
                target: .subject("hold-released"), reason: "trial", reviewDate: "2030-01-01", placedBy: "u",
                placedAt: utc("2027-01-01T00:00:00Z"), releasedBy: "u", releasedAt: utc("2029-01-01T00:00:00Z"), releaseReason: "acquitted"),
        ]
        let plan = RetentionPlan(schedule: .defaults, now: now, wearers: wearers, holds: holds)
        #expect(plan.wearersDue(for: .subjectRecord) == ["ended-long-ago", "hold-released"])
        #expect(plan.wearersDue(for: .violationAlert) == ["ended-long-ago", "hold-released"])
        #expect(plan.wearersDue(for: .location) == [], "LOCATION is deleted by age, not per wearer")
        #expect(plan.heldSubjects == ["held"])

        let earlier = RetentionPlan(schedule: .defaults, now: utc("2032-02-28T00:00:00Z"), wearers: wearers, holds: holds)
        #expect(earlier.wearersDue(for: .subjectRecord) == [], "six years after 2026-03-01 is 2032-03-01")
    }

    @Test("fixes are due a year after they were taken, unless their wearer is held; crimes unless they or their reference are")
    func dueByAge() throws {
        let now = utc("2027-06-01T12:00:00Z")
        let holds = [
            LegalHold(target: .subject("held"), reason: "r", reviewDate: "2028-01-01", placedBy: "u", placedAt: utc("2026-01-01T00:00:00Z")),
            LegalHold(target: .crime("c-held"), reason: "r", reviewDate: "2028-01-01", placedBy: "u", placedAt: utc("2026-01-01T00:00:00Z")),
            LegalHold(target: .reference("OP-ROSE"), reason: "r", reviewDate: "2028-01-01", placedBy: "u", placedAt: utc("2026-01-01T00:00:00Z")),
            LegalHold(target: .subject("later"), reason: "r", reviewDate: "2028-01-01", placedBy: "u", placedAt: utc("2027-07-01T00:00:00Z")),
        ]
        let plan = RetentionPlan(schedule: .defaults, now: now, wearers: [], holds: holds)
        #expect(plan.cutoff(for: .location) == utc("2026-06-01T12:00:00Z"))
        #expect(plan.isDue(.location, subjectId: "free", at: utc("2026-06-01T11:59:59Z")))
        #expect(!plan.isDue(.location, subjectId: "free", at: utc("2026-06-01T12:00:00Z")), "exactly a year old is kept")
        #expect(!plan.isDue(.location, subjectId: "held", at: utc("2020-01-01T00:00:00Z")))
        #expect(plan.isDue(.location, subjectId: "later", at: utc("2020-01-01T00:00:00Z")), "a hold placed after now is not in force")
        #expect(plan.isDue(.operational, subjectId: nil, at: utc("2027-03-01T00:00:00Z")))
        #expect(!plan.isDue(.operational, subjectId: nil, at: utc("2027-03-04T00:00:00Z")))

        let old = utc("2024-01-01T00:00:00Z")
        #expect(plan.isCrimeDue(id: "c-free", reference: nil, createdAt: old))
        #expect(!plan.isCrimeDue(id: "c-held", reference: nil, createdAt: old))
        #expect(!plan.isCrimeDue(id: "c-other", reference: "OP-ROSE", createdAt: old))
        #expect(!plan.isCrimeDue(id: "c-free", reference: nil, createdAt: utc("2026-01-01T00:00:00Z")), "two years after creation")

        let shorter = try RetentionSchedule.defaults.applying([change("LOCATION", "P30D")])
        #expect(RetentionPlan(schedule: shorter, now: now, wearers: [], holds: []).cutoff(for: .location) == utc("2027-05-02T12:00:00Z"))
    }

    @Test("an order counts from when it was ended, else the day after its end date once that has passed")
    func orderEnd() {
        let now = utc("2027-01-10T00:00:00Z")
        var order = Order(
            subjectId: "s", orderType: .community, cohort: .standard, startDate: "2026-01-01", endDate: "2027-01-05",
            nextReviewDate: nil, conditions: [], createdAt: utc("2026-01-01T00:00:00Z"), createdBy: "u")
        #expect(RetentionWearer.orderEnd(of: order, now: now) == utc("2027-01-06T00:00:00Z"))
        #expect(RetentionWearer.orderEnd(of: order, now: utc("2027-01-03T00:00:00Z")) == nil, "still running")
        order.endDate = nil
        #expect(RetentionWearer.orderEnd(of: order, now: now) == nil)
        order.status = .ended
        order.endedAt = utc("2026-06-01T09:00:00Z")
        #expect(RetentionWearer.orderEnd(of: order, now: now) == utc("2026-06-01T09:00:00Z"))
        #expect(RetentionWearer(subjectId: "s", createdAt: utc("2026-01-01T00:00:00Z"), orderEnds: []).lastOrderEnd == utc("2026-01-01T00:00:00Z"))
    }
}

@Suite("Retention: a wearer outlives their records")
struct RetentionOrderOfDeletionTests {
    @Test("with orders kept longer than the person, the person is not due until their orders are")
    func personLast() throws {
        let schedule = try RetentionSchedule.defaults.applying([("ORDER_RECORD", "P7Y", nil), ("SUBJECT_RECORD", "P2Y", nil)])
        let wearer = RetentionWearer(subjectId: "w", createdAt: utc("2025-01-01T00:00:00Z"), orderEnds: [utc("2026-01-01T00:00:00Z")])
        let at3 = RetentionPlan(schedule: schedule, now: utc("2029-01-01T00:00:00Z"), wearers: [wearer], holds: [])
        #expect(at3.wearersDue(for: .subjectRecord) == [])
        #expect(at3.wearersDue(for: .orderRecord) == [])
        let at8 = RetentionPlan(schedule: schedule, now: utc("2034-01-01T00:00:00Z"), wearers: [wearer], holds: [])
        #expect(at8.wearersDue(for: .subjectRecord) == ["w"])
        #expect(at8.wearersDue(for: .orderRecord) == ["w"])
    }
}
