import Foundation
import OpenEMCore

/// Instants and dates as people in the UK read them: "04:51 today (3 min ago)", "1 Dec 2026", in UK local time.
/// The ISO form stays beside it for the `datetime` and `title` of a `<time>` (the `time` partial). The page
/// scripts word instants the same way (`OpenEM.when` in common.js) for rows they build from API JSON.
struct PortalClock {
    static let zone = TimeZone(identifier: "Europe/London")!

    /// An instant for a template: `{{#at}}{{>time}}{{/at}}`.
    struct Instant: Sendable {
        var iso: String
        var text: String
    }

    let now: Date
    private let calendar: Calendar
    private let hourMinute: DateFormatter, dayMonth: DateFormatter, dayMonthYear: DateFormatter

    init(now: Date) {
        self.now = now
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.zone
        self.calendar = calendar
        func formatter(_ format: String) -> DateFormatter {
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_GB")
            f.timeZone = Self.zone
            f.dateFormat = format
            return f
        }
        hourMinute = formatter("HH:mm")
        dayMonth = formatter("EEE d MMM")
        dayMonthYear = formatter("d MMM yyyy")
    }

    func instant(_ date: Date) -> Instant { Instant(iso: ISOTime.format(date), text: words(date)) }

    /// "04:51 today (3 min ago)", "22:10 yesterday (7 h ago)", "09:00 Mon 30 Nov", "09:00 3 Jan 2025".
    func words(_ date: Date) -> String {
        let days = calendar.dateComponents([.day], from: calendar.startOfDay(for: now), to: calendar.startOfDay(for: date)).day ?? 0
        let day =
            switch days {
            case 0: "today"
            case -1: "yesterday"
            case 1: "tomorrow"
            default:
                calendar.component(.year, from: date) == calendar.component(.year, from: now)
                    ? dayMonth.string(from: date) : dayMonthYear.string(from: date)
            }
        let clock = "\(hourMinute.string(from: date)) \(day)"
        return Self.relative(date.timeIntervalSince(now)).map { "\(clock) (\($0))" } ?? clock
    }

    /// How long ago or ahead, within two days; nil beyond that (the date says enough).
    static func relative(_ seconds: TimeInterval) -> String? {
        let a = abs(seconds)
        guard a < 48 * 3600 else { return nil }
        if a < 60 { return "just now" }
        let amount = a < 90 * 60 ? "\(Int(a / 60)) min" : "\(Int((a / 3600).rounded())) h"
        return seconds < 0 ? "\(amount) ago" : "in \(amount)"
    }

    /// An ISO calendar date ("2026-12-01") as "1 Dec 2026"; anything else as it is.
    func date(_ isoDate: String) -> String {
        guard let day = LocalDay(isoDate: isoDate) else { return isoDate }
        return dayMonthYear.string(from: day.instant(atMinute: 12 * 60, in: Self.zone))
    }
}
