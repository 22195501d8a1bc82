import Foundation
import Geo
import OpenEMCore

/// Finds the wearers who were (or could have been) at a place during a window: candidates from the store's
/// space-time index, their fixes, then `PassMatcher` per wearer. Crime matching and area search both use it.
public struct WearerPasses: Sendable {
    let store: any OpenEMStore
    /// How far around the place candidate devices are looked for (the prism's reach between nearby fixes).
    var searchMarginMetres = 2_000.0
    /// How far before and after the window a gap's other end is looked for (and a device silent through the whole
    /// window is found from where it was last and next seen).
    var gapHorizonSeconds = 3_600.0

    public init(store: any OpenEMStore) { self.store = store }

    public struct Result: Sendable {
        public var subject: Subject
        public var match: PassMatch
        /// The raw fixes the match rests on, for evidence.
        public var points: [TrailPoint]
    }

    /// Where one search's time went, for `openem bench search`.
    public struct Phases: Sendable {
        public var store = Duration.zero, match = Duration.zero, subjects = Duration.zero
        public var candidates = 0
        public init() {}
    }

    public func find(
        place: PreparedShape, from: Date, to: Date, options: PassMatcher.Options = .init(),
        subjectFilter: @Sendable (Subject) -> Bool = { _ in true }
    ) async throws -> [Result] {
        var phases = Phases()
        return try await find(place: place, from: from, to: to, options: options, phases: &phases, subjectFilter: subjectFilter)
    }

    public func find(
        place: PreparedShape, from: Date, to: Date, options: PassMatcher.Options = .init(), phases: inout Phases,
        subjectFilter: @Sendable (Subject) -> Bool = { _ in true }
    ) async throws -> [Result] {
        let clock = ContinuousClock()
        var mark = clock.now
        func lap(_ d: inout Duration) {
            let now = clock.now
            d += now - mark
            mark = now
        }
        let widerFrom = from.addingTimeInterval(-options.maxGapSeconds), widerTo = to.addingTimeInterval(options.maxGapSeconds)
        let trails = try await store.deviceTrails(
            near: place.boundingBox.expanded(byMetres: searchMarginMetres), from: widerFrom, to: widerTo,
            edge: options.maxGapSeconds, horizon: gapHorizonSeconds)
        lap(&phases.store)
        phases.candidates += trails.count
        var bySubject: [EntityID: [TrailPoint]] = [:]
        for trail in trails {
            // Each fix belongs to whoever wore the device then (usually one installation covers the window).
            for inst in trail.installations {
                bySubject[inst.subjectId, default: []] += trail.points.filter { p in
                    p.time >= inst.installedAt && (inst.removedAt.map { p.time < $0 } ?? true)
                }
            }
        }
        var matched: [(EntityID, PassMatch, [TrailPoint])] = []
        for (subjectId, points) in bySubject where !points.isEmpty {
            // A wearer with two devices has two runs to merge; the sort is linear on one run already in order.
            let sorted = points.sorted { $0.time < $1.time }
            if let m = PassMatcher.match(sorted, place: place, from: from, to: to, options: options) { matched.append((subjectId, m, sorted)) }
        }
        lap(&phases.match)
        let subjects = try await store.subjects(ids: matched.map(\.0))
        lap(&phases.subjects)
        let out = matched.compactMap { id, m, points in
            subjects[id].flatMap { subjectFilter($0) ? Result(subject: $0, match: m, points: points) : nil }
        }
        return out.sorted { ($0.match.kind, -$0.match.closestMetres) > ($1.match.kind, -$1.match.closestMetres) }
    }
}
