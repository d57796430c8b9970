import ControllerRuntime
import Crypto
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// Clients for `spec.kubeConfig` targets, one per Kustomization, kept while the kubeconfig
/// Secret's content stays the same (a new client means new connections and a new discovery).
actor TargetClients {
    private var clients: [ObjectKey: (fingerprint: String, client: KubernetesClient)] = [:]

    /// Throws ``KubeConfigRefusal`` when the kubeconfig asks for what a Secret may not (an exec
    /// plugin, a file on the controller's host, unverified TLS) beyond `allowances`, before
    /// anything is run, read or dialled; ``KubeConfigError`` when it cannot be used.
    func client(for key: ObjectKey, kubeconfig: String, source: String, allowances: KubeConfigAllowances) throws -> KubernetesClient {
        let fingerprint = SHA256.hash(data: Array(kubeconfig.utf8)).map { String(format: "%02x", $0) }.joined()
        if let cached = clients[key], cached.fingerprint == fingerprint { return cached.client }
        let parsed = try KubeConfig(yaml: kubeconfig, source: source, directory: "/nonexistent-kubeconfig-dir")
        try parsed.validate(origin: .secret, allowances: allowances)
        var config = try ClientConfig(kubeConfig: parsed)
        config.userAgent = "ferry-kustomize-controller"
        let client = try KubernetesClient(config: config)
        if let old = clients[key]?.client { Task { try? await old.shutdown() } }
        clients[key] = (fingerprint, client)
        return client
    }

    func forget(_ key: ObjectKey) {
        if let old = clients.removeValue(forKey: key)?.client { Task { try? await old.shutdown() } }
    }
}

extension KubernetesKustomizationCluster {
    /// The client a Kustomization's objects are applied, pruned and checked with: the cluster of
    /// `spec.kubeConfig.secretRef` (or this one), as `spec.serviceAccountName` when set.
    func targetClient(for settings: KustomizationSettings) async throws(ReconcileError) -> KubernetesClient {
        var base = client
        if let ref = settings.spec.kubeConfig?.secretRef {
            let secret: JSONValue
            do {
                secret = try await client.get(KustomizationReconciler.secretKind, name: ref.name, namespace: settings.namespace)
            } catch {
                let cause = (error as? APIError).map { $0.isNotFound ? "not found" : $0.message } ?? "\(error)"
                throw ReconcileError.retry(after: settings.retryInterval, reason: ConditionReason.reconciliationFailed,
                                           "failed to get kubeconfig secret '\(settings.namespace)/\(ref.name)': \(cause)")
            }
            let data = secret["data"]?.objectValue ?? [:]
            let key = ref.key ?? (data["value"] != nil ? "value" : "value.yaml")
            guard let encoded = data[key]?.stringValue, let bytes = Data(base64Encoded: encoded) else {
                throw ReconcileError.stalled(reason: ConditionReason.reconciliationFailed,
                                             "kubeconfig secret '\(settings.namespace)/\(ref.name)' has no key '\(key)'")
            }
            do {
                base = try await targets.client(for: settings.key, kubeconfig: String(decoding: bytes, as: UTF8.self),
                                                source: "secret \(settings.namespace)/\(ref.name) key \(key)",
                                                allowances: options.kubeConfigAllowances)
            } catch let refusal as KubeConfigRefusal {
                throw ReconcileError.stalled(reason: ConditionReason.reconciliationFailed,
                                             "Kustomization \(settings.namespace)/\(settings.name): kubeconfig in secret "
                                                 + "'\(settings.namespace)/\(ref.name)' refused: \(refusal)")
            } catch {
                throw ReconcileError.stalled(reason: ConditionReason.reconciliationFailed,
                                             "invalid kubeconfig in secret '\(settings.namespace)/\(ref.name)': \(error)")
            }
        }
        return base.impersonating(settings.impersonation)
    }
}
