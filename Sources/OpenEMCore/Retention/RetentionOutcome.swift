import Foundation

/// What a retention run deleted (or, dry, would delete) in one class: rows per table, so the audit entry and the
/// command's output say where the data went from.
public struct RetentionClassOutcome: Sendable, Hashable, Codable {
    public var retentionClass: RetentionClass
    /// Rows per table, tables in the order they were deleted from.
    public var rows: [TableRows]
    /// The wearers whose records were deleted, for the ORDER_END classes (ids only; the audit digest covers them).
    public var subjectIds: [EntityID]

    public struct TableRows: Sendable, Hashable, Codable {
        public var table: String
        public var count: Int
        public init(table: String, count: Int) {
            self.table = table
            self.count = count
        }
    }

    public init(retentionClass: RetentionClass, rows: [TableRows], subjectIds: [EntityID] = []) {
        self.retentionClass = retentionClass
        self.rows = rows
        self.subjectIds = subjectIds
    }

    public var total: Int { rows.reduce(0) { $0 + $1.count } }
}

/// A whole run's result, one entry per class the run deletes from.
public struct RetentionOutcome: Sendable, Hashable, Codable {
    public var now: Date
    public var dryRun: Bool
    public var classes: [RetentionClassOutcome]

    public init(now: Date, dryRun: Bool, classes: [RetentionClassOutcome]) {
        self.now = now
        self.dryRun = dryRun
        self.classes = classes
    }

    /// One line per class, as `openem retention run` prints it: `LOCATION  deleted 1200 (telemetry 1000, trail_chunks 150, ...)`.
    public var lines: [String] {
        classes.map { c in
            let verb = dryRun ? "would delete" : "deleted"
            let tables = c.rows.map { "\($0.table) \($0.count)" }.joined(separator: ", ")
            let name = c.retentionClass.rawValue.padding(toLength: 16, withPad: " ", startingAt: 0)
            return "\(name) \(verb) \(c.total)" + (tables.isEmpty ? "" : " (\(tables))")
        }
    }
}
