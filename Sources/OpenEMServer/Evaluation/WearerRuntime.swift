import Foundation
import OpenEMCore

/// What the evaluator holds for one wearer: the compiled conditions, the rule state, and routing facts.
struct WearerRuntime {
    var subject: Subject
    var order: Order
    var compiled: CompiledWearer
    var state: WearerState
    var deviceIds: [EntityID]
    /// Event time of the last historical checkpoint written.
    var lastCheckpoint: Date?
    /// When monitoring began (first installation, not before the order's start).
    var monitoringStart: Date
}

/// Which wearer a device's message belongs to, by installation period.
struct DeviceAssignment {
    var subjectId: EntityID
    var installedAt: Date
    var removedAt: Date?

    func covers(_ t: Date) -> Bool { t >= installedAt && (removedAt.map { t < $0 } ?? true) }
}
