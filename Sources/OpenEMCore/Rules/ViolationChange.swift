import Foundation

/// Something that happened to an episode. Every change carries the episode as it now stands, so a store can
/// simply upsert `episode` by `episode.key` and use `kind` for alerting and history.
public struct ViolationChange: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// A new episode.
        case opened
        /// More evidence for an open episode.
        case evidenceAdded
        /// PROVISIONAL became CONFIRMED.
        case confirmed
        /// The episode ended (`episode.end` set).
        case closed
        /// A closed episode was found to last longer (late data, or a repeated tamper).
        case extended
        /// A closed episode was found to be shorter (late data only).
        case shortened
        /// The episode should never have been raised (status WITHDRAWN).
        case withdrawn
    }

    public var kind: Kind
    public var episode: Episode
    /// Decided after the fact from data that arrived late (backlog replay).
    public var late: Bool

    public init(kind: Kind, episode: Episode, late: Bool = false) {
        self.kind = kind
        self.episode = episode
        self.late = late
    }
}
