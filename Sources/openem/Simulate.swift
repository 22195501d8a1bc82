import ArgumentParser
import Foundation

/// `openem simulate --target URL --wearers N --days D [--speed X] [--seed S] [--truth FILE]`
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a simulated caseload through the API and stream its telemetry (live, or replaying the past faster).")

    @Option(help: "Base URL of the OpenEM server.") var target: String = "http://127.0.0.1:8080"
    @Option(help: "Simulated wearers.") var wearers: Int = 200
    @Option(help: "Simulated days.") var days: Double = 1
    @Option(help: "Simulated seconds per real second. Above 1 the run starts `days` in the past and catches up with now.")
    var speed: Double = 1
    @Option(help: "Seed: the caseload and its behaviour are deterministic for a seed.") var seed: UInt64 = 1
    @Option(help: "Write every injected violation and near-miss here (JSON lines).") var truth: String?
    @Option(help: "A user allowed to create subjects, orders and devices.") var username: String = "admin"
    @Option(help: "That user's password (or set OPENEM_PASSWORD).") var password: String?
    @Option(help: "Requests in flight at once.") var concurrency: Int = 8

    func run() async throws {
        guard let pw = password ?? ProcessInfo.processInfo.environment["OPENEM_PASSWORD"] else {
            throw ValidationError("give --password or set OPENEM_PASSWORD")
        }
        guard speed >= 1, wearers >= 1, days > 0 else { throw ValidationError("--speed must be at least 1; --wearers and --days positive") }
        let start = speed > 1 ? Date().addingTimeInterval(-days * 86_400) : Date()
        let driver = SimulationDriver(
            .init(
                target: target.hasSuffix("/") ? String(target.dropLast()) : target,
                username: username, password: pw, wearers: wearers, days: days,
                speed: speed, seed: seed, start: start, truthPath: truth, concurrency: concurrency))
        try await driver.run()
    }
}
