import ControllerRuntime
import KubernetesClient
import ServiceLifecycle

/// The OCIRepository controller as `ferry controllers run` starts it, sharing the source
/// controllers' artifact storage, events and leader election.
public struct OCIRepositoryController: Sendable {
    public let controller: Controller<StepReconcilerRuntime<OCIRepositoryReconciler>>
    public var services: [any Service] { [controller] }

    public init(client: KubernetesClient, storage: ArtifactStorage, namespace: String?, options: ControllerOptions,
                metrics: ControllerMetrics?, events: EventRecorder?, leader: LeaderElector?) {
        let reconciler = OCIRepositoryReconciler(storage: storage, secrets: KubernetesSecretReader(client: client))
        controller = Controller(client: client, kind: OCIRepositoryReconciler.kind, namespace: namespace,
                                reconciler: reconciler.runtime(client: client, events: events),
                                options: options, metrics: metrics, events: events, leader: leader)
    }
}
