import Crypto
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// Clients for `spec.kubeConfig` targets (Kustomizations and HelmReleases that act on another
/// cluster), one per object, kept while the kubeconfig Secret's content stays the same (a new
/// client means new connections and a new discovery).
public actor RemoteClusters {
    private var clients: [ObjectKey: (fingerprint: String, client: KubernetesClient)] = [:]
    let userAgent: String
    let allowances: KubeConfigAllowances

    /// `allowances`: what kubeconfigs from Secrets may do beyond inline credentials (an exec
    /// plugin, unverified TLS — `--insecure-kubeconfig-exec`/`-tls`).
    public init(userAgent: String, allowances: KubeConfigAllowances) {
        self.userAgent = userAgent
        self.allowances = allowances
    }

    static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    /// The client for `reference` of the `kind` object `key` (read with `base`, the controller's
    /// client): its Secret's key `key`, else `value`, else `value.yaml`.
    ///
    /// - Retried after `retryInterval` with ReconciliationFailed when the Secret cannot be read
    ///   (it may appear); stalled when it lacks the key, when the kubeconfig asks for what a
    ///   Secret may not (``KubeConfigRefusal``: checked before anything is run, read or dialled),
    ///   or when it cannot be used; `configMapRef` (workload identity) is refused.
    public func client(for key: ObjectKey, kind: String, reference: KubeConfigReference, base: KubernetesClient,
                       retryInterval: Duration) async throws(ReconcileError) -> KubernetesClient {
        guard let ref = reference.secretRef else {
            throw ReconcileError.stalled(reason: ConditionReason.invalidSpec,
                                         "spec.kubeConfig.configMapRef is not supported by Ferry yet: only spec.kubeConfig.secretRef can name a cluster")
        }
        let namespace = key.namespace
        let secret: JSONValue
        do {
            secret = try await base.get(Self.secretKind, name: ref.name, namespace: namespace)
        } catch {
            let cause = (error as? APIError).map { $0.isNotFound ? "not found" : $0.message } ?? "\(error)"
            throw ReconcileError.retry(after: retryInterval, reason: ConditionReason.reconciliationFailed,
                                       "failed to get kubeconfig secret '\(namespace)/\(ref.name)': \(cause)")
        }
        let data = secret["data"]?.objectValue ?? [:]
        let dataKey = ref.key ?? (data["value"] != nil ? "value" : "value.yaml")
        guard let encoded = data[dataKey]?.stringValue, let bytes = Data(base64Encoded: encoded) else {
            throw ReconcileError.stalled(reason: ConditionReason.reconciliationFailed,
                                         "kubeconfig secret '\(namespace)/\(ref.name)' has no key '\(dataKey)'")
        }
        do {
            return try client(for: key, kubeconfig: String(decoding: bytes, as: UTF8.self),
                              source: "secret \(namespace)/\(ref.name) key \(dataKey)")
        } catch let refusal as KubeConfigRefusal {
            throw ReconcileError.stalled(reason: ConditionReason.reconciliationFailed,
                                         "\(kind) \(namespace)/\(key.name): kubeconfig in secret '\(namespace)/\(ref.name)' refused: \(refusal)")
        } catch {
            throw ReconcileError.stalled(reason: ConditionReason.reconciliationFailed,
                                         "invalid kubeconfig in secret '\(namespace)/\(ref.name)': \(error)")
        }
    }

    func client(for key: ObjectKey, kubeconfig: String, source: String) throws -> KubernetesClient {
        let fingerprint = SHA256.hash(data: Array(kubeconfig.utf8)).map { String(format: "%02x", $0) }.joined()
        if let cached = clients[key], cached.fingerprint == fingerprint { return cached.client }
        let parsed = try KubeConfig(yaml: kubeconfig, source: source, directory: "/nonexistent-kubeconfig-dir")
        try parsed.validate(origin: .secret, allowances: allowances)
        var config = try ClientConfig(kubeConfig: parsed)
        config.userAgent = userAgent
        let client = try KubernetesClient(config: config)
        if let old = clients[key]?.client { Task { try? await old.shutdown() } }
        clients[key] = (fingerprint, client)
        return client
    }

    public func forget(_ key: ObjectKey) {
        if let old = clients.removeValue(forKey: key)?.client { Task { try? await old.shutdown() } }
    }
}
