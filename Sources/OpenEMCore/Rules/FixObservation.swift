import Foundation
import Geo

/// A position fix as the rules consume it: the fix, when it was taken, and how long since the one before
/// (which is what makes a decision provisional).
struct FixObservation {
    var time: Date
    var coordinate: Coordinate
    /// nil: the device did not say.
    var accuracyMetres: Double?
    var source: PositionSource
    var previousFix: Date?
    /// False when the confidence circle is too large to count as definite evidence of anything, or unknown.
    var trusted: Bool

    /// The confidence radius when the fix is trusted; nil when it can prove nothing on its own.
    var trustedAccuracy: Double? { trusted ? accuracyMetres : nil }

    func evidence(distance: Double?) -> EvidenceFix {
        EvidenceFix(
            time: time, lat: coordinate.lat, lon: coordinate.lon, accuracyMetres: accuracyMetres,
            source: source, distanceMetres: distance.map { ($0 * 10).rounded() / 10 })
    }

    /// Whether this fix followed the previous one without a gap.
    func isContinuous(gapSeconds: TimeInterval) -> Bool {
        previousFix.map { time.timeIntervalSince($0) <= gapSeconds } ?? false
    }
}

/// A fix's accuracy in plain words for summaries: "accuracy 12 m", or "accuracy unknown".
func describeAccuracy(_ metres: Double?) -> String {
    metres.map { "accuracy \(Int($0.rounded())) m" } ?? "accuracy unknown"
}

/// Plain-language distances for summaries.
func describeMetres(_ m: Double) -> String {
    let a = abs(m)
    return a >= 1000 ? String(format: "%.1f km", a / 1000) : "\(Int(a.rounded())) m"
}
