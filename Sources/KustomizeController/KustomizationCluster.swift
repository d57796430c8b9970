import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ResourceManager

/// A source's artifact as its status advertises it.
public struct SourceArtifact: Sendable, Equatable {
    public var url: String
    public var revision: String
    public var digest: String?
    /// The revision the artifact was built from upstream (`org.opencontainers.image.revision`
    /// in its metadata, for OCI artifacts): `status.lastAppliedOriginRevision`.
    public var originRevision: String?

    public init(url: String, revision: String, digest: String? = nil, originRevision: String? = nil) {
        self.url = url
        self.revision = revision
        self.digest = digest
        self.originRevision = originRevision
    }
}

/// What looking a source up found.
public enum SourceLookup: Sendable, Equatable {
    case missing
    case noArtifact
    case artifact(SourceArtifact)

    var artifact: SourceArtifact? {
        if case .artifact(let a) = self { return a }
        return nil
    }
}

/// Everything the Kustomization steps ask of Kubernetes, so they run without a cluster in
/// tests. ``KubernetesKustomizationCluster`` is the real one.
public protocol KustomizationCluster: Sendable {
    /// The source's current artifact. Throws `UnknownKindError` when the kind is not served.
    func source(kind: String, _ key: ObjectKey) async throws -> SourceLookup
    /// A Kustomization as the watch last saw it (or read from the API server when it lives
    /// outside the watched namespace); nil when it does not exist.
    func kustomization(_ key: ObjectKey) async -> JSONValue?
    /// A `dependsOn` target — a Kustomization (as ``kustomization(_:)`` finds it) or a
    /// HelmRelease; nil when it does not exist or its kind is not served.
    func dependency(_ key: DependencyKey) async -> JSONValue?
    /// `metadata.generation` of a Kustomization as the watch last saw it.
    func generation(of key: ObjectKey) -> Int?
    /// Where the Kustomization's objects are applied, pruned and checked: the cluster of
    /// `spec.kubeConfig` (or this one), as its service account.
    func target(for settings: KustomizationSettings) async throws(ReconcileError) -> any ApplyTarget
    /// Reads ConfigMaps and Secrets for `postBuild.substituteFrom`, as the service account.
    func variableReader(for settings: KustomizationSettings) -> any ObjectReader
    /// Forget what is kept per Kustomization (target clients, applied-state memory).
    func forget(_ key: ObjectKey) async
    /// Reads the `spec.decryption.secretRef` Secret (Flux reads it as the controller).
    func decryptionReader(for settings: KustomizationSettings) -> any ObjectReader
}

extension KustomizationCluster {
    /// By default the decryption Secret is read as ``variableReader(for:)`` reads.
    public func decryptionReader(for settings: KustomizationSettings) -> any ObjectReader { variableReader(for: settings) }
}

/// Reads one object; `KubernetesClient` is one.
public protocol ObjectReader: Sendable {
    func object(_ gvk: GroupVersionKind, name: String, namespace: String?) async throws -> JSONValue
}

extension KubernetesClient: ObjectReader {
    public func object(_ gvk: GroupVersionKind, name: String, namespace: String?) async throws -> JSONValue {
        try await get(gvk, name: name, namespace: namespace)
    }
}

/// Applying, pruning, deleting and health-checking on a target cluster; `ResourceApplier` is one.
public protocol ApplyTarget: Sendable {
    func apply(_ objects: [JSONValue], options: ApplyOptions) async throws(ApplyError) -> ChangeSet
    func prune(_ stale: [InventoryObject]) async -> PruneResult
    func waitForHealth(_ objects: [InventoryObject], timeout: Duration, interval: Duration,
                       custom: (any CustomHealthEvaluator)?, cancelled: @escaping @Sendable () async -> Bool) async -> HealthWaitResult
    /// Deletes as `prune` does, then polls until every deleted object is gone or `timeout` passes.
    func deleteAndWait(_ objects: [InventoryObject], timeout: Duration, interval: Duration) async -> DeleteAndWaitResult
}

/// Downloads and unpacks a source artifact; `ArtifactFetcher` is one.
public protocol ArtifactSource: Sendable {
    func fetch(url: String, digest: String?, into directory: String) async throws(ArtifactFetchError)
}

extension ArtifactFetcher: ArtifactSource {}
