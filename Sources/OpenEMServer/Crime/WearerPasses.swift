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
        guard !devices.isEmpty else { return [] }
        // One query for the candidates' installations and one for their fixes.
        var installs: [EntityID: [Installation]] = [:]
        for i in try await store.installations(deviceIds: devices) { installs[i.deviceId, default: []].append(i) }
        let fixes = try await store.positionFixes(deviceIds: devices, from: widerFrom, to: widerTo)
        var bySubject: [EntityID: [TrailPoint]] = [:]
        for (deviceId, points) in fixes {
            // Each fix belongs to whoever wore the device then (usually one installation covers the window).
            for inst in installs[deviceId] ?? [] {
                bySubject[inst.subjectId, default: []] += points.filter { p in
                    p.time >= inst.installedAt && (inst.removedAt.map { p.time < $0 } ?? true)
                }
            }
        }
        var out: [Result] = []
        for (subjectId, points) in bySubject where !points.isEmpty {
            // A wearer with two devices has two runs to merge; the sort is linear on one run already in order.
            let sorted = points.sorted { $0.time < $1.time }
            guard let m = PassMatcher.match(sorted, place: place, from: from, to: to, options: options),
                  let subject = try await store.subject(id: subjectId), subjectFilter(subject) else { continue }
            out.append(Result(subject: subject, match: m, points: sorted))
        }
        return out.sorted { ($0.match.kind, -$0.match.closestMetres) > ($1.match.kind, -$1.match.closestMetres) }
    }
}
