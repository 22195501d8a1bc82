import Crypto
import Foundation

public enum AuditOutcome: String, Codable, Sendable, CaseIterable {
    case success = "SUCCESS"
    case denied = "DENIED"
    case failed = "FAILED"
}

/// What a caller asks to be audited; the store gives it a sequence number and chains its hash.
public struct AuditRecord: Codable, Sendable, Hashable {
    public var at: Date
    public var actorId: String
    public var actorRole: String
    public var action: String
    public var resourceType: String
    public var resourceId: String?
    public var purpose: String?
    public var reference: String?
    public var outcome: AuditOutcome
    public var detail: String?

    public init(
        at: Date, actorId: String, actorRole: String, action: String, resourceType: String,
        resourceId: String? = nil, purpose: String? = nil, reference: String? = nil,
        outcome: AuditOutcome = .success, detail: String? = nil
    ) {
        self.at = at
        self.actorId = actorId
        self.actorRole = actorRole
        self.action = action
        self.resourceType = resourceType
        self.resourceId = resourceId
        self.purpose = purpose
        self.reference = reference
        self.outcome = outcome
        self.detail = detail
    }
}

public struct AuditEntry: Codable, Sendable, Hashable {
    public var seq: Int64
    public var record: AuditRecord
    public var prevHash: String
    public var hash: String

    public init(seq: Int64, record: AuditRecord, prevHash: String, hash: String) {
        self.seq = seq
        self.record = record
        self.prevHash = prevHash
        self.hash = hash
    }
}

/// The tamper-evident chain: each entry's hash covers its own fields and the previous entry's hash, so
/// altering, inserting or deleting any row breaks every hash after it.
public enum AuditChain {
    public static let genesisHash = String(repeating: "0", count: 64)

    public static func hash(seq: Int64, record r: AuditRecord, prevHash: String) -> String {
        // Milliseconds since the epoch: an integer survives every store's timestamp round trip exactly.
        let millis = Int64((r.at.timeIntervalSince1970 * 1000).rounded())
        let fields: [String] = [
            String(seq), prevHash, String(millis), r.actorId, r.actorRole, r.action, r.resourceType,
            r.resourceId ?? "", r.purpose ?? "", r.reference ?? "", r.outcome.rawValue, r.detail ?? "",
        ]
        // Length-prefixed fields so that no choice of field contents can forge another entry's preimage.
        var data = Data()
        for f in fields {
            let bytes = Array(f.utf8)
            data.append(contentsOf: "\(bytes.count):".utf8)
            data.append(contentsOf: bytes)
        }
        return Hex.string(SHA256.hash(data: data))
    }

    public static func seal(seq: Int64, record: AuditRecord, prevHash: String) -> AuditEntry {
        AuditEntry(seq: seq, record: record, prevHash: prevHash, hash: hash(seq: seq, record: record, prevHash: prevHash))
    }

    public enum Break: Sendable, Hashable, CustomStringConvertible {
        case hashMismatch(seq: Int64)
        case prevHashMismatch(seq: Int64)
        case missingEntry(afterSeq: Int64, found: Int64)

        public var seq: Int64 {
            switch self {
            case .hashMismatch(let s), .prevHashMismatch(let s): s
            case .missingEntry(_, let found): found
            }
        }

        public var description: String {
            switch self {
            case .hashMismatch(let s): "entry \(s): contents do not match its hash (altered)"
            case .prevHashMismatch(let s): "entry \(s): does not follow the previous entry's hash"
            case .missingEntry(let a, let f): "entry \(f) follows entry \(a): entries in between were deleted"
            }
        }
    }

    /// Verifies entries in sequence order; the first break found, or nil when the chain is intact.
    /// `expectedHead` (the last hash the store recorded separately) catches deletion of the newest rows.
    public static func verify<S: Sequence<AuditEntry>>(_ entries: S, previous: AuditEntry? = nil) -> Break? {
        var prevHash = previous?.hash ?? genesisHash
        var prevSeq = previous?.seq ?? 0
        for e in entries {
            if e.seq != prevSeq + 1 { return .missingEntry(afterSeq: prevSeq, found: e.seq) }
            if e.prevHash != prevHash { return .prevHashMismatch(seq: e.seq) }
            if hash(seq: e.seq, record: e.record, prevHash: e.prevHash) != e.hash { return .hashMismatch(seq: e.seq) }
            prevHash = e.hash
            prevSeq = e.seq
        }
        return nil
    }
}

public struct AuditVerification: Codable, Sendable, Hashable {
    public var valid: Bool
    public var entries: Int
    public var firstBadSeq: Int64?
    public var problem: String?

    public init(valid: Bool, entries: Int, firstBadSeq: Int64? = nil, problem: String? = nil) {
        self.valid = valid
        self.entries = entries
        self.firstBadSeq = firstBadSeq
        self.problem = problem
    }
}
