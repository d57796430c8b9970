import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

/// The Kustomization steps' access to a real cluster: sources and dependencies through the
/// controller's client and watch cache, targets through `spec.kubeConfig` and impersonation.
public struct KubernetesKustomizationCluster: KustomizationCluster {
    public let client: KubernetesClient
    /// The Kustomizations as the controller's watch last saw them.
    public let kustomizations: ObjectCache
    let options: KustomizationReconciler.Options
    let memory = AppliedStateMemory()
    let targets: RemoteClusters

    public init(client: KubernetesClient, kustomizations: ObjectCache, options: KustomizationReconciler.Options) {
        self.client = client
        self.kustomizations = kustomizations
        self.options = options
        self.targets = RemoteClusters(userAgent: "ferry-kustomize-controller", allowances: options.kubeConfigAllowances)
    }

    public static let sourceGroup = "source.toolkit.fluxcd.io"

    public func source(kind: String, _ key: ObjectKey) async throws -> SourceLookup {
        let gvk = GroupVersionKind(group: Self.sourceGroup, version: "v1", kind: kind)
        let source: JSONValue
        do {
            source = try await client.get(gvk, name: key.name, namespace: key.namespace)
        } catch let error as APIError where error.isNotFound {
            return .missing
        }
        guard let artifact = source[path: "status", "artifact"], let url = artifact["url"]?.stringValue,
              let revision = artifact["revision"]?.stringValue else { return .noArtifact }
        return .artifact(SourceArtifact(url: url, revision: revision, digest: artifact["digest"]?.stringValue,
                                        originRevision: artifact[path: "metadata", Self.originRevisionKey]?.stringValue))
    }

    /// The artifact metadata key Flux reads the origin revision from.
    public static let originRevisionKey = "org.opencontainers.image.revision"

    public func kustomization(_ key: ObjectKey) async -> JSONValue? {
        if let cached = kustomizations.get(key) { return cached }
        return try? await client.get(Kustomization.gvk, name: key.name, namespace: key.namespace)
    }

    public func dependency(_ key: DependencyKey) async -> JSONValue? {
        if key.kind == Kustomization.kind { return await kustomization(key.key) }
        guard key.kind == HelmRelease.kind else { return nil }
        return try? await client.get(Self.helmReleaseKind, name: key.key.name, namespace: key.key.namespace)
    }

    static let helmReleaseKind = GroupVersionKind(group: "helm.toolkit.fluxcd.io", version: "v2", kind: HelmRelease.kind)

    public func generation(of key: ObjectKey) -> Int? { kustomizations.get(key)?.generation }

    public func target(for settings: KustomizationSettings) async throws(ReconcileError) -> any ApplyTarget {
        let target = try await targetClient(for: settings)
        return ResourceApplier(client: target, owner: settings.owner, concurrency: options.applyConcurrency, memory: memory)
    }

    public func variableReader(for settings: KustomizationSettings) -> any ObjectReader {
        client.impersonating(settings.impersonation)
    }

    public func decryptionReader(for settings: KustomizationSettings) -> any ObjectReader { client }

    public func forget(_ key: ObjectKey) async {
        memory.forget(owner: KustomizationOwner(name: key.name, namespace: key.namespace))
        await targets.forget(key)
    }
}

extension ResourceApplier: ApplyTarget {}
