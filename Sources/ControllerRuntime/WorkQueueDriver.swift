/// Runs a ``WorkQueue`` in real time: hands keys to workers as they become ready, fires
/// scheduled keys when their time comes, and lets a shutdown drain the workers.
///
/// All the decisions stay in the ``WorkQueue`` value; this actor only owns the clock, the
/// waiting workers and one timer task.
public actor WorkQueueDriver<Key: Hashable & Sendable> {
    private var state: WorkQueue<Key>
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Key?, Never>)] = []
    private var nextWaiterID: UInt64 = 0
    private var timer: Task<Void, Never>?
    private var timerDeadline: ContinuousClock.Instant?
    private let onDepthChange: @Sendable (Int) -> Void

    /// `onDepthChange` reports the number of ready keys after every change (for a gauge).
    public init(backoff: Backoff = Backoff(), onDepthChange: @escaping @Sendable (Int) -> Void = { _ in }) {
        state = WorkQueue(backoff: backoff)
        self.onDepthChange = onDepthChange
    }

    /// A copy of the bookkeeping, for inspection.
    public var snapshot: WorkQueue<Key> { state }

    public func add(_ key: Key) {
        state.add(key)
        dispatch()
    }

    public func add(_ key: Key, after delay: Duration) {
        let now = ContinuousClock.now
        state.add(key, at: now + delay, now: now)
        dispatch()
    }

    public func remove(_ key: Key) {
        state.remove(key)
        dispatch()
    }

    /// Waits for the next key; `nil` once the queue shuts down or the waiting task is cancelled.
    public func next() async -> Key? {
        if let key = state.next() {
            onDepthChange(state.depth)
            return key
        }
        if state.isShuttingDown || Task.isCancelled { return nil }
        nextWaiterID += 1
        let id = nextWaiterID
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancelled between the check above and here: the handler found nothing to resume.
                if Task.isCancelled { return continuation.resume(returning: nil) }
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func cancelWaiter(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: nil)
    }

    /// Ends a worker's turn with `key`; see ``WorkQueue/finish(_:outcome:now:)``.
    public func finish(_ key: Key, outcome: WorkQueue<Key>.Outcome) {
        state.finish(key, outcome: outcome, now: .now)
        dispatch()
    }

    /// Stops handing out keys: waiting workers get `nil`; busy ones finish their key first.
    public func shutDown() {
        state.shutDown()
        timer?.cancel()
        timer = nil
        let waiting = waiters
        waiters.removeAll()
        for waiter in waiting { waiter.continuation.resume(returning: nil) }
        onDepthChange(0)
    }

    /// Keys a worker holds right now.
    public var inFlight: Int { state.processing.count }

    /// Workers suspended in ``next()`` waiting for a key: a test waits for this instead of
    /// sleeping to be sure a worker is parked before it adds, cancels or shuts down.
    public var waitingWorkers: Int { waiters.count }

    private func dispatch() {
        let next = state.tick(now: .now)
        while !waiters.isEmpty, let key = state.next() {
            waiters.removeFirst().continuation.resume(returning: key)
        }
        onDepthChange(state.depth)
        arm(next)
    }

    /// Keeps exactly one timer, set for the earliest scheduled key.
    private func arm(_ deadline: ContinuousClock.Instant?) {
        guard let deadline else {
            timer?.cancel()
            timer = nil
            timerDeadline = nil
            return
        }
        if let timerDeadline, timer != nil, timerDeadline <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        timer = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            guard !Task.isCancelled else { return }
            await self?.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = nil
        dispatch()
    }
}
