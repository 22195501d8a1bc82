import Foundation

/// Which evaluator partition a wearer belongs to: a stable hash of the subject id (FNV-1a), the same on every node
/// and every run, so a wearer's state, checkpoints and cursor stay with one partition.
public enum EvaluatorPartition {
    public static func of(_ subjectId: EntityID, count: Int) -> Int {
        guard count > 1 else { return 0 }
        let h = subjectId.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        return Int(h % UInt64(count))
    }
}
