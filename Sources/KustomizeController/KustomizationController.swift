import ControllerRuntime
import FerryAPI
import KubernetesClient
import Logging
import Manifests
import ServiceLifecycle

/// The Kustomization controller as `ferry controllers run` starts it: the controller itself and
/// the watches that wake it —
/// - a source's new artifact enqueues every Kustomization built from that source;
/// - a Kustomization turning Ready (or applying a new revision) enqueues those that depend on it,
///   so a `dependsOn` chain moves as fast as its slowest link instead of by polling;
/// - a ConfigMap or Secret labelled `reconcile.fluxcd.io/watch: Enabled` that changes enqueues
///   the Kustomizations whose `postBuild.substituteFrom` names it.
public struct KustomizationController: Sendable {
    public let controller: Controller<StepReconcilerRuntime<KustomizationReconciler>>
    public let services: [any Service]

    public init(client: KubernetesClient, namespace: String?, options: KustomizationReconciler.Options = .init(),
                controllerOptions: ControllerOptions, metrics: ControllerMetrics?, events: EventRecorder?, leader: LeaderElector?,
                localArtifacts: LocalArtifacts? = nil, logger: Logger = Logger(label: "ferry.kustomization")) {
        let cache = ObjectCache()
        let cluster = KubernetesKustomizationCluster(client: client, kustomizations: cache, options: options)
        var fetcher = ArtifactFetcher()
        fetcher.local = localArtifacts
        let reconciler = KustomizationReconciler(cluster: cluster, options: options, fetcher: fetcher).runtime(client: client, events: events)
        let controller = Controller(client: client, kind: Kustomization.gvk, namespace: namespace, reconciler: reconciler, cache: cache,
                                    options: controllerOptions, metrics: metrics, events: events, leader: leader)
        var services: [any Service] = [controller]
        // A source's new artifact, for every source kind Ferry serves; a watch retries quietly
        // while its kind's CRD is not installed.
        for kind in KustomizationReconciler.servedSourceKinds {
            let gvk = GroupVersionKind(group: KubernetesKustomizationCluster.sourceGroup, version: "v1", kind: kind)
            services.append(controller.watching(gvk, namespace: namespace, when: SourceReferences.artifactChanged) { source in
                SourceReferences.objects(in: cache, referencing: source, kind: kind)
            })
        }
        // ConfigMaps and Secrets labelled reconcile.fluxcd.io/watch=Enabled: a change re-runs the
        // Kustomizations that substitute from them (Flux's `--watch-configs-label-selector`).
        for kind in ["ConfigMap", "Secret"] {
            let gvk = GroupVersionKind(group: "", version: "v1", kind: kind)
            services.append(controller.watching(gvk, namespace: namespace, labelSelector: Self.watchConfigsSelector) { config in
                Self.substitutingFrom(config, kind: kind, in: cache)
            })
        }
        services.append(controller.watching(Kustomization.gvk, namespace: namespace, when: DependencyKey.readinessChanged) { dependency in
            DependencyKey.dependents(of: dependency, kind: Kustomization.kind, in: cache, ownKind: Kustomization.kind)
        })
        // A HelmRelease a Kustomization depends on (`dependsOn[].kind: HelmRelease`); the watch
        // retries quietly while the HelmRelease CRD is not installed.
        services.append(controller.watching(KubernetesKustomizationCluster.helmReleaseKind, namespace: namespace,
                                            when: DependencyKey.readinessChanged) { dependency in
            DependencyKey.dependents(of: dependency, kind: HelmRelease.kind, in: cache, ownKind: Kustomization.kind)
        })
        self.controller = controller
        self.services = services
    }

    public static let watchConfigsSelector = "reconcile.fluxcd.io/watch=Enabled"

    static func substitutingFrom(_ config: JSONValue, kind: String, in cache: ObjectCache) -> [ObjectKey] {
        guard let key = ObjectKey(config) else { return [] }
        return cache.list(namespace: key.namespace).compactMap { object in
            let refs = object[path: "spec", "postBuild", "substituteFrom"]?.arrayValue ?? []
            let uses = refs.contains { $0["kind"]?.stringValue == kind && $0["name"]?.stringValue == key.name }
            return uses ? ObjectKey(object) : nil
        }
    }
}
