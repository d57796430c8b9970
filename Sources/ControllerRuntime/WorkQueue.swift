/// The bookkeeping of a controller's work queue, as a plain value: no clocks, no tasks, no
/// locks. The async driver (``WorkQueueDriver``) feeds it events and the current time; tests
/// feed it the same events by hand.
///
/// The contract, the same as client-go's rate-limited delaying queue that Flux runs on:
/// - **De-duplicated.** A key is queued at most once however often it is added before a worker
///   takes it.
/// - **Never concurrent.** A key handed to a worker is not handed out again until ``done(_:)``;
///   adding it meanwhile marks it *dirty*, and it is queued once more when the worker is done,
///   so the change that arrived during the reconcile is not lost.
/// - **Per-key backoff.** ``finish(_:outcome:now:)`` with a failure schedules the key after an
///   exponentially growing delay (``Backoff``); any success forgets the failures.
/// - **One timer per key.** The outcome of the latest reconcile decides when the key comes
///   back, replacing whatever was scheduled before, so a stale backoff never fires after a
///   success.
public struct WorkQueue<Key: Hashable & Sendable>: Sendable {
    public typealias Instant = ContinuousClock.Instant

    /// Keys ready for a worker, oldest first.
    public private(set) var ready: [Key] = []
    /// Keys added but not yet handed out (queued, or waiting for their worker to finish).
    private var dirty: Set<Key> = []
    /// Keys a worker holds right now.
    public private(set) var processing: Set<Key> = []
    /// Keys scheduled for later, with when.
    public private(set) var scheduled: [Key: Instant] = [:]
    /// Consecutive failures per key.
    public private(set) var failures: [Key: Int] = [:]
    /// Once shut down, nothing more is handed out; keys still arrive (and are dropped).
    public private(set) var isShuttingDown = false

    public var backoff: Backoff

    public init(backoff: Backoff = Backoff()) {
        self.backoff = backoff
    }

    /// Keys waiting for a worker: the `workqueue_depth` metric.
    public var depth: Int { ready.count }

    /// Queues `key` now, unless it is already queued; if a worker holds it, it is queued again
    /// once that worker is done.
    public mutating func add(_ key: Key) {
        guard !isShuttingDown, !dirty.contains(key) else { return }
        dirty.insert(key)
        if !processing.contains(key) { ready.append(key) }
    }

    /// Queues `key` at `deadline` (now if it has passed); an earlier schedule for the key stays.
    public mutating func add(_ key: Key, at deadline: Instant, now: Instant) {
        guard !isShuttingDown else { return }
        if deadline <= now { return add(key) }
        if let existing = scheduled[key], existing <= deadline { return }
        scheduled[key] = deadline
    }

    /// Moves every key whose time has come into the ready queue. Returns the next deadline
    /// still pending, for the driver to sleep until.
    @discardableResult
    public mutating func tick(now: Instant) -> Instant? {
        let due = scheduled.filter { $0.value <= now }.sorted { $0.value < $1.value }
        for (key, _) in due {
            scheduled[key] = nil
            add(key)
        }
        return nextDeadline
    }

    public var nextDeadline: Instant? { scheduled.values.min() }

    /// Hands the oldest ready key to a worker, or `nil` when none is ready (or shutting down).
    public mutating func next() -> Key? {
        guard !isShuttingDown, !ready.isEmpty else { return nil }
        let key = ready.removeFirst()
        dirty.remove(key)
        processing.insert(key)
        return key
    }

    /// The worker is done with `key`; if it was added meanwhile it is queued again.
    public mutating func done(_ key: Key) {
        processing.remove(key)
        if dirty.contains(key), !isShuttingDown { ready.append(key) }
    }

    /// Clears the failure count of `key`: its next failure starts the backoff afresh.
    public mutating func forget(_ key: Key) {
        failures[key] = nil
    }

    /// Counts a failure of `key` and returns the delay before it is retried.
    public mutating func recordFailure(_ key: Key) -> Duration {
        let count = failures[key, default: 0]
        failures[key] = count + 1
        return backoff.delay(afterFailures: count)
    }

    /// Ends a reconcile of `key`: applies what its outcome means for the next one, then ``done(_:)``.
    /// Returns when the key comes back by itself, if it does.
    @discardableResult
    public mutating func finish(_ key: Key, outcome: Outcome, now: Instant) -> Instant? {
        defer { done(key) }
        scheduled[key] = nil  // the latest outcome decides; see the type's contract
        let delay: Duration?
        switch outcome {
        case .succeeded(let requeueAfter):
            forget(key)
            delay = requeueAfter
        case .stalled:
            forget(key)
            delay = nil
        case .waiting(let after):
            forget(key)
            delay = after
        case .failed:
            delay = recordFailure(key)
        case .abandoned:
            delay = nil
        }
        guard let delay, !isShuttingDown else { return nil }
        let deadline = now + delay
        scheduled[key] = deadline
        return deadline
    }

    /// Drops a key entirely: the object is gone.
    public mutating func remove(_ key: Key) {
        scheduled[key] = nil
        failures[key] = nil
        if !processing.contains(key) {
            dirty.remove(key)
            ready.removeAll { $0 == key }
        }
    }

    /// Stops handing out work; keys being processed may still be marked ``done(_:)``.
    public mutating func shutDown() {
        isShuttingDown = true
        ready.removeAll()
        dirty.removeAll()
        scheduled.removeAll()
    }

    /// What a reconcile's end means for the key's next turn.
    public enum Outcome: Sendable, Equatable {
        /// Succeeded; come back after the interval (already jittered), or only on change.
        case succeeded(requeueAfter: Duration?)
        /// The user must change the object; no retry until it changes.
        case stalled
        /// Not ready yet (a dependency, a source); come back after the delay, no backoff.
        case waiting(after: Duration)
        /// Failed; retry with exponential backoff.
        case failed
        /// Cancelled by shutdown; nothing is recorded.
        case abandoned
    }
}
