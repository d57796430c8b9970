import KubernetesClient
import Manifests

/// What the apply step does with one object, decided before anything is written.
enum ApplyStep: Sendable {
    /// Not applied (``ApplyPolicy`` said skip); `existing` says whether it goes in the inventory.
    case skip(existing: Bool)
    /// Nothing to write. `remember`: record the live state in the memory (a dry-run just
    /// showed no drift); false when the memory already matched.
    case unchanged(live: JSONValue, remember: Bool)
    case create
    /// Drifted, or kubectl-owned fields to take over first (`takeover`, a JSON patch).
    /// `payload`: what to send instead of the desired object when ignore rules reshaped it.
    case configure(live: JSONValue, takeover: JSONValue?, payload: JSONValue?)
    /// Immutable change with force: delete, wait until gone, apply.
    case recreate(live: JSONValue)
    /// The message names the object and the cause.
    case failed(String)
}

/// The pure part of Flux's `ApplyAll` for one object, in two halves around the dry-run
/// request: the IO step (``ResourceApplier``) asks ``beforeDryRun`` whether a dry-run is needed
/// at all, sends it if so, and hands the answer to ``afterDryRun``.
enum ApplyDecision {
    /// Skip, or `unchanged` straight from the memory, or nil: a dry-run is needed.
    /// The memory only counts when no takeover patch is due (a pending takeover is a change).
    ///
    /// An absent object is created without a dry-run unless `validateCreates`: the create
    /// validates it anyway, and the applier writes creates before it changes any existing
    /// object, so a rejected create still leaves everything live as it was (half the requests of
    /// a cold apply). `diff` validates, since it never writes.
    static func beforeDryRun(policy: ApplyPolicy, live: JSONValue?, takeover: JSONValue?, memoryMatches: Bool,
                             validateCreates: Bool = true) -> ApplyStep? {
        if case .skip = policy.action { return .skip(existing: live != nil) }
        if live == nil, !validateCreates { return .create }
        if let live, takeover == nil, memoryMatches { return .unchanged(live: live, remember: false) }
        return nil
    }

    /// From the dry-run's answer: an immutable-field rejection of an existing object is a
    /// re-create when the policy allows it and an explanatory failure otherwise; any other
    /// error fails with Flux's dry-run text; success is `create` (absent), `configure`
    /// (takeover due or drifted outside the ignored paths, with the payload ``DriftIgnore``
    /// reshapes) or `unchanged`. `isOurs` names the field managers that count as ours.
    static func afterDryRun(_ answer: Result<JSONValue, any Error>, object: ResolvedObject, live: JSONValue?,
                            policy: ApplyPolicy, takeover: JSONValue?,
                            isOurs: (String) -> Bool = { $0 == FieldManagerTakeover.defaultOwner }) -> ApplyStep {
        switch answer {
        case .failure(let error as APIError) where live != nil && APIErrorText.isImmutable(error):
            if policy.recreateOnImmutableChange, let live { return .recreate(live: live) }
            return .failed(APIErrorText.immutable(subject: object.subject, error: error, desired: object.object))
        case .failure(let error):
            return .failed(APIErrorText.dryRunFailure(subject: object.subject, error: error,
                                                      namespaced: object.mapping.namespaced, desired: object.object))
        case .success(let dryRun):
            guard let live else { return .create }
            if takeover != nil || Drift.hasDrifted(live: live, dryRun: dryRun, ignoring: object.ignored) {
                guard !object.ignored.isEmpty else { return .configure(live: live, takeover: takeover, payload: nil) }
                let actions = DriftIgnore.actions(pointers: object.ignored, live: live, dryRun: dryRun, isOurs: isOurs)
                // `Optional.none`, not `nil`: in a ternary with a JSONValue, `nil` would be `.null`.
                let reshaped = actions.allSatisfy { $0.1 == .keep }
                    ? Optional.none : DriftIgnore.payload(desired: object.object, actions: actions)
                return .configure(live: live, takeover: takeover, payload: reshaped)
            }
            return .unchanged(live: live, remember: true)
        }
    }
}
