import ArgumentParser

/// `openem bench NAME`: benchmarks that print their figures. Run them from a release build.
public struct Bench: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Benchmarks that print their figures (use a release build).",
        subcommands: [
            BenchEngine.self, BenchIngest.self, BenchAlertLatency.self, BenchAccuracy.self, BenchSearch.self,
            BenchPortal.self, BenchSoak.self, BenchDataQuality.self,
        ])

    public init() {}
}
