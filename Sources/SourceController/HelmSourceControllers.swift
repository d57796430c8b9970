import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ServiceLifecycle

/// The Helm source controllers as `ferry controllers run` starts them: HelmRepository and
/// HelmChart, and the watches that wake a HelmChart when its source has a new artifact (a new
/// index, a new Git revision) instead of waiting for its interval.
public struct HelmSourceControllers: Sendable {
    public let repositories: Controller<StepReconcilerRuntime<HelmRepositoryReconciler>>
    public let charts: Controller<StepReconcilerRuntime<HelmChartReconciler>>
    public let services: [any Service]

    public init(client: KubernetesClient, storage: ArtifactStorage, namespace: String?, requeueDependency: Duration,
                controllerOptions: (String) -> ControllerOptions, metrics: ControllerMetrics?, events: EventRecorder?,
                leader: LeaderElector?) {
        let secrets = KubernetesSecretReader(client: client)
        let repositoryReconciler = HelmRepositoryReconciler(storage: storage, secrets: secrets)
        repositories = Controller(client: client, kind: KubernetesHelmChartSources.helmRepositoryKind, namespace: namespace,
                                  reconciler: repositoryReconciler.runtime(client: client, events: events),
                                  options: controllerOptions("helmrepository"), metrics: metrics, events: events, leader: leader)
        let cache = ObjectCache()
        let chartReconciler = HelmChartReconciler(storage: storage, secrets: secrets, sources: KubernetesHelmChartSources(client: client),
                                                  requeueDependency: requeueDependency)
        charts = Controller(client: client, kind: KubernetesHelmChartSources.helmChartKind, namespace: namespace,
                            reconciler: chartReconciler.runtime(client: client, events: events), cache: cache,
                            options: controllerOptions("helmchart"), metrics: metrics, events: events, leader: leader)
        var services: [any Service] = [repositories, charts]
        for kind in [KubernetesHelmChartSources.helmRepositoryKind, KubernetesGitRepositoryReader.gitRepositoryKind] {
            services.append(charts.watching(kind, namespace: namespace, when: SourceReferences.artifactChanged) { source in
                SourceReferences.objects(in: cache, referencing: source, kind: kind.kind)
            })
        }
        self.services = services
    }
}
