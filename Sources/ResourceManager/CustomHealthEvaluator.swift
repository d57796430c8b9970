import Manifests

/// Health verdicts for kinds kstatus does not know, supplied by the caller: the hook behind
/// Flux's `healthCheckExprs` (CEL `inProgress`, `failed`, `current` per group and kind). The
/// Kustomization controller implements it with its CEL module; ResourceManager only asks it,
/// so it needs no expression language of its own.
public protocol CustomHealthEvaluator: Sendable {
    /// The health of a live object, or nil when no custom rule covers its kind (kstatus then
    /// decides). Throwing fails this object's health check with the error's description as
    /// the message (an expression that cannot be evaluated against this object): it counts
    /// as Failed, so a fail-fast wait stops on it.
    func health(of object: JSONValue) throws -> HealthStatus?
}
