/// A reconcile failure that says what happens next. Reconcilers throw it; the controller turns
/// its kind into the work queue's next step, the summary into conditions, and the event
/// recorder into a Warning event.
///
/// `message` is shown to users (conditions, events, logs): the thrower must keep credentials
/// and other secrets out of it, and should name the object and the cause.
public struct ReconcileError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The user must change the object (invalid spec, missing secret key…): no retry
        /// until the object changes. Sets Stalled=True.
        case stalled
        /// Not ready yet (dependency not ready, source has no artifact): requeue after the
        /// delay, without backoff.
        case waiting(after: Duration)
        /// Something that may go away by itself (network, API server): retry with backoff.
        case transient
        /// Failed (a Warning, like `transient`), retried after a fixed delay instead of backoff:
        /// Flux's `spec.retryInterval` for Kustomizations.
        case retry(after: Duration)
    }

    public var kind: Kind
    /// A Flux condition reason in CamelCase (`BuildFailed`, `DependencyNotReady`…).
    public var reason: String
    public var message: String

    public init(_ kind: Kind, reason: String, message: String) {
        self.kind = kind
        self.reason = reason
        self.message = message
    }

    public static func stalled(reason: String, _ message: String) -> ReconcileError {
        ReconcileError(.stalled, reason: reason, message: message)
    }

    public static func waiting(after delay: Duration, reason: String, _ message: String) -> ReconcileError {
        ReconcileError(.waiting(after: delay), reason: reason, message: message)
    }

    public static func transient(reason: String, _ message: String) -> ReconcileError {
        ReconcileError(.transient, reason: reason, message: message)
    }

    public static func retry(after delay: Duration, reason: String, _ message: String) -> ReconcileError {
        ReconcileError(.retry(after: delay), reason: reason, message: message)
    }

    public var description: String { message }

    /// What the work queue does after this error.
    public var outcome: WorkQueue<ObjectKey>.Outcome {
        switch kind {
        case .stalled: return .stalled
        case .waiting(let after): return .waiting(after: after)
        case .transient: return .failed
        case .retry(let after): return .waiting(after: after)
        }
    }
}

/// What a successful reconcile asks for next.
public struct ReconcileResult: Sendable, Equatable {
    /// Reconcile again after this long (the object's `spec.interval`); jitter is added by the
    /// controller. `nil`: only when the object changes.
    public var requeueAfter: Duration?
    /// The source revision the object is at now, for the controller's log line.
    public var revision: String?

    public init(requeueAfter: Duration? = nil, revision: String? = nil) {
        self.requeueAfter = requeueAfter
        self.revision = revision
    }

    public static let done = ReconcileResult()
    public static func requeue(after interval: Duration, revision: String? = nil) -> ReconcileResult {
        ReconcileResult(requeueAfter: interval, revision: revision)
    }
}
