import Foundation

/// A wearer as a retention run sees them: when each of their orders ended (nil: not ended yet).
public struct RetentionWearer: Sendable, Hashable {
    public var subjectId: EntityID
    public var createdAt: Date
    public var orderEnds: [Date?]

    public init(subjectId: EntityID, createdAt: Date, orderEnds: [Date?]) {
        self.subjectId = subjectId
        self.createdAt = createdAt
        self.orderEnds = orderEnds
    }

    /// When an order's retention counts from: when it was ended, or the day after its end date once that has passed
    /// (an order's dates are inclusive; UTC, so at most hours off the order's zone, nothing against periods of days).
    /// Nil while it runs.
    public static func orderEnd(of order: Order, now: Date) -> Date? {
        if let endedAt = order.endedAt { return endedAt }
        guard let endDate = order.endDate, let day = ISOTime.parse(endDate + "T00:00:00Z") else {
            return order.status == .ended ? order.createdAt : nil
        }
        let end = day.addingTimeInterval(86_400)
        return order.status == .ended || end <= now ? end : nil
    }

    /// The ORDER_END anchor: the end of the last order to end; nil while any order runs. A wearer never given an
    /// order counts from when they were recorded.
    public var lastOrderEnd: Date? {
        if orderEnds.isEmpty { return createdAt }
        var last = Date.distantPast
        for end in orderEnds {
            guard let end else { return nil }
            last = max(last, end)
        }
        return last
    }
}

/// What a run at `now` deletes under a schedule and the holds in force. Pure: the stores apply it.
///
/// - Event- and creation-anchored classes (LOCATION, DEVICE_READINGS, CRIME, OPERATIONAL, EXTRACT) delete what is
///   older than `cutoff(for:)`, except what a hold covers (`heldSubjects`, `heldCrimes`, `heldReferences`).
/// - Order-end classes delete per wearer: `wearersDue(for:)` are the wearers whose last order ended more than the
///   class's period ago and who no hold covers; SUBJECT_RECORD only once ORDER_RECORD and VIOLATION_ALERT are due too.
/// - AUDIT is never deleted: its entries form a hash chain (`openem audit verify`), and they are the proof of what
///   was read and deleted. Its period only bounds how long the others may be.
public struct RetentionPlan: Sendable, Equatable {
    public let now: Date
    public let schedule: RetentionSchedule
    public let heldSubjects: Set<EntityID>
    public let heldCrimes: Set<EntityID>
    public let heldReferences: Set<String>
    private let wearersDueByClass: [RetentionClass: [EntityID]]

    public static let classesDeletedPerWearer: [RetentionClass] = [.violationAlert, .orderRecord, .subjectRecord]
    public static let classesDeletedByAge: [RetentionClass] = [.location, .deviceReadings, .crime, .operational]

    /// `wearersOfHeldCrimes`: the wearers matched to a crime held by id or reference (`heldCrimeTargets`); they are
    /// held whole, so the fixes and records that put them near the crime stay with it.
    public init(
        schedule: RetentionSchedule, now: Date, wearers: [RetentionWearer], holds: [LegalHold], wearersOfHeldCrimes: Set<EntityID> = []
    ) {
        self.now = now
        self.schedule = schedule
        var subjects = wearersOfHeldCrimes
        for hold in holds where hold.isInForce(at: now) {
            if case .subject(let id) = hold.target { subjects.insert(id) }
        }
        let crimeTargets = Self.heldCrimeTargets(holds, at: now)
        heldSubjects = subjects
        heldCrimes = crimeTargets.crimeIds
        heldReferences = crimeTargets.references
        var due: [RetentionClass: [EntityID]] = [:]
        for c in Self.classesDeletedPerWearer {
            let cutoff = schedule[c].keep.before(now)
            due[c] = wearers.filter { w in
                guard !subjects.contains(w.subjectId), let end = w.lastOrderEnd else { return false }
                return end < cutoff
            }.map(\.subjectId).sorted()
        }
        // The person goes only with the last of their records: their orders and installations refer to them.
        let outlived = Set(due[.orderRecord]!).intersection(due[.violationAlert]!)
        due[.subjectRecord] = due[.subjectRecord]!.filter { outlived.contains($0) }
        wearersDueByClass = due
    }

    /// The crimes and investigation references held at `now`: the store looks up the wearers matched to them.
    public static func heldCrimeTargets(_ holds: [LegalHold], at now: Date) -> (crimeIds: Set<EntityID>, references: Set<String>) {
        var crimes = Set<EntityID>(), references = Set<String>()
        for hold in holds where hold.isInForce(at: now) {
            switch hold.target {
            case .subject: break
            case .crime(let id): crimes.insert(id)
            case .reference(let text): references.insert(text)
            }
        }
        return (crimes, references)
    }

    /// Records of `retentionClass` that happened (EVENT) or were made (CREATED) before this are due.
    public func cutoff(for retentionClass: RetentionClass) -> Date {
        schedule[retentionClass].keep.before(now)
    }

    /// Wearers whose records of an ORDER_END class are due, sorted; empty for other classes.
    public func wearersDue(for retentionClass: RetentionClass) -> [EntityID] {
        wearersDueByClass[retentionClass] ?? []
    }

    /// Whether a record about `subjectId` made at `date` in an age-deleted class is due.
    public func isDue(_ retentionClass: RetentionClass, subjectId: EntityID?, at date: Date) -> Bool {
        if let subjectId, heldSubjects.contains(subjectId) { return false }
        return date < cutoff(for: retentionClass)
    }

    /// Whether a crime (or an area search) made at `date` is due: past CRIME's period and neither it nor its
    /// reference held.
    public func isCrimeDue(id: EntityID, reference: String?, createdAt date: Date) -> Bool {
        if heldCrimes.contains(id) { return false }
        if let reference, heldReferences.contains(reference) { return false }
        return date < cutoff(for: .crime)
    }
}
