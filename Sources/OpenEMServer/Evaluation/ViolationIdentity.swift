import Crypto
import Foundation
import OpenEMCore

/// A violation's id is derived from its wearer and episode key, so re-evaluating the same data (after a crash,
/// or in a replay) upserts the same row instead of creating a duplicate.
enum ViolationIdentity {
    static func id(subjectId: EntityID, key: EpisodeKey) -> EntityID {
        let digest = Array(SHA256.hash(data: Data("\(subjectId)|\(key.description)".utf8)))
        var bytes = Array(digest.prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5-style marker: name-based
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.string(bytes)
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }

    /// The episode a stored violation stands for (for reconciling after late data).
    static func episode(of v: Violation) -> Episode {
        Episode(
            key: EpisodeKey(conditionId: v.conditionId, deviceId: v.deviceId, type: v.type, start: v.start),
            status: v.status, end: v.end, evidence: v.evidence)
    }
}
