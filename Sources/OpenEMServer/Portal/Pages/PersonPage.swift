/// A person: details, orders, reviews, the map, curfew calendars, the alcohol chart and the timeline
/// (`person.mustache`, `person.js`). Loaded by `PortalPages.person` and `PersonPageExtras`.
struct PersonPage: PortalPage {
    static let template = "person"
    var title: String { "\(firstName) \(lastName)" }
    var usesMap: Bool { true }
    var usesCharts: Bool { alcohol }

    struct OrderRow: Sendable {
        var id: String
        var mayVary: Bool
        var orderType: String
        var cohort: String
        var version: Int
        var status: String
        var startDate: String
        var endDate: String
        var nextReviewDate: String?
        var conditions: [String]
    }

    struct Review: Sendable {
        var text: String
        var overdue: Bool
    }

    struct TimelineItem: Sendable {
        var time: PortalClock.Instant
        /// "Violation", "Alert", "Device" or "Enforcement": also the row's `data-kind`.
        var kind: String
        var what: String
        var status: String
        var detail: String
    }

    struct Night: Sendable {
        var date: String
        var window: String
        /// The code, for the row's class and `data-outcome`.
        var outcome: String
        var label: String
    }

    /// A repeated late return or absence (`CurfewPatterns`), in words.
    struct Pattern: Sendable {
        var when: String
        var what: String
        var times: String
    }
    /// One weekday's nights over the patterns' eight weeks.
    struct WeekdayNights: Sendable {
        var weekday: String
        var kept: Int
        var broken: Int
        var noData: Int
    }
    struct CurfewCalendar: Sendable {
        var nights: [Night]
        var patterns: [Pattern] = []
        var hasPatterns = false
        var weekdays: [WeekdayNights] = []
    }

    var id: String
    var firstName: String
    var lastName: String
    var dateOfBirth: String
    var crn: String
    var pnc: String
    var forceArea: String
    var probationRegion: String
    var responsibleOfficer: String
    var address: String
    var orders: [OrderRow]
    var mayCreateOrder: Bool
    var reviews: [Review]
    var timeline: [TimelineItem]
    var curfews: [CurfewCalendar]
    var alcohol: Bool
    var alcoholJSON: String
    var fromLocal: String
    var toLocal: String
    var fromISO: String
    var toISO: String
    var tileURL: String
    var mapJSON: String
}
