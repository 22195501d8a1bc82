/// Failures a store reports in domain terms; the HTTP edge maps them once.
public enum StoreError: Error, Sendable, Equatable {
    /// A uniqueness rule would be broken (username taken, device already installed, stale order version).
    case conflict(String)
    case notFound(String)
    /// The store could not be reached or answered unexpectedly; retryable at the caller's discretion.
    case unavailable(String)
}

/// What an operator reads when a command fails: the message, not the enum's spelling.
extension StoreError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .conflict(let m): "conflict: \(m)"
        case .notFound(let m): "not found: \(m)"
        case .unavailable(let m): m
        }
    }
}
