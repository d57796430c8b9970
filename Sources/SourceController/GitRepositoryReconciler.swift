import ControllerRuntime
import FerryAPI
import Foundation
import Manifests

/// Produces GitRepository artifacts, in the runtime's one reconciler shape (``StepReconciler``):
/// the steps of `GitRepositoryReconciler+Steps.swift` run in order on a ``GitReconcileState``,
/// the first failure stops them, and the runtime summarises, writes the status once, records
/// the events and requeues. Whatever fails, the last good artifact stays in the status and in
/// storage.
public struct GitRepositoryReconciler: StepReconciler {
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
    /// GitHub App installation tokens (`provider: github`), cached until shortly before expiry.
    public var gitHubApps: GitHubAppTokenSource = .shared

    public init(storage: ArtifactStorage, driver: GitDriver = GitDriver(), verifier: SignatureVerifier = SignatureVerifier(),
                secrets: any SecretReader, includes: any GitRepositoryArtifactReader, workDirectory: String = NSTemporaryDirectory(),
                maxFileSize: Int64 = Archiver.defaultMaxFileSize, requeueDependency: Duration = .seconds(30),
                now: @escaping @Sendable () -> Date = { Date() }) {
        self.storage = storage
        self.driver = driver
        self.verifier = verifier
        self.secrets = secrets
        self.includes = includes
        self.workDirectory = workDirectory
        self.maxFileSize = maxFileSize
        self.requeueDependency = requeueDependency
        self.now = now
    }

    /// The steps, as Flux's source-controller orders them.
    public var steps: [ReconcileStep<Self>] {
        [
            ReconcileStep("checkSpec") { try await $0.checkSpec(&$1) },
            ReconcileStep("checkStorage") { try await $0.checkStorage(&$1) },
            ReconcileStep("checkRef") { try await $0.checkRef(&$1) },
            ReconcileStep("fetch") { try await $0.fetch(&$1) },
            ReconcileStep("verify") { try await $0.verify(&$1) },
            ReconcileStep("include") { try await $0.include(&$1) },
            ReconcileStep("archive") { try await $0.archive(&$1) },
            ReconcileStep("store") { try await $0.store(&$1) },
            ReconcileStep("collectGarbage") { try await $0.collectGarbage(&$1) },
        ]
    }

    public func decode(_ object: JSONValue) throws -> GitRepository { try GitRepository(json: object) }

    public func isSuspended(_ repository: GitRepository) -> Bool { repository.spec.suspend == true }

    public func start(_ repository: GitRepository, json: JSONValue) throws(ReconcileError) -> GitReconcileState {
        GitReconcileState(repository: repository, object: json, now: now())
    }

    /// Ready=True/Succeeded "stored artifact for revision '…'", back after `spec.interval`.
    public func succeeded(_ s: GitReconcileState) -> ReconcileSuccess {
        let revision = s.status.artifact?.revision
        return ReconcileSuccess(reason: ConditionReason.succeeded, message: "stored artifact for revision '\(revision ?? "")'",
                                requeueAfter: s.interval, revision: revision)
    }

    public func cleanUp(_ s: GitReconcileState) { s.cleanUp() }

    /// Removes every artifact of the deleted object; a failure keeps the finalizer and retries.
    public func finalize(_ repository: GitRepository, json: JSONValue) async throws(ReconcileError) -> [EventDraft] {
        do {
            try delete(namespace: repository.metadata.namespace ?? "default", name: repository.metadata.name)
        } catch {
            throw ReconcileError.transient(reason: SourceReason.garbageCollectionFailed,
                                           "garbage collection for deleted resource failed: \(error)")
        }
        return []
    }

    /// Removes every artifact of a deleted GitRepository.
    public func delete(namespace: String, name: String) throws {
        try storage.removeAll(directory: ArtifactStorage.directory(kind: GitRepository.kind, namespace: namespace, name: name))
    }
}
