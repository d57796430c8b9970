import FerryAPI
import KubernetesClient
import Logging
import Manifests
import Synchronization

extension Controller {
    /// One turn for one key: reconcile the cached object within its deadline, time it, log one
    /// line (constant message `reconciled`, the outcome in `result`), and tell the queue what
    /// comes next.
    func process(_ key: ObjectKey) async {
        guard let object = cache.get(key) else {
            // Deleted since it was queued; the delete event already cleaned up.
            await queue.finish(key, outcome: .succeeded(requeueAfter: nil))
            return
        }
        let start = ContinuousClock.now
        let deadline = reconciler.deadline(for: object)
            ?? ReconcileDeadline(options.reconcileTimeout, origin: "the \(options.name) controller's reconcile timeout")
        let (race, running) = await Self.race(deadline.duration) { [reconciler] in try await reconciler.reconcile(object) }
        var outcome: WorkQueue<ObjectKey>.Outcome
        var failure: (any Error)?
        var revision: String?
        switch race {
        case .finished(.success(let result)):
            outcome = .succeeded(requeueAfter: result.requeueAfter.map { options.jitter.apply(to: $0) })
            revision = result.revision
        case .finished(.failure(let error as ReconcileError)):
            outcome = error.outcome
            failure = error
        case .finished(.failure(let error)):
            outcome = .failed
            failure = error
        case .timedOut:
            let error = ReconcileError.transient(
                reason: ConditionReason.reconciliationFailed,
                "reconciliation timed out after \(GoDuration.format(seconds: deadline.duration / .seconds(1))) (\(deadline.origin)) and was cancelled")
            outcome = error.outcome
            failure = error
            await reportTimeout(key, error)
        case .abandoned:
            outcome = .abandoned
        }
        if Task.isCancelled { outcome = .abandoned }
        outcome = options.bounded(outcome)
        let duration = ContinuousClock.now - start
        var metadata: Logger.Metadata = [
            "kind": .string(kind.kind), "name": .string(key.name), "namespace": .string(key.namespace),
            "duration": .string(Self.seconds(duration)),
        ]
        // A deleted object's series are gone; a reconcile ending after the deletion must not bring them back.
        let stillExists = cache.get(key) != nil
        switch outcome {
        case .abandoned:
            metadata["result"] = "abandoned"
            logger.warning("reconciled", metadata: metadata)
        case .succeeded(let after):
            if let after { metadata["next"] = .string(Self.seconds(after)) }
            if let revision { metadata["revision"] = .string(revision) }
            metadata["result"] = "succeeded"
            if stillExists { metrics?.recordDuration(kind: kind.kind, key: key, duration) }
            logger.info("reconciled", metadata: metadata)
        case .stalled, .waiting, .failed:
            metadata["error"] = .string(failure.map { "\($0)" } ?? "")
            if stillExists { metrics?.recordDuration(kind: kind.kind, key: key, duration) }
            // Waiting (a dependency, a source not ready yet) is expected and says so calmly, as Flux
            // does with an info event; stalls and failures are warnings.
            let waiting: Bool
            if case .waiting(let after) = outcome, case .waiting = (failure as? ReconcileError)?.kind {
                metadata["next"] = .string(Self.seconds(after))
                waiting = true
                metadata["result"] = "waiting"
                logger.info("reconciled", metadata: metadata)
            } else {
                waiting = false
                if case .waiting(let after) = outcome { metadata["next"] = .string(Self.seconds(after)) }
                metadata["result"] = outcome == .stalled ? "stalled" : "failed"
                logger.error("reconciled", metadata: metadata)
            }
            if let events, let failure {
                let error = failure as? ReconcileError
                await events.record(object, type: waiting ? .normal : .warning,
                                    reason: error?.reason ?? ConditionReason.reconciliationFailed,
                                    message: error?.message ?? "\(failure)")
            }
        }
        guard let running else {
            await queue.finish(key, outcome: outcome)
            return
        }
        // Timed out or abandoned: the worker is free now; the key stays in flight until the
        // cancelled reconcile has really returned (one reconcile per object at a time).
        let queue = self.queue
        Task {
            await running.value
            await queue.finish(key, outcome: outcome)
        }
    }

    /// Ready=False (and Stalled/Reconciling from the one summary rule) saying the deadline
    /// passed, written on the object as the cache last saw it (with the reconcile's own progress).
    func reportTimeout(_ key: ObjectKey, _ error: ReconcileError) async {
        guard let current = cache.get(key) else { return }
        do {
            _ = try await client.patchStatus(of: current, to: StatusDraft(current).finish(.failed(error)))
        } catch {
            logger.warning("cannot write the timed-out status", metadata: [
                "kind": .string(kind.kind), "name": .string(key.name), "namespace": .string(key.namespace), "error": .string("\(error)"),
            ])
        }
    }

    enum Race: Sendable {
        case finished(Result<ReconcileResult, any Error>)
        case timedOut
        /// The worker was cancelled (shutdown after the grace period).
        case abandoned
    }

    /// Runs `body` in a task of its own and waits for it, for `limit`, or for the caller's
    /// cancellation, whichever comes first. On a deadline or cancellation the task is cancelled
    /// and returned (still running, maybe forever) instead of awaited.
    static func race(_ limit: Duration, _ body: @escaping @Sendable () async throws -> ReconcileResult)
        async -> (Race, Task<Void, Never>?) {
        let first = FirstOf<Race>()
        let task = Task {
            do {
                first.resolve(.finished(.success(try await body())))
            } catch {
                first.resolve(.finished(.failure(error)))
            }
        }
        let limit = min(limit, ControllerOptions.maximumDelay)
        let timer = Task {
            try? await Task.sleep(for: limit)
            if !Task.isCancelled { first.resolve(.timedOut) }
        }
        let race = await withTaskCancellationHandler {
            await first.value()
        } onCancel: {
            first.resolve(.abandoned)
        }
        timer.cancel()
        if case .finished = race { return (race, nil) }
        task.cancel()
        return (race, task)
    }

    static func seconds(_ d: Duration) -> String {
        let ms = Int((d / .milliseconds(1)).rounded())
        return "\(ms / 1000).\(String(1000 + ms % 1000).dropFirst())s"
    }
}

/// The first of several values offered from several tasks; later ones are dropped.
final class FirstOf<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiter: CheckedContinuation<Value, Never>?
    }
    private let state = Mutex(State())

    func resolve(_ value: Value) {
        let waiter: CheckedContinuation<Value, Never>? = state.withLock { s in
            guard s.value == nil else { return nil }
            s.value = value
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: value)
    }

    /// Waits for the first value (once: one waiter).
    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let ready: Value? = state.withLock { s in
                if let value = s.value { return value }
                s.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
