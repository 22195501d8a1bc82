import ArgumentParser
import Foundation
import OpenEMCore
import OpenEMServer

struct Retention: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Retention schedule tools.", subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete what the retention schedule says is past its time (legal holds excepted); prints per class what it deleted.")

        @Option(help: "SQLite file path or postgres:// URL.") var database: String = "./openem.sqlite"
        @Option(help: "The time to run as (ISO-8601, e.g. 2031-01-01T00:00:00Z); defaults to now.") var now: String?
        @Flag(help: "Count what would be deleted and delete nothing.") var dryRun = false

        func run() async throws {
            guard database.hasPrefix("postgres") || FileManager.default.fileExists(atPath: database) else {
                throw ValidationError("no database at \(database)")
            }
            var at = Date()
            if let now {
                guard let parsed = ISOTime.parse(now) else {
                    throw ValidationError("--now \(now) is not an ISO-8601 time such as 2031-01-01T00:00:00Z")
                }
                at = parsed
            }
            let outcome = try await RetentionRun.run(try await StoreOpener.open(database), now: at, dryRun: dryRun)
            print("retention run at \(ISOTime.format(at))\(dryRun ? " (dry run: nothing deleted)" : "")")
            for line in outcome.lines { print(line) }
            print("AUDIT            kept (the audit log is a hash chain and is never deleted)")
        }
    }
}
