import ArgumentParser
import Foundation
import OpenEMCore
import OpenEMSQLite
import OpenEMServer

/// `openem import crimes --database PATH --username USER FILE`: a force's crime CSV straight into a store.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import data files.", subcommands: [Crimes.self])

    struct Crimes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a crime batch (13-column CSV), report every bad row, and match the crimes against the wearers.")

        @Option(help: "SQLite file path or postgres:// URL.") var database: String = "./openem.sqlite"
        @Option(help: "The crime analyst or police user submitting the batch (recorded in the audit trail).") var username: String
        @Argument(help: "The CSV file.") var file: String

        func run() async throws {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("\(file) is not a readable UTF-8 file")
            }
            let store = try await StoreOpener.open(database)
            guard let user = try await store.user(username: username) else { throw ValidationError("no user \(username)") }
            let parsed = CrimeBatchParser.parse(text)
            if let force = parsed.force, !Access(user).mayHandleCrimes(ofForce: force.code) {
                throw ValidationError("the batch is for \(force.code); \(username) submits for \(user.forceArea ?? "no force")")
            }
            let (batch, crimes) = try await CrimeIntake(store: store, clock: { Date() }).store(parsed, by: user)
            try await Auditor(store: store, clock: { Date() }).record(
                user, "submit", "crime-batch", batch.id,
                detail: "cli batch=\(batch.batchRef) crimes=\(crimes.count)")
            print("batch \(batch.batchRef) (\(batch.id)): \(batch.status.rawValue), \(crimes.count) crimes stored")
            for e in batch.errors { print("  row \(e.row): \(e.code): \(e.message). \(e.action)") }
            var matched = 0
            for c in crimes { matched += try await store.matches(crimeId: c.id).isEmpty ? 0 : 1 }
            print("\(matched) of \(crimes.count) crimes matched one or more wearers (GET /api/v1/crime-batches/\(batch.id)/matches)")
            if batch.status == .failed { throw ExitCode(1) }
        }
    }
}
