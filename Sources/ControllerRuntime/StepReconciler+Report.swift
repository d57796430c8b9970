import FerryAPI
import Manifests

/// What one turn of a ``StepReconciler`` decided, as a value: the runtime carries it out
/// (``StepReconcilerRuntime``), tests read it.
public struct ReconcileReport: Sendable {
    public enum Finalizer: Sendable, Equatable {
        /// Leave `metadata.finalizers` as it is.
        case keep
        /// The object is being deleted and its finalizer work is done: remove ours.
        case remove
    }

    /// The whole status to write, or nil to write nothing (suspended, deleting, cancelled).
    public var status: JSONValue?
    /// Success (and when to come back) or the error that ended the reconcile.
    public var outcome: Result<ReconcileResult, ReconcileError>
    /// Events besides the failure's own (which the controller records from `outcome`).
    public var events: [EventDraft]
    public var finalizer: Finalizer = .keep

    public init(status: JSONValue?, outcome: Result<ReconcileResult, ReconcileError>, events: [EventDraft] = [],
                finalizer: Finalizer = .keep) {
        self.status = status
        self.outcome = outcome
        self.events = events
        self.finalizer = finalizer
    }

    /// The error, when the reconcile failed.
    public var error: ReconcileError? {
        if case .failure(let error) = outcome { return error }
        return nil
    }

    /// A condition of the status to write.
    public func condition(_ type: String) -> Condition? {
        status.map { Conditions(json: $0["conditions"])[type] } ?? nil
    }
}

extension StepReconciler {
    /// One turn for `object` (as read from the API server) without writing anything: decoding,
    /// deletion, suspension and the steps, turned into a report. Progress goes to `progress` as
    /// it happens. Throws only `CancellationError` (shutdown or a passed deadline: write nothing).
    public func report(for object: JSONValue, progress: ProgressSink = .discard, now: @Sendable () -> Timestamp = { .now })
        async throws -> ReconcileReport {
        let typed: Object
        do {
            typed = try decode(object)
        } catch {
            let kind = object.kind ?? "object"
            let failure = ReconcileError.stalled(reason: ConditionReason.invalidSpec, "invalid \(kind): \(error)")
            return ReconcileReport(status: StatusDraft(object, negativePolarity: negativePolarity).finish(.failed(failure), now: now()),
                                   outcome: .failure(failure))
        }
        if object[path: "metadata", "deletionTimestamp"] != nil {
            guard Finalizers.has(Finalizers.flux, in: object) else { return ReconcileReport(status: nil, outcome: .success(.done)) }
            do {
                let events = try await finalize(typed, json: object)
                return ReconcileReport(status: nil, outcome: .success(.done), events: events, finalizer: .remove)
            } catch {
                if Task.isCancelled { throw CancellationError() }
                return ReconcileReport(status: nil, outcome: .failure(error))
            }
        }
        if isSuspended(typed) { return ReconcileReport(status: nil, outcome: .success(.done)) }
        var run: Run
        do {
            run = try start(typed, json: object)
        } catch {
            return ReconcileReport(status: StatusDraft(object, negativePolarity: negativePolarity).finish(.failed(error), now: now()),
                                   outcome: .failure(error))
        }
        run.progressSink = progress
        defer { cleanUp(run) }
        let state: ReconcileState
        var success: ReconcileSuccess?
        do {
            for step in steps where try await step.run(self, &run) == .finished { break }
            let done = succeeded(run)
            success = done
            state = .succeeded(reason: done.reason, message: done.message)
        } catch {
            // Cancelled (deadline or shutdown): a step's failure is only the cancellation's echo,
            // and the controller reports a passed deadline itself.
            if Task.isCancelled { throw CancellationError() }
            state = .failed(error as? ReconcileError ?? failure(from: error, run))
        }
        finishing(&run, state: state)
        var draft = run.draft
        draft.negativePolarity = negativePolarity
        let status = draft.finish(state, now: now())
        switch state {
        case .failed(let error):
            return ReconcileReport(status: status, outcome: .failure(error), events: run.events)
        default:
            let result = ReconcileResult(requeueAfter: success?.requeueAfter, revision: success?.revision)
            return ReconcileReport(status: status, outcome: .success(result), events: run.events)
        }
    }
}
