import Foundation
import OpenEMCore

/// What really happened, written by the simulator as it injects it: violations the system must find, and
/// near-misses it must not turn into violations.
public struct TruthRecord: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable { case violation, nearMiss }

    public var kind: Kind
    public var type: ViolationType
    /// The wearer's index in the caseload (stable for a seed) and, once created through the API, its subject id.
    public var wearer: Int
    public var subjectId: String?
    public var conditionId: String?
    public var start: Date
    public var end: Date
    public var note: String
    /// False when the tag was flat for the whole of it: no system could see it.
    public var observable: Bool = true

    public init(kind: Kind, type: ViolationType, wearer: Int, conditionId: String?, start: Date, end: Date, note: String) {
        self.kind = kind
        self.type = type
        self.wearer = wearer
        self.conditionId = conditionId
        self.start = start
        self.end = end
        self.note = note
    }

    public var durationSeconds: TimeInterval { end.timeIntervalSince(start) }
}
