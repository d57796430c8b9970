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
