import Manifests

/// When a watch event means the object needs a reconcile: the decisions of controller-runtime's
/// `GenerationChangedPredicate` + Flux's `ReconcileRequestedPredicate`, as pure functions.
///
/// Status-only updates are deliberately ignored: the controller's own status patch would
/// otherwise trigger the next reconcile, forever.
public enum EnqueuePolicy {
    /// `reconcile.fluxcd.io/requestedAt`: set by `flux reconcile` to ask for a reconcile now.
    public static let requestedAtAnnotation = "reconcile.fluxcd.io/requestedAt"

    /// Whether `new` (after `old`, `nil` on first sight) should be reconciled.
    public static func shouldEnqueue(old: JSONValue?, new: JSONValue) -> Bool {
        guard let old else { return true }
        if old.annotations[requestedAtAnnotation] != new.annotations[requestedAtAnnotation] { return true }
        let wasDeleting = old[path: "metadata", "deletionTimestamp"] != nil
        let isDeleting = new[path: "metadata", "deletionTimestamp"] != nil
        if isDeleting && !wasDeleting { return true }
        switch (old.generation, new.generation) {
        case let (before?, after?):
            return before != after
        case (nil, nil):
            // Kinds without a generation (ConfigMaps, Secrets): any change outside status and
            // server bookkeeping counts.
            return specPart(of: old) != specPart(of: new)
        default:
            return true
        }
    }

    /// The object without status and without the metadata the server rewrites on every write.
    static func specPart(of object: JSONValue) -> JSONValue {
        var copy = object
        copy["status"] = nil
        for key in ["resourceVersion", "managedFields", "generation"] {
            copy[path: "metadata", key] = nil
        }
        return copy
    }
}
