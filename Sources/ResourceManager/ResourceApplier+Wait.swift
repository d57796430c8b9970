import KubernetesClient
import Manifests

/// The end of a health wait and what each object looked like then.
public struct HealthWaitResult: Sendable {
    public enum Outcome: Sendable, Equatable { case healthy, failed, timedOut, cancelled }

    public var outcome: Outcome
    /// Empty when healthy; otherwise Flux's text: `timeout waiting for: [Deployment/apps/web
    /// status: 'InProgress']`, `failed early due to stalled resources: [...]`, or
    /// `health check canceled: [...]`.
    public var message: String
    /// The last status seen of every object, in the order asked.
    public var statuses: [(subject: String, status: HealthStatus)]

    public init(outcome: Outcome, message: String, statuses: [(subject: String, status: HealthStatus)]) {
        self.outcome = outcome
        self.message = message
        self.statuses = statuses
    }
}

extension ResourceApplier {
    /// Polls the kstatus health (``HealthStatus/compute(_:now:)``) of `objects` every
    /// `interval` until all are Current, or one is Failed (fail-fast, Flux's default), or
    /// `timeout` passes, or `cancelled()` returns true or the task is cancelled.
    ///
    /// An object that does not exist is `NotFound` and never Current, except a Job seen
    /// during this wait with `ttlSecondsAfterFinished`, which finished and was collected
    /// (Flux's Job rule). Objects already Current are not polled again.
    ///
    /// `custom` (the controller's `healthCheckExprs`) is asked first for every live object:
    /// its verdict replaces kstatus's; nil leaves the object to kstatus; an error makes the
    /// object Failed with the error as its message (`Widget/apps/w status: 'Failed': …`).
    public func waitForHealth(_ objects: [InventoryObject], timeout: Duration, interval: Duration = .seconds(2),
                              custom: (any CustomHealthEvaluator)? = nil,
                              cancelled: @escaping @Sendable () async -> Bool = { false }) async -> HealthWaitResult {
        await waitForHealth(objects, timeout: timeout, interval: interval, failFast: true, known: [:], custom: custom,
                            cancelled: cancelled)
    }

    func waitForHealth(_ objects: [InventoryObject], timeout: Duration, interval: Duration, failFast: Bool,
                       known: [ObjectID: JSONValue], custom: (any CustomHealthEvaluator)? = nil,
                       cancelled: @escaping @Sendable () async -> Bool = { false }) async -> HealthWaitResult {
        let deadline = ContinuousClock.now + timeout
        var observed = HealthObservations(objects: objects, custom: custom)
        for object in objects { if let live = known[object.id] { observed.record(object, .found(live)) } }
        let client = self.client
        while true {
            if await isCancelled(cancelled) { return observed.result(.cancelled) }
            let pending = observed.pending
            if !pending.isEmpty {
                let polled = await concurrentMap(pending, limit: concurrency) { object in
                    (object, await Self.get(client, object))
                }
                // A read cut short by cancellation says nothing about the object: keep the last status.
                if Task.isCancelled { return observed.result(.cancelled) }
                for (object, lookup) in polled { observed.record(object, lookup) }
            }
            if observed.pending.isEmpty { return observed.result(.healthy) }
            if failFast && observed.anyFailed { return observed.result(.failed) }
            if ContinuousClock.now >= deadline { return observed.result(.timedOut) }
            if await isCancelled(cancelled) { return observed.result(.cancelled) }
            do {
                try await Task.sleep(for: min(interval, ContinuousClock.now.duration(to: deadline)))
            } catch {
                return observed.result(.cancelled)
            }
        }
    }

    private func isCancelled(_ cancelled: @Sendable () async -> Bool) async -> Bool {
        if Task.isCancelled { return true }
        return await cancelled()
    }
}

/// The bookkeeping of one health wait: last status per object, and which Jobs may vanish.
struct HealthObservations {
    let objects: [InventoryObject]
    var statuses: [ObjectID: HealthStatus] = [:]
    /// kstatus `NotFound` (our HealthStatus has no such case; it is Unknown with this marker).
    var notFound: Set<ObjectID> = []
    var jobsWithTTL: Set<ObjectID> = []
    /// A read error (or a custom evaluator's error) per object, shown after its status.
    var errors: [ObjectID: String] = [:]
    let custom: (any CustomHealthEvaluator)?

    init(objects: [InventoryObject], custom: (any CustomHealthEvaluator)? = nil) {
        self.objects = objects
        self.custom = custom
    }

    static let notFoundMessage = "Resource not found"

    mutating func record(_ object: InventoryObject, _ lookup: LiveLookup) {
        errors[object.id] = nil
        notFound.remove(object.id)
        switch lookup {
        case .found(let live):
            if object.id.group == "batch", object.id.kind == "Job", live[path: "spec", "ttlSecondsAfterFinished"] != nil {
                jobsWithTTL.insert(object.id)
            }
            statuses[object.id] = status(of: live, object)
        case .absent:
            if jobsWithTTL.contains(object.id) {
                statuses[object.id] = HealthStatus(.current, "Job finished and was deleted after ttlSecondsAfterFinished")
            } else {
                notFound.insert(object.id)
                statuses[object.id] = HealthStatus(.unknown, Self.notFoundMessage)
            }
        case .failed(let message):
            errors[object.id] = message
            statuses[object.id] = HealthStatus(.unknown, message)
        }
    }

    /// The custom evaluator's verdict when it has one, else kstatus's.
    mutating func status(of live: JSONValue, _ object: InventoryObject) -> HealthStatus {
        guard let custom else { return HealthStatus.compute(live) }
        do {
            return try custom.health(of: live) ?? HealthStatus.compute(live)
        } catch {
            let message = "\(error)"
            errors[object.id] = message
            return HealthStatus(.failed, message)
        }
    }

    var pending: [InventoryObject] { objects.filter { statuses[$0.id]?.status != .current } }
    var anyFailed: Bool { objects.contains { statuses[$0.id]?.status == .failed } }

    func label(_ object: InventoryObject) -> String {
        guard let status = statuses[object.id] else { return "can't determine status for \(object.id)" }
        let name = notFound.contains(object.id) ? "NotFound" : status.status.rawValue
        var text = "\(object.id) status: '\(name)'"
        if let error = errors[object.id] { text += ": \(error)" }
        return text
    }

    func result(_ outcome: HealthWaitResult.Outcome) -> HealthWaitResult {
        let statuses = objects.map { (subject: $0.id.description, status: self.statuses[$0.id] ?? HealthStatus(.unknown, "not polled")) }
        let message: String
        switch outcome {
        case .healthy:
            message = ""
        case .failed:
            let failed = objects.filter { self.statuses[$0.id]?.status == .failed }.map(label)
            message = "failed early due to stalled resources: [\(failed.joined(separator: ", "))]"
        case .timedOut:
            message = "timeout waiting for: [\(pending.map(label).joined(separator: ", "))]"
        case .cancelled:
            message = "health check canceled: [\(pending.map(label).joined(separator: ", "))]"
        }
        return HealthWaitResult(outcome: outcome, message: message, statuses: statuses)
    }
}
