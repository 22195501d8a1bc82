/// Failures a store reports in domain terms; the HTTP edge maps them once.
public enum StoreError: Error, Sendable, Equatable {
    /// A uniqueness rule would be broken (username taken, device already installed, stale order version).
    case conflict(String)
    case notFound(String)
    /// The store could not be reached or answered unexpectedly; retryable at the caller's discretion.
    case unavailable(String)
}
