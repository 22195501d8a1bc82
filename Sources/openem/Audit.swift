import ArgumentParser
import Foundation
import OpenEMCore
import OpenEMSQLite

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Audit trail tools.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify the hash chain; exits non-zero and names the first bad entry when it is broken.")

        @Option(help: "SQLite file path or postgres:// URL.") var database: String = "./openem.sqlite"

        func run() async throws {
            guard database.hasPrefix("postgres") || FileManager.default.fileExists(atPath: database) else {
                throw ValidationError("no database at \(database)")
            }
            let result = try await StoreOpener.open(database).verifyAudit()
            if result.valid {
                print("audit chain intact: \(result.entries) entries")
            } else {
                print("audit chain BROKEN at entry \(result.firstBadSeq.map(String.init) ?? "?"): \(result.problem ?? "")")
                throw ExitCode(1)
            }
        }
    }
}
