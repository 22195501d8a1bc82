import Foundation
import Logging
import OpenEMSQLite

/// A throw-away embedded store in a temporary folder for a benchmark, and a quiet logger.
struct BenchScratch {
    let dir: URL
    let store: SQLiteStore
    let logger: Logger

    /// A fresh temporary folder, or `keeping` (created if missing) when a benchmark's data is to be reused.
    init(keeping: String? = nil) throws {
        dir =
            keeping.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("openem-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        store = try SQLiteStore.open(path: dir.appendingPathComponent("bench.sqlite").path)
        var logger = Logger(label: "openem-bench")
        logger.logLevel = .warning
        self.logger = logger
    }

    func remove() { try? FileManager.default.removeItem(at: dir) }
}
