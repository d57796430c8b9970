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
                logger: Logger = Logger(label: "ferry.kustomization")) {
        let cache = ObjectCache()
        let cluster = KubernetesKustomizationCluster(client: client, kustomizations: cache, options: options)
        let reconciler = KustomizationReconciler(cluster: cluster, options: options).runtime(client: client, events: events)
        let controller = Controller(client: client, kind: Kustomization.gvk, namespace: namespace, reconciler: reconciler, cache: cache,
                                    options: controllerOptions, metrics: metrics, events: events, leader: leader)
        var services: [any Service] = [controller]
        // GitRepository is the one source kind Ferry serves so far; OCIRepository and Bucket
        // join here when their CRDs do.
        let gitRepository = GroupVersionKind(group: KubernetesKustomizationCluster.sourceGroup, version: "v1", kind: "GitRepository")
        services.append(controller.watching(gitRepository, namespace: namespace, when: SourceReferences.artifactChanged) { source in
            SourceReferences.objects(in: cache, referencing: source, kind: "GitRepository")
        })
        // ConfigMaps and Secrets labelled reconcile.fluxcd.io/watch=Enabled: a change re-runs the
        // Kustomizations that substitute from them (Flux's `--watch-configs-label-selector`).
        for kind in ["ConfigMap", "Secret"] {
            let gvk = GroupVersionKind(group: "", version: "v1", kind: kind)
            services.append(controller.watching(gvk, namespace: namespace, labelSelector: Self.watchConfigsSelector) { config in
                Self.substitutingFrom(config, kind: kind, in: cache)
            })
        }
        services.append(controller.watching(Kustomization.gvk, namespace: namespace, when: Self.readinessChanged) { dependency in
            Self.dependents(of: dependency, in: cache)
        })
        self.controller = controller
        self.services = services
    }

    /// Ready flipped, or a new revision was applied.
    @Sendable static func readinessChanged(_ old: JSONValue?, _ new: JSONValue) -> Bool {
        guard let old else { return true }
        return Conditions(of: old)[ConditionType.ready]?.status != Conditions(of: new)[ConditionType.ready]?.status
            || old[path: "status", "lastAppliedRevision"] != new[path: "status", "lastAppliedRevision"]
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

    static func dependents(of dependency: JSONValue, in cache: ObjectCache) -> [ObjectKey] {
        guard let key = ObjectKey(dependency) else { return [] }
        return cache.list().compactMap { object in
            guard let own = ObjectKey(object) else { return nil }
            let deps = object[path: "spec", "dependsOn"]?.arrayValue ?? []
            let match = deps.contains { dep in
                dep["name"]?.stringValue == key.name && (dep["namespace"]?.stringValue ?? own.namespace) == key.namespace
            }
            return match ? own : nil
        }
    }
}
