import Foundation
import Testing

@testable import OpenEMCore

@Suite("Local day")
struct LocalDayTests {
    @Test("order dates parse as yyyy-MM-dd only, and only days the month has")
    func parsing() {
        #expect(LocalDay(isoDate: "2026-03-30") == LocalDay(year: 2026, month: 3, day: 30))
        #expect(LocalDay(isoDate: "2028-02-29")?.description == "2028-02-29")
        for bad in ["2026-02-29", "2026-04-31", "2026-13-01", "2026-3-30", "30/03/2026", "2026-03-30T00:00", "2026--3-30"] {
            #expect(LocalDay(isoDate: bad) == nil, "\(bad)")
        }
    }

    @Test("months add with the day clamped to the month's length; days and weekdays follow")
    func arithmetic() throws {
        let jan31 = try #require(LocalDay(isoDate: "2026-01-31"))
        #expect(jan31.adding(months: 1).description == "2026-02-28")
        #expect(jan31.adding(months: 3).description == "2026-04-30")
        #expect(jan31.adding(months: -1440).description == "1906-01-31")
        #expect(jan31.adding(days: 1).description == "2026-02-01")
        #expect(jan31.weekday == .sat)
    }

    @Test("the day containing an instant is the zone's wall-clock day")
    func containing() {
        let london = TimeZone(identifier: "Europe/London")!
        #expect(LocalDay(containing: utc("2026-06-30T23:30:00Z"), in: london).description == "2026-07-01")
        #expect(LocalDay(containing: utc("2026-06-30T23:30:00Z"), in: .gmt).description == "2026-06-30")
        #expect(LocalDay(containing: utc("1969-12-31T23:59:59Z"), in: .gmt).description == "1969-12-31")
    }
}
