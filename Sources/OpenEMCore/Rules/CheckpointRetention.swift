import Foundation

/// Which evaluator checkpoints a store keeps. A replay for late data starts from the newest checkpoint before the
/// late message, so checkpoints cover a window behind each wearer's newest one; data later than that window is
/// replayed from the oldest kept checkpoint or from scratch. A replay also makes every checkpoint from its earliest
/// message on stale (they were taken without the late data), so those go before the replay's own are written.
public enum CheckpointRetention {
    /// How far behind a wearer's newest checkpoint older ones are kept.
    public static let window: TimeInterval = 7 * 86_400

    /// Writing a checkpoint at `newest` prunes the wearer's checkpoints strictly before this instant.
    public static func pruneBefore(newest: Date) -> Date { newest.addingTimeInterval(-window) }
}
