import ArgumentParser
import Foundation
import OpenEMSimulator

/// `openem bench accuracy`: a simulated period through the pure engine, scored against the simulator's truth.
struct BenchAccuracy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accuracy",
        abstract: "Recall, precision and detection delay per violation type against simulated ground truth.")

    @Option(help: "Simulated wearers.") var wearers: Int = 1_000
    @Option(help: "Simulated days.") var days: Int = 7
    @Option(help: "Seed (the caseload and its truth are deterministic for a seed).") var seed: UInt64 = 1
    @Option(help: "First simulated day (YYYY-MM-DD, Europe/London).") var start: String = "2026-10-19"
    @Flag(help: "List every missed and every false episode.") var details = false

    func run() async throws {
        guard let day = ISODay.parse(start) else { throw ValidationError("--start must be YYYY-MM-DD") }
        let report = AccuracyRun.run(wearers: wearers, days: days, seed: seed, start: day)
        print(report)
        if details {
            for m in report.misses { print("  missed: wearer \(m.wearer) \(m.type.rawValue) \(m.start)-\(m.end) (\(m.note))") }
            for f in report.falses {
                print("  false: wearer \(f.wearer) \(f.episode.type.rawValue) from \(f.episode.start) to \(f.episode.end.map { "\($0)" } ?? "open")")
            }
        }
    }
}

enum ISODay {
    static func parse(_ s: String) -> Date? {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "Europe/London")!
        let p = s.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        return cal.date(from: DateComponents(year: p[0], month: p[1], day: p[2], hour: 12))
    }
}
