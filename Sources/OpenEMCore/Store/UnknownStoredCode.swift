/// A code read back from a store that names no case: a newer writer, a bad edit or a damaged row. Reading it as some
/// default would quietly rewrite history (a tamper read as a heartbeat), so the read fails and says where and what.
public struct UnknownStoredCode: Error, Sendable, Equatable, CustomStringConvertible {
    /// Table and column, e.g. `violations.type`.
    public var column: String
    public var code: String

    public init(column: String, code: String) {
        self.column = column
        self.code = code
    }

    public var description: String { "unknown code '\(code)' in \(column)" }
}

extension RawRepresentable where RawValue: CustomStringConvertible {
    /// The case a store's column holds, or `UnknownStoredCode` naming the column.
    public init(stored code: RawValue, column: String) throws {
        guard let value = Self(rawValue: code) else { throw UnknownStoredCode(column: column, code: code.description) }
        self = value
    }
}
