import Foundation

/// A retention period as an ISO-8601 duration of whole calendar units (`P6Y`, `P18M`, `P2W`, `P90D`, `P1Y6M`).
/// Time parts (`PT12H`) are refused: no class is kept for less than a day, and deleting by the hour would make a
/// run's result depend on when in the day it started.
public struct RetentionPeriod: Sendable, Hashable, Codable, CustomStringConvertible {
    public var years: Int
    public var months: Int
    public var weeks: Int
    public var days: Int

    public init(years: Int = 0, months: Int = 0, weeks: Int = 0, days: Int = 0) {
        self.years = years
        self.months = months
        self.weeks = weeks
        self.days = days
    }

    /// Parses `PnYnMnWnD` (each part optional, at least one present, in that order); nil for anything else.
    public init?(iso8601 text: String) {
        var rest = Substring(text)
        guard rest.first == "P", rest.count > 1 else { return nil }
        rest = rest.dropFirst()
        var parts: [Character: Int] = [:]
        let order: [Character] = ["Y", "M", "W", "D"]
        var next = 0
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 6, let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = rest.first, let at = order[next...].firstIndex(of: unit) else { return nil }
            parts[unit] = value
            next = at + 1
            rest = rest.dropFirst()
        }
        self.init(years: parts["Y"] ?? 0, months: parts["M"] ?? 0, weeks: parts["W"] ?? 0, days: parts["D"] ?? 0)
    }

    public var description: String {
        let text = [(years, "Y"), (months, "M"), (weeks, "W"), (days, "D")].filter { $0.0 > 0 }.map { "\($0.0)\($0.1)" }
        return text.isEmpty ? "P0D" : "P" + text.joined()
    }

    public var isZero: Bool { years == 0 && months == 0 && weeks == 0 && days == 0 }

    /// The instant `self` before `date`, in UTC calendar arithmetic (a year back from 29 February is 28 February).
    public func before(_ date: Date) -> Date {
        var components = DateComponents()
        components.year = -years
        components.month = -months
        components.day = -(weeks * 7 + days)
        return Self.calendar.date(byAdding: components, to: date) ?? date
    }

    /// At least as long as `other` whatever the dates: compares the shortest this can be with the longest `other` can.
    /// `P12M` is at least `P1Y`; `P13M` at least `P1Y30D` only because a month is never under 28 days.
    public func isAtLeast(_ other: RetentionPeriod) -> Bool {
        (totalMonths >= other.totalMonths && weeks * 7 + days >= other.weeks * 7 + other.days) || minimumDays >= other.maximumDays
    }

    private var totalMonths: Int { years * 12 + months }

    private var minimumDays: Int { years * 365 + months * 28 + weeks * 7 + days }
    private var maximumDays: Int { years * 366 + months * 31 + weeks * 7 + days }

    private static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = RetentionPeriod(iso8601: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an ISO-8601 duration"))
        }
        self = period
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
