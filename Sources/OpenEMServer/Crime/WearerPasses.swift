import Foundation
import Geo
import OpenEMCore

/// Finds the wearers who were (or could have been) at a place during a window: candidates from the store's
/// space-time index, their fixes, then `PassMatcher` per wearer. Crime matching and area search both use it.
public struct WearerPasses: Sendable {
    let store: any OpenEMStore
    /// How far around the place candidate devices are looked for (the prism's reach between nearby fixes).
    var searchMarginMetres = 2_000.0

    public init(store: any OpenEMStore) { self.store = store }

    public struct Result: Sendable {
        public var subject: Subject
        public var match: PassMatch
        /// The raw fixes the match rests on, for evidence.
        public var points: [TrailPoint]
    }

    public func find(place: PreparedShape, from: Date, to: Date, options: PassMatcher.Options = .init(),
              subjectFilter: @Sendable (Subject) -> Bool = { _ in true }) async throws -> [Result] {
        let widerFrom = from.addingTimeInterval(-options.maxGapSeconds), widerTo = to.addingTimeInterval(options.maxGapSeconds)
        let devices = try await store.devicesNear(place.boundingBox.expanded(byMetres: searchMarginMetres), from: widerFrom, to: widerTo)
        var bySubject: [EntityID: [TrailPoint]] = [:]
        for deviceId in devices {
            for inst in try await store.installations(deviceId: deviceId) {
                let start = max(widerFrom, inst.installedAt), end = min(widerTo, inst.removedAt ?? widerTo)
                guard start < end else { continue }
                for m in try await store.telemetry(deviceIds: [deviceId], from: start, to: end, limit: 100_000) {
                    if case .position(let p) = m.message.payload {
                        bySubject[inst.subjectId, default: []].append(
                            TrailPoint(time: m.message.time, coordinate: p.coordinate, accuracyMetres: p.accuracyMetres))
                    }
                }
            }
        }
        var out: [Result] = []
        for (subjectId, points) in bySubject {
            guard let subject = try await store.subject(id: subjectId), subjectFilter(subject) else { continue }
            let sorted = points.sorted { $0.time < $1.time }
            if let m = PassMatcher.match(sorted, place: place, from: from, to: to, options: options) {
                out.append(Result(subject: subject, match: m, points: sorted))
            }
        }
        return out.sorted { ($0.match.kind, -$0.match.closestMetres) > ($1.match.kind, -$1.match.closestMetres) }
    }
}
