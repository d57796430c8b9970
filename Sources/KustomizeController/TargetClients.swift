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

    func client(for key: ObjectKey, kubeconfig: String, source: String) throws -> KubernetesClient {
        let fingerprint = SHA256.hash(data: Array(kubeconfig.utf8)).map { String(format: "%02x", $0) }.joined()
        if let cached = clients[key], cached.fingerprint == fingerprint { return cached.client }
        // Files named in a kubeconfig from a Secret are never read from the controller's disk.
        let parsed = try KubeConfig(yaml: kubeconfig, source: source, directory: "/nonexistent-kubeconfig-dir")
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

extension KustomizationReconciler {
    /// The client a Kustomization's objects are applied, pruned and checked with: the cluster of
    /// `spec.kubeConfig.secretRef` (or this one), as `spec.serviceAccountName` when set.
    func targetClient(for settings: KustomizationSettings) async throws -> KubernetesClient {
        var base = client
        if let ref = settings.spec.kubeConfig?.secretRef {
            let secret: JSONValue
            do {
                secret = try await client.get(Self.secretKind, name: ref.name, namespace: settings.namespace)
            } catch let error as APIError {
                throw ReconcileError.retry(after: settings.retryInterval, reason: KustomizationReason.reconciliationFailed,
                                           "failed to get kubeconfig secret '\(settings.namespace)/\(ref.name)': \(error.isNotFound ? "not found" : error.message)")
            }
            let data = secret["data"]?.objectValue ?? [:]
            let key = ref.key ?? (data["value"] != nil ? "value" : "value.yaml")
            guard let encoded = data[key]?.stringValue, let bytes = Data(base64Encoded: encoded) else {
                throw ReconcileError.stalled(reason: KustomizationReason.reconciliationFailed,
                                             "kubeconfig secret '\(settings.namespace)/\(ref.name)' has no key '\(key)'")
            }
            do {
                base = try await targets.client(for: settings.key, kubeconfig: String(decoding: bytes, as: UTF8.self),
                                                source: "secret \(settings.namespace)/\(ref.name) key \(key)")
            } catch {
                throw ReconcileError.stalled(reason: KustomizationReason.reconciliationFailed,
                                             "invalid kubeconfig in secret '\(settings.namespace)/\(ref.name)': \(error)")
            }
        }
        return base.impersonating(settings.impersonation)
    }
}
