import Manifests

/// What a controller runs for each object that needs it.
///
/// The controller guarantees that `reconcile` never runs twice at once for the same object,
/// hands it the object as last seen by the watch (so possibly a moment old), and turns the
/// result or thrown ``ReconcileError`` into the next turn: `requeueAfter` (jittered), backoff,
/// a delay, or nothing until the object changes. Any other error counts as transient.
/// Cancellation means the process is shutting down: return or throw promptly.
public protocol Reconciler: Sendable {
    func reconcile(_ object: JSONValue) async throws -> ReconcileResult

    /// The object is gone from the API server (after its finalizers, if any, were removed).
    /// Default: nothing.
    func objectDeleted(_ key: ObjectKey) async
}

extension Reconciler {
    public func objectDeleted(_ key: ObjectKey) async {}
}
