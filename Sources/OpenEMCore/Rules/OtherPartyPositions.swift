import Foundation
import Geo

/// Whose position a non-association or victim-proximity condition compares against.
public enum OtherParty: Hashable, Sendable {
    case subject(EntityID)
    case device(EntityID)
}

/// The latest known position of another party.
public struct PartyFix: Hashable, Sendable, Codable {
    public var time: Date
    public var coordinate: Coordinate
    public var accuracyMetres: Double

    public init(time: Date, coordinate: Coordinate, accuracyMetres: Double) {
        self.time = time
        self.coordinate = coordinate
        self.accuracyMetres = accuracyMetres
    }
}

/// Where the other parties were. The evaluator answers from its own latest-position cache; a replay can
/// answer "as of" a past instant. The engine itself decides whether a position is fresh enough to use.
public protocol OtherPartyPositions {
    /// The party's newest fix taken at or before `time`, if any.
    func latestFix(of party: OtherParty, atOrBefore time: Date) -> PartyFix?
}

/// For wearers with no non-association or victim condition, and for benchmarks.
public struct NoOtherParties: OtherPartyPositions, Sendable {
    public init() {}
    public func latestFix(of party: OtherParty, atOrBefore time: Date) -> PartyFix? { nil }
}

/// A fixed table of positions (tests, replays with a known history).
public struct RecordedPartyPositions: OtherPartyPositions, Sendable {
    public var fixes: [OtherParty: [PartyFix]]

    public init(_ fixes: [OtherParty: [PartyFix]] = [:]) { self.fixes = fixes }

    public mutating func record(_ fix: PartyFix, for party: OtherParty) {
        fixes[party, default: []].append(fix)
        fixes[party]!.sort { $0.time < $1.time }
    }

    public func latestFix(of party: OtherParty, atOrBefore time: Date) -> PartyFix? {
        fixes[party]?.last { $0.time <= time }
    }
}
