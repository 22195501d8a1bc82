import Foundation
import Logging
import Metrics
import OpenEMCore
import ServiceLifecycle

/// Consumes the telemetry log from a persisted cursor, runs each wearer's messages through the pure rule engine
/// in event-time order (replaying from a checkpoint when late data arrives), fires timers, and commits
/// violations, alerts, outbox events, wearer states and the cursor in one transaction.
public struct EvaluatorService: Service {
    let engine: EvaluatorEngine
    let signal: LogSignal
    let idleWait: Duration
    /// Under load, after a step that read part of a batch the evaluator rests `restPerStep` times as long as the
    /// step took (at most `maxRest`), so steps (each a commit) gather the log's appends instead of following each
    /// one: where a commit is dear (a database server's flush) steps grow and come a few times a second; where it
    /// is cheap they stay small and alerts go out within milliseconds. Data after a quiet spell is evaluated at
    /// once, and a full batch (catching up) is followed at once.
    let restPerStep: Double
    let maxRest: Duration

    public init(
        store: any OpenEMStore, clock: @escaping @Sendable () -> Date, signal: LogSignal,
        changes: ConfigurationChanges, policy: AlertPolicy = .standard, config: RuleConfig = .default,
        logger: Logger, idleWait: Duration = .milliseconds(250), restPerStep: Double = 3, maxRest: Duration = .milliseconds(100),
        outboxSignal: OutboxSignal = OutboxSignal(), partition: Int = 0, partitions: Int = 1
    ) {
        engine = EvaluatorEngine(
            store: store, clock: clock, changes: changes, policy: policy, config: config, logger: logger,
            outboxSignal: outboxSignal, partition: partition, partitions: partitions)
        self.signal = signal
        self.idleWait = idleWait
        self.restPerStep = restPerStep
        self.maxRest = maxRest
    }

    public func run() async throws {
        try await engine.start()
        await withGracefulShutdownHandler {
            // Stops on SIGTERM too: between steps, so a step in progress commits or rolls back whole.
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                do {
                    let began = ContinuousClock.now
                    let read = try await engine.step()
                    if read == 0 {
                        await signal.wait(upTo: idleWait)
                    } else if read < engine.batchSize {
                        try? await Task.sleep(for: min(maxRest, (ContinuousClock.now - began) * restPerStep))
                    }
                } catch StoreError.conflict(let why) {
                    // Another evaluator has the partition (this node lost its lease): stop; the owner carries on.
                    await engine.logStop(why)
                    return
                } catch {
                    // A failed step commits nothing; the cursor has not moved, so the next try starts over.
                    await engine.logFailure(error)
                    try? await Task.sleep(for: .seconds(1))
                }
            }
        } onGracefulShutdown: {
            signal.signal()
        }
    }

    /// For tests: one evaluation pass at the clock's current time.
    public func stepOnce() async throws {
        try await engine.startIfNeeded()
        _ = try await engine.step()
    }

}

actor EvaluatorEngine {
    let store: any OpenEMStore
    let clock: @Sendable () -> Date
    let changes: ConfigurationChanges
    let policy: AlertPolicy
    let config: RuleConfig
    let logger: Logger
    /// This engine evaluates the wearers of one partition of `partitions` (`EvaluatorPartition`), from that
    /// partition's cursor; every engine reads the whole log (other parties' positions come from all of it).
    let partition: Int
    let partitions: Int
    let batchSize = 5000
    let checkpointEvery: TimeInterval = 15 * 60

    var started = false
    var cursor: Int64 = 0
    var wearers: [EntityID: WearerRuntime] = [:]
    var assignments: [EntityID: [DeviceAssignment]] = [:]
    var trackedParties: Set<OtherParty> = []
    var parties = RecordedPartyPositions()
    var needsReload = true
    var lastReload = Date.distantPast
    /// The store's configuration version the wearers were last compiled at (read before compiling, so a change
    /// made during a reload is picked up by the next step).
    var loadedVersion: Int64 = -1

    let evaluated = Counter(label: "openem_evaluator_messages_total")
    let violationChanges = Counter(label: "openem_violation_changes_total")
    let lateReplays = Counter(label: "openem_late_replays_total")
    let outboxSignal: OutboxSignal

    init(
        store: any OpenEMStore, clock: @escaping @Sendable () -> Date, changes: ConfigurationChanges, policy: AlertPolicy,
        config: RuleConfig, logger: Logger, outboxSignal: OutboxSignal, partition: Int, partitions: Int
    ) {
        self.outboxSignal = outboxSignal
        self.partition = partition
        self.partitions = max(1, partitions)
        self.store = store
        self.clock = clock
        self.changes = changes
        self.policy = policy
        self.config = config
        self.logger = logger
    }

    func start() async throws {
        cursor = try await store.evaluatorCursor(partition: partition)
        try await reload()
        started = true
    }

    func startIfNeeded() async throws { if !started { try await start() } }
    func logFailure(_ error: any Error) { logger.error("evaluator step failed: \(String(reflecting: error))") }
    func logStop(_ why: String) { logger.error("evaluator stopped: \(why)") }

    // MARK: wearers

    /// Compiles every wearer with an active order and a fitted device. Wearers whose order version and devices
    /// are unchanged keep their state; changed ones adapt it; new ones resume from their saved live state.
    func reload() async throws {
        let now = clock()
        let orders = try await store.activeOrders()
        let installations = try await store.activeInstallations()
        var byDevice: [EntityID: [DeviceAssignment]] = [:]
        var bySubject: [EntityID: [Installation]] = [:]
        for i in installations {
            byDevice[i.deviceId, default: []].append(DeviceAssignment(subjectId: i.subjectId, installedAt: i.installedAt, removedAt: i.removedAt))
            bySubject[i.subjectId, default: []].append(i)
        }
        // Newest active order per wearer.
        var orderBySubject: [EntityID: Order] = [:]
        for o in orders where (orderBySubject[o.subjectId]?.createdAt ?? .distantPast) <= o.createdAt {
            orderBySubject[o.subjectId] = o
        }
        var next: [EntityID: WearerRuntime] = [:]
        var needState: [EntityID] = []
        var tracked = Set<OtherParty>()
        for (subjectId, order) in orderBySubject where EvaluatorPartition.of(subjectId, count: partitions) == partition {
            guard let fitted = bySubject[subjectId], !fitted.isEmpty else { continue }
            var devices: [InstalledDevice] = []
            for i in fitted {
                guard let d = try await store.device(id: i.deviceId) else { continue }
                devices.append(InstalledDevice(id: d.id, type: d.type, installedAt: i.installedAt))
            }
            let deviceIds = devices.map(\.id).sorted()
            if let existing = wearers[subjectId], existing.order.id == order.id, existing.order.version == order.version,
                existing.deviceIds == deviceIds
            {
                next[subjectId] = existing
            } else {
                guard let subject = try await store.subject(id: subjectId) else { continue }
                let compiled = CompiledWearer(subject: subject, order: order, devices: devices, config: config)
                let start = compiled.monitoringStart(firstFittedAt: fitted.map(\.installedAt).min())
                var state: WearerState
                if let existing = wearers[subjectId] {
                    state = existing.state
                    state.adapt(to: compiled)
                } else {
                    state = WearerState(for: compiled, at: start)
                    // Silence is not counted from before this system knew of the fitting: a fitting recorded
                    // after the fact (backdated) waits for the device's backlog instead of alerting at once.
                    for d in devices { RuleEngine.noteReceipt(deviceId: d.id, at: now, state: &state, wearer: compiled) }
                    needState.append(subjectId)
                }
                next[subjectId] = WearerRuntime(
                    subject: subject, order: order, compiled: compiled, state: state,
                    deviceIds: deviceIds, lastCheckpoint: wearers[subjectId]?.lastCheckpoint,
                    monitoringStart: start)
            }
            for c in order.conditions {
                switch c.rule {
                case .nonAssociation(let n): tracked.insert(.subject(n.otherSubjectId))
                case .victimProximity(let v): tracked.insert(.device(v.victimDeviceId))
                default: break
                }
            }
        }
        // Resume wearers new to this process from the state the last commit saved.
        for saved in try await store.liveStates(subjectIds: needState) {
            guard var rt = next[saved.subjectId] else { continue }
            if var state = try? JSONDecoder().decode(WearerState.self, from: saved.state) {
                state.adapt(to: rt.compiled)
                rt.state = state
                rt.lastCheckpoint = saved.eventTime
                next[saved.subjectId] = rt
            }
        }
        wearers = next
        assignments = byDevice
        trackedParties = tracked
        needsReload = false
        lastReload = now
        logger.debug("evaluator compiled \(next.count) wearers")
    }

    func owner(of deviceId: EntityID, at t: Date) -> EntityID? {
        assignments[deviceId]?.first { $0.covers(t) }?.subjectId
    }

    // MARK: the step

    /// One pass: new log entries, then timers. Returns how many log entries it read (0: the loop may wait).
    func step() async throws -> Int {
        let now = clock()
        if changes.take() { needsReload = true }
        // Changes made by another process or node on the same database show in the store's configuration version.
        let version = try await store.configurationVersion()
        if version != loadedVersion { needsReload = true }
        if needsReload || now.timeIntervalSince(lastReload) > 30 {
            try await reload()
            loadedVersion = version
        }
        let batch = try await store.telemetry(afterOffset: cursor, limit: batchSize)
        let batchEnd = batch.last?.offset ?? cursor
        var out = StepOutput()

        // Other parties' positions first, so proximity rules see the freshest fix whatever the grouping order.
        var grouped: [EntityID: [LoggedTelemetry]] = [:]
        for entry in batch {
            let m = entry.message
            // A position of unknown accuracy cannot place the other party near anyone: it is not recorded.
            if case .position(let p) = m.payload, let accuracy = p.accuracyMetres {
                let fix = PartyFix(time: m.time, coordinate: p.coordinate, accuracyMetres: accuracy)
                if trackedParties.contains(.device(m.deviceId)) { parties.record(fix, for: .device(m.deviceId)) }
                if let s = owner(of: m.deviceId, at: m.time), trackedParties.contains(.subject(s)) {
                    parties.record(fix, for: .subject(s))
                }
            }
            guard let subjectId = owner(of: m.deviceId, at: m.time), wearers[subjectId] != nil else { continue }
            grouped[subjectId, default: []].append(entry)
        }
        evaluated.increment(by: batch.count)

        for (subjectId, entries) in grouped {
            guard var rt = wearers[subjectId] else { continue }
            let ordered = entries.map(\.message).sorted { ($0.time, $0.deviceId, $0.seq) < ($1.time, $1.deviceId, $1.seq) }
            if let earliest = ordered.first(where: { RuleEngine.isBacklog($0, state: rt.state, config: config) }) {
                let (late, settled) = try await replay(&rt, from: earliest.time, upToOffset: batchEnd)
                out.add(late, for: rt)
                out.settled[subjectId] = settled
                out.discardCheckpointsFrom[subjectId] = earliest.time
                rt.lastCheckpoint = nil
                lateReplays.increment()
            } else {
                for m in ordered {
                    out.add(RuleEngine.process(m, state: &rt.state, wearer: rt.compiled, others: parties), for: rt)
                }
                out.settled[subjectId] = rt.state
                // (A replay notes the receipts itself, before it brings its timers up to the wall clock.)
                for (deviceId, at) in Self.latestReceipts(entries) {
                    RuleEngine.noteReceipt(deviceId: deviceId, at: at, state: &rt.state, wearer: rt.compiled)
                }
            }
            out.touched.insert(subjectId)
            wearers[subjectId] = rt
        }

        for (subjectId, var rt) in wearers {
            guard let due = RuleEngine.nextTimer(state: rt.state, wearer: rt.compiled), due <= now else { continue }
            let changes = RuleEngine.tick(now: now, state: &rt.state, wearer: rt.compiled, others: parties)
            if !changes.isEmpty {
                out.add(changes, for: rt)
                out.touched.insert(subjectId)
            }
            wearers[subjectId] = rt
        }

        pruneParties(now: now)
        guard batchEnd != cursor || !out.changes.isEmpty else { return 0 }
        try await commit(out, cursor: batchEnd, now: now)
        cursor = batchEnd
        return batch.count
    }

    /// When each device's data last reached the server, over some logged messages.
    static func latestReceipts(_ logged: [LoggedTelemetry]) -> [EntityID: Date] {
        var out: [EntityID: Date] = [:]
        for l in logged { out[l.message.deviceId] = max(out[l.message.deviceId] ?? l.receivedAt, l.receivedAt) }
        return out
    }

    /// Late data: reload the newest checkpoint before it, replay every logged message since, reconcile.
    func replay(_ rt: inout WearerRuntime, from earliest: Date, upToOffset: Int64) async throws -> ([ViolationChange], settled: WearerState) {
        let checkpoint = try await store.latestCheckpoint(subjectId: rt.subject.id, atOrBefore: earliest.addingTimeInterval(-0.001))
        var start: WearerState
        var from: Date
        if let checkpoint, var decoded = try? JSONDecoder().decode(WearerState.self, from: checkpoint.state) {
            decoded.adapt(to: rt.compiled)
            start = decoded
            from = checkpoint.eventTime.addingTimeInterval(0.001)
        } else {
            start = WearerState(for: rt.compiled, at: rt.monitoringStart)
            from = rt.monitoringStart
        }
        let logged = try await store.telemetry(deviceIds: rt.deviceIds, from: from, to: .distantFuture, limit: 2_000_000)
            .filter { $0.offset <= upToOffset }
        let result = Replay.run(
            from: start, messages: logged.map(\.message), until: rt.state.clock,
            receipts: Self.latestReceipts(logged), wearer: rt.compiled, others: parties)
        let stored = try await store.violations(ViolationQuery(subjectIds: [rt.subject.id], limit: 100_000))
            .filter { $0.deviceId.map(rt.deviceIds.contains) ?? true }
            .map(ViolationIdentity.episode)
            .filter { Reconcile.isInScope($0, checkpoint: start) }
        rt.state = result.state
        return (Reconcile.changes(stored: stored, replayed: result.episodes), result.settled)
    }

    func pruneParties(now: Date) {
        let horizon = now.addingTimeInterval(-24 * 3600)
        for (party, fixes) in parties.fixes where fixes.first.map({ $0.time < horizon }) ?? false {
            parties.fixes[party] = fixes.filter { $0.time >= horizon }
        }
    }

    // MARK: commit

    func commit(_ out: StepOutput, cursor: Int64, now: Date) async throws {
        var violations: [EntityID: Violation] = [:]
        var alerts: [EntityID: Alert] = [:]
        // The store appends each alert's outbox event itself, after reconciling it with any change a user made
        // since it was read (see EvaluationCommit.alerts).
        let outbox: [(topic: String, payload: Data)] = []
        for (rt, change) in out.changes {
            let id = ViolationIdentity.id(subjectId: rt.subject.id, key: change.episode.key)
            let previous: Violation? = if let v = violations[id] { v } else { try await store.violation(id: id) }
            let v = change.episode.violation(
                id: id, subjectId: rt.subject.id, orderId: rt.order.id,
                late: change.late || (previous?.late ?? false),
                createdAt: previous?.createdAt ?? now, updatedAt: now)
            violations[id] = v
            violationChanges.increment()
            let existing: Alert? = if let a = alerts[id] { a } else { try await store.alert(violationId: id) }
            let alert: Alert
            if let existing {
                let updated = AlertLifecycle.violationChanged(existing, to: v, at: now)
                guard updated != existing else { continue }
                alert = updated
            } else {
                guard v.status != .withdrawn else { continue }
                alert = AlertLifecycle.raise(for: v, subject: rt.subject, cohort: rt.order.cohort, policy: policy, at: now)
            }
            alerts[id] = alert
        }
        let stateEncoder = JSONEncoder()
        var live: [EvaluatorCheckpoint] = []
        var checkpoints: [EvaluatorCheckpoint] = []
        for subjectId in out.touched {
            guard var rt = wearers[subjectId] else { continue }
            live.append(
                EvaluatorCheckpoint(
                    subjectId: subjectId, eventTime: rt.state.clock, offset: cursor,
                    state: try stateEncoder.encode(rt.state)))
            // A replay checkpoint must hold nothing after its clock: the state as its messages left it, before
            // timers were brought up to the wall clock.
            let candidate = out.settled[subjectId] ?? rt.state
            let eventTime = candidate.clock
            if rt.lastCheckpoint.map({ eventTime.timeIntervalSince($0) >= checkpointEvery }) ?? true {
                checkpoints.append(
                    EvaluatorCheckpoint(
                        subjectId: subjectId, eventTime: eventTime, offset: cursor,
                        state: try stateEncoder.encode(candidate)))
                rt.lastCheckpoint = eventTime
                wearers[subjectId] = rt
            }
        }
        var commit = EvaluationCommit(
            partition: partition, cursor: cursor, violations: Array(violations.values), alerts: Array(alerts.values),
            liveStates: live, checkpoints: checkpoints, outbox: outbox, discardCheckpointsFrom: out.discardCheckpointsFrom,
            createdAt: now)
        commit.expectedCursor = self.cursor
        try await store.commitEvaluation(commit)
        if !alerts.isEmpty { outboxSignal.notify() }
    }
}

/// Changes gathered in one step, with the wearer they belong to.
struct StepOutput {
    var changes: [(WearerRuntime, ViolationChange)] = []
    var touched: Set<EntityID> = []
    /// Per wearer, the state after this step's messages and before its timers were brought to the wall clock.
    var settled: [EntityID: WearerState] = [:]
    var discardCheckpointsFrom: [EntityID: Date] = [:]

    mutating func add(_ c: [ViolationChange], for rt: WearerRuntime) {
        for change in c { changes.append((rt, change)) }
    }
}
