import Synchronization

/// Raised by the API when orders or installations change, so the evaluator recompiles wearers on its next
/// step instead of waiting for its periodic reload.
public final class ConfigurationChanges: Sendable {
    private let dirty = Mutex(false)
    public init() {}
    public func mark() { dirty.withLock { $0 = true } }
    /// Returns whether a change was marked since the last call, and clears the mark.
    public func take() -> Bool {
        dirty.withLock { d in
            defer { d = false }
            return d
        }
    }
}
