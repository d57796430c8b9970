import FerryAPI
import KubernetesClient
import Manifests

/// The status a reconcile is building, finished in one place and written once.
///
/// Steps fill in kind-specific fields (`artifact`, `inventory`, `lastAppliedRevision`…) and
/// kind-specific conditions (`ArtifactInStorage`, `FetchFailed`…); ``finish(_:now:)`` then applies
/// Flux's end-of-reconcile rules, the same for every kind:
/// - Ready/Reconciling/Stalled from ``Conditions/summarize(_:generation:negativePolarity:now:)``;
/// - `observedGeneration` moves to the object's generation only when the reconcile succeeded or
///   stalled (a transient failure has not really observed the new spec yet);
/// - `lastHandledReconcileAt` echoes the `reconcile.fluxcd.io/requestedAt` annotation.
public struct StatusDraft: Sendable {
    /// The object as the reconcile started with it.
    public let object: JSONValue
    public var conditions: Conditions
    /// The whole status apart from what ``finish(_:now:)`` fills in.
    public var fields: JSONValue
    /// Kind-specific abnormal-true conditions that keep Ready False while True.
    public var negativePolarity: [String]
    /// Ready's reason and message on success (`Succeeded`, "stored artifact for revision …").
    public var successReason = ConditionReason.succeeded
    public var successMessage = "Reconciliation succeeded"

    public init(_ object: JSONValue, negativePolarity: [String] = []) {
        self.object = object
        conditions = Conditions(of: object)
        fields = object["status"] ?? [:]
        self.negativePolarity = negativePolarity
    }

    /// The status to write after a reconcile that ended in `state`.
    public func finish(_ state: ReconcileState, now: Timestamp = .now) -> JSONValue {
        var conditions = self.conditions
        conditions.summarize(state, generation: object.generation, negativePolarity: negativePolarity, now: now)
        var status = fields
        status["conditions"] = conditions.json
        let observed: Bool
        switch state {
        case .succeeded: observed = true
        case .failed(let error): observed = error.kind == .stalled
        case .inProgress: observed = false
        }
        if observed, let generation = object.generation { status["observedGeneration"] = .int(generation) }
        if let requested = StatusPatch.lastHandledReconcileAt(object) { status["lastHandledReconcileAt"] = .string(requested) }
        return status
    }
}

extension KubernetesClient {
    /// Runs a reconcile's steps against a ``StatusDraft`` and writes the finished status once,
    /// whatever happens: the usual body of a ``Reconciler``.
    ///
    /// A thrown ``ReconcileError`` is summarised into the conditions, written, and rethrown for the
    /// controller to retry (or not); any other error is treated as transient with reason
    /// `ReconciliationFailed`. Cancellation (shutdown) writes nothing.
    public func reconcileStatus(of object: JSONValue, negativePolarity: [String] = [],
                                _ steps: (inout StatusDraft) async throws -> ReconcileResult) async throws -> ReconcileResult {
        var draft = StatusDraft(object, negativePolarity: negativePolarity)
        do {
            let result = try await steps(&draft)
            try await patchStatus(of: object, to: draft.finish(.succeeded(reason: draft.successReason, message: draft.successMessage)))
            return result
        } catch let error as ReconcileError {
            try await patchStatus(of: object, to: draft.finish(.failed(error)))
            throw error
        } catch {
            if error is CancellationError || Task.isCancelled { throw error }
            let wrapped = ReconcileError.transient(reason: ConditionReason.reconciliationFailed, "\(error)")
            try await patchStatus(of: object, to: draft.finish(.failed(wrapped)))
            throw wrapped
        }
    }
}
