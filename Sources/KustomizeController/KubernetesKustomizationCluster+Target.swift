import ControllerRuntime
import KubernetesClient

extension KubernetesKustomizationCluster {
    /// The client a Kustomization's objects are applied, pruned and checked with: the cluster of
    /// `spec.kubeConfig.secretRef` (or this one), as `spec.serviceAccountName` when set.
    func targetClient(for settings: KustomizationSettings) async throws(ReconcileError) -> KubernetesClient {
        var base = client
        if let reference = settings.spec.kubeConfig {
            base = try await targets.client(for: settings.key, kind: "Kustomization", reference: reference, base: client,
                                            retryInterval: settings.retryInterval)
        }
        return base.impersonating(settings.impersonation)
    }
}
