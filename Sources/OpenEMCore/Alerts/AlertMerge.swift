import Foundation

/// What an evaluation writes over an alert already stored. The evaluator works from the alert as it last saw it;
/// if a person has changed it since (acknowledged, decided, closed: the stored revision is not the one the
/// evaluation built on), their change stands and only the violation's news is applied on top. An evaluation never
/// overwrites a person's acknowledgement or decision.
public enum AlertMerge {
    /// The alert to write, or nil to write nothing (no change left once the person's version is kept).
    /// `violations` are the commit's violations: the one behind the alert supplies the news.
    public static func written(_ evaluated: Alert, over stored: Alert?, violations: [Violation], at: Date) -> Alert? {
        guard let stored, stored.revision != evaluated.revision - 1 else { return evaluated }
        guard let v = violations.first(where: { $0.id == evaluated.violationId }) else { return nil }
        let merged = AlertLifecycle.violationChanged(stored, to: v, at: at)
        return merged == stored ? nil : merged
    }
}
