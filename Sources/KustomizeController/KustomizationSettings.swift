import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ResourceManager

/// What a Kustomization's spec means once Flux's defaults are applied: the values every step
/// reads, computed in one place.
struct KustomizationSettings: Sendable {
    let kustomization: Kustomization
    let namespace: String
    let name: String

    init(_ kustomization: Kustomization) {
        self.kustomization = kustomization
        namespace = kustomization.metadata.namespace ?? "default"
        name = kustomization.metadata.name
    }

    var spec: KustomizationSpec { kustomization.spec }
    var key: ObjectKey { ObjectKey(namespace: namespace, name: name) }
    var owner: KustomizationOwner { KustomizationOwner(name: name, namespace: namespace) }

    /// `spec.interval` (validated by the CRD; 10 minutes when unreadable).
    var interval: Duration { GoDuration.duration(spec.interval) ?? .seconds(600) }
    /// `spec.retryInterval`, defaulting to the interval.
    var retryInterval: Duration { spec.retryInterval.flatMap(GoDuration.duration) ?? interval }
    /// `spec.timeout`, defaulting to the interval minus 30 s, at least 30 s (Flux's `GetTimeout`).
    var timeout: Duration {
        if let timeout = spec.timeout.flatMap(GoDuration.duration) { return timeout }
        let derived = interval - .seconds(30)
        return derived < .seconds(30) ? .seconds(30) : derived
    }

    /// The source, namespace defaulted to the Kustomization's.
    var sourceKind: String { spec.sourceRef.kind }
    var sourceKey: ObjectKey { ObjectKey(namespace: spec.sourceRef.namespace ?? namespace, name: spec.sourceRef.name) }
    /// `GitRepository/ns/name`, as Flux names a source in messages.
    var sourceDescription: String { "\(sourceKind)/\(sourceKey.namespace)/\(sourceKey.name)" }

    var dependencies: [ObjectKey] {
        (spec.dependsOn ?? []).map { ObjectKey(namespace: $0.namespace ?? namespace, name: $0.name) }
    }

    var deletionPolicy: String { spec.deletionPolicy ?? "MirrorPrune" }

    /// Impersonation for `spec.serviceAccountName` (Flux impersonates the user name only).
    var impersonation: Impersonation? {
        guard let account = spec.serviceAccountName, !account.isEmpty else { return nil }
        return Impersonation(user: "system:serviceaccount:\(namespace):\(account)")
    }

    /// Health checks are configured when `spec.wait` is true or `spec.healthChecks` is not empty.
    var checksHealth: Bool { spec.wait == true || !(spec.healthChecks ?? []).isEmpty }

    /// The objects `spec.healthChecks` names (namespace defaulted to the Kustomization's).
    var healthCheckObjects: [InventoryObject] {
        (spec.healthChecks ?? []).map { ref in
            let apiVersion = ref.apiVersion ?? ""
            let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
            let group = parts.count == 2 ? parts[0] : ""
            let version = parts.last ?? ""
            return InventoryObject(id: ObjectID(group: group, kind: ref.kind, namespace: ref.namespace ?? namespace, name: ref.name),
                                   version: version)
        }
    }
}
