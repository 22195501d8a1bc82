import Foundation
import OpenEMCore
import Testing

@Suite("Evaluator partitions")
struct EvaluatorPartitionTests {
    @Test("a wearer's partition is stable and wearers spread evenly over the partitions")
    func stableAndEven() {
        let ids = (0..<4000).map { _ in newEntityID() }
        var counts = [0, 0, 0, 0]
        for id in ids { counts[EvaluatorPartition.of(id, count: 4)] += 1 }
        #expect(counts.allSatisfy { (850...1150).contains($0) }, "\(counts)")
        #expect(ids.allSatisfy { EvaluatorPartition.of($0, count: 4) == EvaluatorPartition.of($0, count: 4) })
        #expect(EvaluatorPartition.of("subject-1", count: 4) == 1, "FNV-1a, the same on every node and every run (value from a Python FNV-1a)")
        #expect(ids.allSatisfy { EvaluatorPartition.of($0, count: 1) == 0 })
    }
}
