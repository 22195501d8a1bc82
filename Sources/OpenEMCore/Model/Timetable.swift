import Foundation

public enum Weekday: String, Codable, Sendable, CaseIterable, Hashable {
    case mon = "MON"
    case tue = "TUE"
    case wed = "WED"
    case thu = "THU"
    case fri = "FRI"
    case sat = "SAT"
    case sun = "SUN"

    /// Gregorian calendar weekday number (Sunday = 1).
    public var gregorian: Int {
        switch self {
        case .sun: 1
        case .mon: 2
        case .tue: 3
        case .wed: 4
        case .thu: 5
        case .fri: 6
        case .sat: 7
        }
    }

    public init?(gregorian: Int) {
        guard let day = Weekday.allCases.first(where: { $0.gregorian == gregorian }) else { return nil }
        self = day
    }
}

/// A wall-clock time of day, minute precision ("HH:mm").
public struct LocalTime: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public var minutesSinceMidnight: Int

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { return nil }
        minutesSinceMidnight = h * 60 + m
    }

    public init(hour: Int, minute: Int) { minutesSinceMidnight = hour * 60 + minute }

    public var hour: Int { minutesSinceMidnight / 60 }
    public var minute: Int { minutesSinceMidnight % 60 }
    public var description: String { String(format: "%02d:%02d", hour, minute) }

    public static func < (a: LocalTime, b: LocalTime) -> Bool { a.minutesSinceMidnight < b.minutesSinceMidnight }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = LocalTime(text) else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "'\(text)' is not a time of day in HH:mm"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// One row of a weekly timetable. A window whose `to` is not after `from` crosses midnight and belongs to
/// the day it starts on.
public struct TimetableRow: Codable, Sendable, Hashable {
    public var days: [Weekday]
    public var from: LocalTime
    public var to: LocalTime

    public init(days: [Weekday], from: LocalTime, to: LocalTime) {
        self.days = days
        self.from = from
        self.to = to
    }

    public var crossesMidnight: Bool { to <= from }
    /// Length in wall-clock minutes (a 19:00-07:00 window is 720).
    public var durationMinutes: Int {
        crossesMidnight
            ? 1440 - from.minutesSinceMidnight + to.minutesSinceMidnight
            : to.minutesSinceMidnight - from.minutesSinceMidnight
    }
}

public struct Appointment: Codable, Sendable, Hashable {
    public var start: Date
    public var end: Date
    public init(start: Date, end: Date) {
        self.start = start
        self.end = end
    }
}
