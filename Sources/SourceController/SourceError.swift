import ControllerRuntime
import FerryAPI

/// A failed reconcile step, with what it means for the object and for the work queue.
///
/// `conditionType` is the negative-polarity condition the step sets (FetchFailed, …) — or
/// SourceVerified=False for verification — and `reason` becomes Ready's reason too.
public struct SourceError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the work queue does next: the runtime's own kinds (stalled, waiting, transient).
    public typealias Disposition = ReconcileError.Kind

    public var disposition: Disposition
    public var conditionType: String
    public var reason: String
    public var message: String

    public init(_ disposition: Disposition, _ conditionType: String, reason: String, message: String) {
        self.disposition = disposition
        self.conditionType = conditionType
        self.reason = reason
        self.message = message
    }

    public var description: String { message }

    /// The same failure as the controller runtime takes it.
    public var reconcileError: ReconcileError { ReconcileError(disposition, reason: reason, message: message) }

    /// The FetchFailed error for a git failure.
    static func fetch(_ error: GitError, prefix: String) -> SourceError {
        switch error.kind {
        case .invalidURL:
            return SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.urlInvalid, message: error.message)
        case .authenticationFailed, .unknownHostKey:
            return SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.authenticationFailed,
                               message: "\(prefix): \(error.message)")
        case .emptyRepository:
            return SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.emptyGitRepository, message: error.message)
        default:
            return SourceError(.transient, SourceCondition.fetchFailed, reason: SourceReason.gitOperationFailed,
                               message: "\(prefix): \(error.message)")
        }
    }
}

/// What the reconciler needs from the cluster, kept small so it can be tested without one.
public protocol SecretReader: Sendable {
    /// The decoded `data` (and `stringData`) of Secret `namespace/name`. Throws when it cannot be read;
    /// the error's description must not contain secret values.
    func secretData(namespace: String, name: String) async throws -> [String: [UInt8]]
}

/// Reads other GitRepositories' artifacts, for `spec.include`.
public protocol GitRepositoryArtifactReader: Sendable {
    /// `status.artifact` of GitRepository `namespace/name`: nil when it has none; throws when the object does not exist.
    func artifact(ofGitRepository name: String, namespace: String) async throws -> Artifact?
}
