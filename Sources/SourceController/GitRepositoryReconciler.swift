import FerryAPI
import Foundation
import Manifests

/// Produces GitRepository artifacts. The runtime calls `reconcile(object:)` with the object as read
/// from the API server, patches the returned status, records the events, and requeues per `outcome`.
///
/// A reconcile is a fixed sequence of steps (see `GitRepositoryReconciler+Steps.swift`), each a
/// documented state transition; the first failing step stops the sequence. The conditions
/// Ready/Reconciling/Stalled are computed once at the end by `summarize`. Whatever fails, the last
/// good artifact stays in the status and in storage.
public struct GitRepositoryReconciler: Sendable {
    public var storage: ArtifactStorage
    public var driver: GitDriver
    public var verifier: SignatureVerifier
    public var secrets: any SecretReader
    public var includes: any GitRepositoryArtifactReader
    /// Parent of the per-object working directories (each removed after its reconcile).
    public var workDirectory: String
    /// Largest file an artifact may contain.
    public var maxFileSize: Int64
    /// How long to wait for an include that has no artifact yet (Flux's `--requeue-dependency`).
    public var requeueDependency: Duration
    public var now: @Sendable () -> Date
    /// Called once a reconcile knows it will build a new artifact, with the status to show meanwhile
    /// (Reconciling=True/Progressing, Ready=Unknown), as Flux patches it before a long fetch.
    public var progress: (@Sendable (GitRepositoryStatus) async -> Void)?

    public init(storage: ArtifactStorage, driver: GitDriver = GitDriver(), verifier: SignatureVerifier = SignatureVerifier(),
                secrets: any SecretReader, includes: any GitRepositoryArtifactReader, workDirectory: String = NSTemporaryDirectory(),
                maxFileSize: Int64 = Archiver.defaultMaxFileSize, requeueDependency: Duration = .seconds(30),
                now: @escaping @Sendable () -> Date = { Date() }, progress: (@Sendable (GitRepositoryStatus) async -> Void)? = nil) {
        self.storage = storage
        self.driver = driver
        self.verifier = verifier
        self.secrets = secrets
        self.includes = includes
        self.workDirectory = workDirectory
        self.maxFileSize = maxFileSize
        self.requeueDependency = requeueDependency
        self.now = now
        self.progress = progress
    }

    public enum Outcome: Equatable, Sendable {
        /// A new artifact was stored; check again after the interval.
        case stored(requeueAfter: Duration)
        /// The remote revision and the content configuration are unchanged; nothing was fetched.
        case upToDate(requeueAfter: Duration)
        /// `spec.suspend` is true; nothing was done.
        case suspended
        /// The object is being deleted and its artifacts are gone; the runtime may drop its finalizer.
        case deleted
        /// A step failed; `error.disposition` says whether and when to retry.
        case failed(SourceError)
    }

    public struct Result: Sendable {
        /// The whole status to write (an idle reconcile returns the status it was given).
        public var status: GitRepositoryStatus
        public var outcome: Outcome
        /// Events besides the outcome (NewArtifact, a failed garbage collection). A failure's own
        /// event is the runtime's to record from `outcome` (Warning, or Normal while waiting), once.
        public var events: [SourceEvent]
        /// The revision the status now points at (for the runtime's one log line).
        public var revision: String? { status.artifact?.revision }
    }

    /// Reconciles one GitRepository object (a JSON value as read from the API server).
    public func reconcile(object: JSONValue) async -> Result {
        let repository: GitRepository
        do {
            repository = try GitRepository(json: object)
        } catch {
            let previous = (object["status"].flatMap { try? GitRepositoryStatus(json: $0) }) ?? GitRepositoryStatus()
            let err = SourceError(.stalled, SourceCondition.fetchFailed, reason: SourceReason.invalidSpec, message: "invalid GitRepository: \(error)")
            var state = GitReconcileState(repository: GitRepository(metadata: ObjectMetadata(name: ""), spec: GitRepositorySpec(url: ""),
                                                                 status: previous), now: now())
            return finish(&state, .failed(err))
        }
        return await reconcile(repository)
    }

    /// Reconciles a decoded GitRepository.
    public func reconcile(_ repository: GitRepository) async -> Result {
        var state = GitReconcileState(repository: repository, now: now())
        if repository.metadata.deletionTimestamp != nil {
            do {
                try delete(namespace: state.namespace, name: state.name)
            } catch {
                let err = SourceError(.transient, SourceCondition.storageOperationFailed, reason: SourceReason.garbageCollectionFailed,
                                      message: "garbage collection for deleted resource failed: \(error)")
                return Result(status: state.status, outcome: .failed(err), events: [])
            }
            var status = state.status
            status.artifact = nil
            return Result(status: status, outcome: .deleted, events: [])
        }
        if repository.spec.suspend == true {
            return Result(status: repository.status ?? GitRepositoryStatus(), outcome: .suspended, events: [])
        }
        defer { state.cleanUp() }
        let steps: [(inout GitReconcileState) async -> StepResult] = [
            checkSpec, checkStorage, checkRef, fetch, verify, include, archive, store, collectGarbage,
        ]
        for step in steps {
            switch await step(&state) {
            case .next: continue
            case .done(let outcome): return finish(&state, outcome)
            }
        }
        return finish(&state, .stored(requeueAfter: state.interval))
    }

    /// Removes every artifact of a deleted GitRepository.
    public func delete(namespace: String, name: String) throws {
        try storage.removeAll(directory: ArtifactStorage.directory(kind: GitRepository.kind, namespace: namespace, name: name))
    }

    private func finish(_ state: inout GitReconcileState, _ outcome: Outcome) -> Result {
        state.status.conditions = Self.summarize(state.conditions, outcome: outcome, artifact: state.status.artifact).sorted
        if case .failed(let error) = outcome {
            if error.disposition == .stalled { state.status.observedGeneration = state.repository.metadata.generation }
        } else {
            state.status.observedGeneration = state.repository.metadata.generation
        }
        if let requested = state.repository.metadata.annotations?["reconcile.fluxcd.io/requestedAt"] {
            state.status.lastHandledReconcileAt = requested
        }
        return Result(status: state.status, outcome: outcome, events: state.events)
    }
}
