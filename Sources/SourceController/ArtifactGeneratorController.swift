import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ServiceLifecycle

/// The ArtifactGenerator controller as `ferry controllers run` starts it, with the watches that
/// wake a generator when one of its sources has a new artifact (revision or digest) instead of
/// waiting for its hourly interval. A watch retries quietly while its kind's CRD is absent.
public struct ArtifactGeneratorController: Sendable {
    public let controller: Controller<StepReconcilerRuntime<ArtifactGeneratorReconciler>>
    public let services: [any Service]

    public init(client: KubernetesClient, storage: ArtifactStorage, namespace: String?, requeueDependency: Duration,
                controllerOptions: ControllerOptions, metrics: ControllerMetrics?, events: EventRecorder?, leader: LeaderElector?) {
        let cache = ObjectCache()
        let reconciler = ArtifactGeneratorReconciler(storage: storage, cluster: KubernetesArtifactGeneratorCluster(client: client),
                                                     requeueDependency: requeueDependency)
        controller = Controller(client: client, kind: KubernetesArtifactGeneratorCluster.generatorKind, namespace: namespace,
                                reconciler: reconciler.runtime(client: client, events: events), cache: cache,
                                options: controllerOptions, metrics: metrics, events: events, leader: leader)
        var services: [any Service] = [controller]
        for kind in ArtifactGeneratorSettings.sourceKinds {
            services.append(controller.watching(KubernetesArtifactGeneratorCluster.sourceKind(kind), namespace: namespace,
                                                when: SourceReferences.artifactChanged) { source in
                Self.generators(in: cache, using: source, kind: kind)
            })
        }
        self.services = services
    }

    /// The generators in `cache` that list `source` (of `kind`) in `spec.sources`; a source
    /// without a namespace is in the generator's.
    static func generators(in cache: ObjectCache, using source: JSONValue, kind: String) -> [ObjectKey] {
        guard let key = ObjectKey(source) else { return [] }
        return cache.list().compactMap { generator in
            guard let own = ObjectKey(generator) else { return nil }
            let uses = (generator[path: "spec", "sources"]?.arrayValue ?? []).contains { ref in
                ref["kind"]?.stringValue == kind && ref["name"]?.stringValue == key.name
                    && (ref["namespace"]?.stringValue ?? own.namespace) == key.namespace
            }
            return uses ? own : nil
        }
    }
}
