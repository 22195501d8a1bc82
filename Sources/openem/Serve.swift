import ArgumentParser
import Foundation
import Hummingbird
import Logging
import OpenEMCore
import OpenEMPostgres
import OpenEMSQLite
import OpenEMServer

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the OpenEM server.")

    @Option(help: "Port to listen on.") var port: Int = 8080
    @Option(help: "Address to bind.") var host: String = "127.0.0.1"
    @Option(help: "SQLite file path (created if missing) or a postgres:// URL.") var database: String = "./openem.sqlite"
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(help: "Evaluator partitions when several nodes share a PostgreSQL database (the first node's number is kept).")
    var partitions: Int = 4

    func run() async throws {
        let logger = Logging.makeLogger(level: logLevel)
        let store = try await StoreOpener.open(database, logger: logger)
        if try await store.allUsers().isEmpty {
            logger.notice("no users yet: create an administrator with `openem users add --database \(database) --username NAME --role admin`")
        }
        guard (1...256).contains(partitions) else { throw ValidationError("--partitions is 1 to 256") }
        var configuration = ServerConfiguration(host: host, port: port)
        configuration.evaluatorPartitions = partitions
        var services = AppServices(store: store, configuration: configuration, logger: logger)
        try await services.agreePartitions()
        let app = try buildApplication(services)
        try await app.runService()
    }
}

/// `--database`: a SQLite file path (the embedded store, created if missing) or a `postgres://` URL.
enum StoreOpener {
    static func open(_ database: String, logger: Logger? = nil) async throws -> any OpenEMStore {
        if database.hasPrefix("postgres://") || database.hasPrefix("postgresql://") {
            // Several nodes may share it: the background work runs on the one holding its lease (LeaderServices).
            logger?.info("opening PostgreSQL store")
            return try await PostgresStore.open(url: database)
        }
        logger?.info("opening embedded store")
        return try SQLiteStore.open(path: database)
    }
}

enum Logging {
    static func makeLogger(level: String) -> Logger {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = Logger.Level(rawValue: level) ?? .info
            return h
        }
        return Logger(label: "openem")
    }
}
