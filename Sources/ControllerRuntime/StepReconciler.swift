import FerryAPI
import Manifests

/// The one shape every Ferry controller has: a typed object in, ordered steps as data, a
/// ``ReconcileReport`` (status, outcome, events) out. The runtime alone writes status, records
/// events, moves finalizers, logs and requeues (``StepReconcilerRuntime``); a kind writes none
/// of that itself, so its steps can be run and checked without a cluster (``StepReconciler/report(for:progress:)``).
///
/// A turn, for every kind (Flux's `Reconcile` in source- and kustomize-controller):
/// 1. decode the object; an object that cannot be read stalls with `InvalidSpec`;
/// 2. being deleted: ``finalize(_:)`` and, when it succeeds, the finalizer is removed;
/// 3. the finalizer is added when missing (before anything else, so a delete cannot race it);
/// 4. `spec.suspend`: nothing more, no status written;
/// 5. ``start(_:json:)`` reads the spec's settings (a bad value stalls with `InvalidSpec`);
/// 6. the ``steps`` in order — each continues, finishes the reconcile early with success, or
///    throws a ``ReconcileError`` (any other error is a transient `ReconciliationFailed`);
/// 7. Ready/Reconciling/Stalled are summarised once (``Conditions/summarize(_:generation:negativePolarity:now:)``),
///    ``finishing(_:state:)`` adds what depends on the end state, and the status is written once.
///
/// Progress: a step that starts slow work on something new calls ``ReconcileRun/reportProgress(_:)``,
/// which writes Reconciling=True/Progressing and Ready=Unknown at once, as Flux does before a fetch.
public protocol StepReconciler: Sendable {
    /// The decoded object (`GitRepository`, `Kustomization`).
    associatedtype Object: Sendable
    /// What one reconcile has learned so far; each step reads and extends it.
    associatedtype Run: ReconcileRun

    /// Reads the object as the API server returns it. A thrown error stalls it with
    /// `InvalidSpec` ("invalid <Kind>: …").
    func decode(_ object: JSONValue) throws -> Object

    /// `spec.suspend`.
    func isSuspended(_ object: Object) -> Bool

    /// The run the steps work on, starting from the object's status (`json` is the object as
    /// read). Throws (`InvalidSpec`, stalled) when a spec value cannot be used.
    func start(_ object: Object, json: JSONValue) throws(ReconcileError) -> Run

    /// The steps, in order.
    var steps: [ReconcileStep<Self>] { get }

    /// Ready's reason and message, and when to come back, after every step passed.
    func succeeded(_ run: Run) -> ReconcileSuccess

    /// Called once with the end state before the status is written (history, observed fields).
    func finishing(_ run: inout Run, state: ReconcileState)

    /// Releases what the run holds (working directories), whatever happened.
    func cleanUp(_ run: Run)

    /// The object is being deleted and still carries the finalizer: carry out its deletion
    /// policy. Returns the events to record; throws to keep the finalizer and retry.
    func finalize(_ object: Object, json: JSONValue) async throws(ReconcileError) -> [EventDraft]

    /// Abnormal-true conditions of this kind that keep Ready False while True.
    var negativePolarity: [String] { get }

    /// The failure a step's unexpected error (not a ``ReconcileError``) stands for. Default: a
    /// transient `ReconciliationFailed` (retried with backoff).
    func failure(from error: any Error, _ run: Run) -> ReconcileError
}

extension StepReconciler {
    public func isSuspended(_ object: Object) -> Bool { false }
    public func finishing(_ run: inout Run, state: ReconcileState) {}
    public func cleanUp(_ run: Run) {}
    public var negativePolarity: [String] { [] }
    public func failure(from error: any Error, _ run: Run) -> ReconcileError {
        .transient(reason: ConditionReason.reconciliationFailed, "\(error)")
    }
}

/// One named step. `run` continues (``StepOutcome/next``), ends the reconcile successfully
/// (``StepOutcome/finished``), or throws a ``ReconcileError`` that ends it failed.
public struct ReconcileStep<R: StepReconciler>: Sendable {
    public let name: String
    public let run: @Sendable (R, inout R.Run) async throws -> StepOutcome

    public init(_ name: String, _ run: @escaping @Sendable (R, inout R.Run) async throws -> StepOutcome) {
        self.name = name
        self.run = run
    }
}

public enum StepOutcome: Sendable, Equatable {
    case next
    /// Nothing more to do this time (the artifact is up to date): success.
    case finished
}

/// Ready=True's reason and message, and the next turn.
public struct ReconcileSuccess: Sendable, Equatable {
    public var reason: String
    public var message: String
    public var requeueAfter: Duration?
    /// For the controller's log line.
    public var revision: String?

    public init(reason: String = ConditionReason.succeeded, message: String, requeueAfter: Duration?, revision: String? = nil) {
        self.reason = reason
        self.message = message
        self.requeueAfter = requeueAfter
        self.revision = revision
    }
}

/// An event a reconcile asks the runtime to record about its object.
public struct EventDraft: Sendable, Hashable {
    public var type: EventRecorder.EventType
    public var reason: String
    /// Shown to users: never a secret.
    public var message: String

    public init(_ type: EventRecorder.EventType, reason: String, message: String) {
        self.type = type
        self.reason = reason
        self.message = message
    }
}

/// Where a step's progress goes: the runtime writes it as the object's status at once; tests
/// keep it.
public struct ProgressSink: Sendable {
    let write: @Sendable (JSONValue) async throws -> Void

    public init(_ write: @escaping @Sendable (JSONValue) async throws -> Void) {
        self.write = write
    }

    /// Progress goes nowhere.
    public static let discard = ProgressSink { _ in }
}

/// The state of one reconcile that the runtime needs from every kind: the status being built
/// and the events to record. Kinds add their own fields (settings, typed status, revision,
/// working directory).
public protocol ReconcileRun: Sendable {
    /// The object as the reconcile started with it.
    var object: JSONValue { get }
    /// The conditions being built. Ready, Reconciling and Stalled are the runtime's, summarised
    /// at the end; the kind sets its own (`ArtifactInStorage`, `Healthy`…).
    var conditions: Conditions { get set }
    /// The kind's status fields as they stand (its typed status, encoded); `conditions`,
    /// `observedGeneration` and `lastHandledReconcileAt` are the runtime's to fill in.
    var statusFields: JSONValue { get }
    var events: [EventDraft] { get set }
    /// Set by the runtime before the first step.
    var progressSink: ProgressSink { get set }
}

extension ReconcileRun {
    /// The status so far, ready to be finished in an end state.
    public var draft: StatusDraft {
        var draft = StatusDraft(object)
        draft.fields = statusFields
        draft.conditions = conditions
        return draft
    }

    /// Writes Reconciling=True/Progressing and Ready=Unknown with `message` now (with every
    /// field the steps have set so far), so `kubectl get` shows the object is busy. The run's
    /// conditions keep it, so a failure later keeps the message (as ProgressingWithRetry).
    public mutating func reportProgress(_ message: String) async throws {
        conditions.summarize(.inProgress(message: message), generation: object.generation)
        try await progressSink.write(draft.finish(.inProgress(message: message)))
    }
}
