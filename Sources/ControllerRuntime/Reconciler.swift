import Manifests

/// What a controller runs for each object that needs it.
///
/// The controller guarantees that `reconcile` never runs twice at once for the same object,
/// hands it the object as last seen by the watch (so possibly a moment old), and turns the
/// result or thrown ``ReconcileError`` into the next turn: `requeueAfter` (jittered), backoff,
/// a delay, or nothing until the object changes. Any other error counts as transient.
/// Cancellation means the process is shutting down or the reconcile's deadline passed: return
/// or throw promptly, and write no status (the controller reports a passed deadline itself).
/// Long loops should call `Task.checkCancellation()`.
public protocol Reconciler: Sendable {
    func reconcile(_ object: JSONValue) async throws -> ReconcileResult

    /// How long one reconcile of `object` may take in all (Flux's `GetTimeout` for
    /// Kustomizations). When it passes the reconcile is cancelled and abandoned, Ready says it
    /// timed out, and the worker moves on. Default: nil, the controller's
    /// ``ControllerOptions/reconcileTimeout``.
    func deadline(for object: JSONValue) -> ReconcileDeadline?

    /// The object is gone from the API server (after its finalizers, if any, were removed).
    /// Default: nothing.
    func objectDeleted(_ key: ObjectKey) async
}

extension Reconciler {
    public func objectDeleted(_ key: ObjectKey) async {}
    public func deadline(for object: JSONValue) -> ReconcileDeadline? { nil }
}

/// The overall bound of one reconcile and where it comes from, for the message that reports it.
public struct ReconcileDeadline: Sendable, Equatable {
    public var duration: Duration
    /// What set it, as users write it: `spec.timeout 1m0s + 30s`.
    public var origin: String

    public init(_ duration: Duration, origin: String) {
        self.duration = duration
        self.origin = origin
    }
}
