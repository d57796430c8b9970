import Manifests

/// The per-object apply-control annotations of kustomize-controller ("Controlling the apply
/// behavior"). Flux matches them in labels as well as annotations, and compares values
/// case-insensitively (`utils.AnyInMetadata`), so `ssa: ignore` and `ssa: Ignore` agree.
public enum FluxAnnotation {
    public static let group = "kustomize.toolkit.fluxcd.io"
    /// `Override` (default) | `Merge` | `IfNotPresent` | `Ignore`.
    public static let ssa = "\(group)/ssa"
    /// `Enabled`: recreate the object when an immutable field changes.
    public static let force = "\(group)/force"
    /// `Disabled`: never garbage-collect the object.
    public static let prune = "\(group)/prune"
    /// `Disabled`: neither apply nor prune the object.
    public static let reconcile = "\(group)/reconcile"
    /// `Disabled`: leave `${var}` in the object alone during postBuild substitution.
    public static let substitute = "\(group)/substitute"

    /// Whether `key` holds `value` (case-insensitive, non-empty) in the labels or the
    /// annotations of `object`.
    public static func matches(_ object: JSONValue, _ key: String, _ value: String) -> Bool {
        for section in ["labels", "annotations"] {
            if let found = object[path: "metadata", section, key]?.stringValue, !found.isEmpty,
               found.lowercased() == value.lowercased()
            {
                return true
            }
        }
        return false
    }
}

/// What the apply step does with one desired object, decided before any request is sent.
///
/// Mirrors `shouldSkipApply`/`shouldForceApply`/`cleanupMetadata` in `fluxcd/pkg/ssa` with the
/// selectors kustomize-controller passes: an opt-out on either the desired or the live copy
/// wins, because a user who annotates the live object with `reconcile: disabled` expects Flux
/// to stop touching it even though Git still has it.
public struct ApplyPolicy: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        /// Dry-run, compare, and apply when drifted or new.
        case apply
        /// `ssa: IfNotPresent` and the object does not exist yet: create it, never update.
        case createOnly
        /// Not applied; reported as `skipped` and left out of health checks.
        case skip(SkipReason)
    }

    public enum SkipReason: String, Equatable, Sendable {
        /// `reconcile: disabled` on the desired or the live object.
        case reconcileDisabled
        /// `ssa: Ignore` on the desired or the live object.
        case ssaIgnore
        /// `ssa: IfNotPresent` and the object already exists.
        case alreadyExists
    }

    public var action: Action
    /// Delete and re-create when the dry-run reports an immutable-field change: the
    /// Kustomization's `spec.force`, or `force: enabled` on the desired or live object.
    public var recreateOnImmutableChange: Bool
    /// Take over fields owned by kubectl and friends before applying (see ``FieldManagerTakeover``);
    /// off for `ssa: Merge`, whose point is to keep other managers' fields.
    public var takeOverFields: Bool

    public init(action: Action, recreateOnImmutableChange: Bool, takeOverFields: Bool) {
        self.action = action
        self.recreateOnImmutableChange = recreateOnImmutableChange
        self.takeOverFields = takeOverFields
    }

    /// Decides for `desired`, given the `live` object (`nil` when the GET said NotFound) and
    /// the Kustomization's `spec.force`.
    public static func decide(desired: JSONValue, live: JSONValue?, force: Bool = false) -> ApplyPolicy {
        let either = { (key: String, value: String) -> Bool in
            FluxAnnotation.matches(desired, key, value) || live.map { FluxAnnotation.matches($0, key, value) } == true
        }
        let recreate = force || either(FluxAnnotation.force, "Enabled")
        let takeOver = !either(FluxAnnotation.ssa, "Merge")
        let action: Action
        if either(FluxAnnotation.reconcile, "Disabled") {
            action = .skip(.reconcileDisabled)
        } else if either(FluxAnnotation.ssa, "Ignore") {
            action = .skip(.ssaIgnore)
        } else if FluxAnnotation.matches(desired, FluxAnnotation.ssa, "IfNotPresent") {
            action = live == nil ? .createOnly : .skip(.alreadyExists)
        } else {
            action = .apply
        }
        return ApplyPolicy(action: action, recreateOnImmutableChange: recreate, takeOverFields: takeOver)
    }
}
