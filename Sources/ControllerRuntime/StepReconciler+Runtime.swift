import KubernetesClient
import Manifests
import Synchronization

/// Runs a ``StepReconciler`` in a ``Controller``: the only place a kind's status is written,
/// its events recorded and its finalizer moved.
///
/// Each turn: add the finalizer when missing (not while deleting), compute the
/// ``ReconcileReport`` — progress written as it comes, each write based on the last — then
/// write the final status once (a merge patch of the differences only, so an idle turn writes
/// nothing), record the report's events, remove the finalizer when the report says so, and
/// return the next turn or throw the failure for the controller to requeue, log and record.
public struct StepReconcilerRuntime<R: StepReconciler>: Reconciler {
    public let reconciler: R
    public let client: KubernetesClient
    public let events: EventRecorder?
    let deadlines: (@Sendable (JSONValue) -> ReconcileDeadline?)?
    let deleted: (@Sendable (ObjectKey) async -> Void)?

    /// - Parameters:
    ///   - deadline: the bound of one reconcile of an object (``Reconciler/deadline(for:)``).
    ///   - objectDeleted: forget what is kept per object once it is gone.
    public init(_ reconciler: R, client: KubernetesClient, events: EventRecorder?,
                deadline: (@Sendable (JSONValue) -> ReconcileDeadline?)? = nil,
                objectDeleted: (@Sendable (ObjectKey) async -> Void)? = nil) {
        self.reconciler = reconciler
        self.client = client
        self.events = events
        self.deadlines = deadline
        self.deleted = objectDeleted
    }

    public func deadline(for object: JSONValue) -> ReconcileDeadline? { deadlines?(object) }

    public func objectDeleted(_ key: ObjectKey) async { await deleted?(key) }

    public func reconcile(_ object: JSONValue) async throws -> ReconcileResult {
        let deleting = object[path: "metadata", "deletionTimestamp"] != nil
        var current = object
        if !deleting && !Finalizers.has(Finalizers.flux, in: object) && (try? reconciler.decode(object)) != nil {
            current = try await client.addFinalizer(Finalizers.flux, to: object)
        }
        let written = Mutex(current)
        let client = self.client
        let progress = ProgressSink { status in
            let base = written.withLock { $0 }
            let answer = try await client.patchStatus(of: base, to: status)
            written.withLock { $0 = answer }
        }
        let report = try await reconciler.report(for: current, progress: progress)
        if let status = report.status {
            _ = try await client.patchStatus(of: written.withLock { $0 }, to: status)
        }
        for event in report.events {
            await events?.record(current, type: event.type, reason: event.reason, message: event.message)
        }
        if report.finalizer == .remove {
            _ = try await client.removeFinalizer(Finalizers.flux, from: current)
            if let key = ObjectKey(current) { await objectDeleted(key) }
        }
        return try report.outcome.get()
    }
}
