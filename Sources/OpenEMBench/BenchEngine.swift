import ArgumentParser
import OpenEMCore

struct BenchEngine: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Fixes per second through the pure rule engine: 10,000 wearers, each with a curfew and 5 zones.")

    @Option(help: "Wearers.") var wearers: Int = 10_000
    @Option(help: "Fixes per wearer.") var fixes: Int = 300
    @Option(help: "Random seed.") var seed: UInt64 = 2026

    func run() throws {
        print(EngineBenchmark.run(wearers: wearers, fixesPerWearer: fixes, seed: seed))
    }
}
