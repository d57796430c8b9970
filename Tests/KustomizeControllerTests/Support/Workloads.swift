import FerryTesting
import Foundation
import KubernetesClient
import Manifests

/// There is no kubelet (nor scheduler) on the local control plane: pods stay Pending. A test
/// makes a Deployment really available the way a node would: it marks the Deployment's pods
/// Running and Ready through the status subresource; kube-controller-manager's ReplicaSet and
/// Deployment controllers then compute the Deployment's status as in a real cluster.
extension KustomizationEnv {
    static let pod = GroupVersionKind(group: "", version: "v1", kind: "Pod")

    func makePodsReady(app: String, namespace ns: String? = nil) async throws {
        let namespace = ns ?? self.namespace
        var pods: [JSONValue] = []
        _ = await eventually(timeout: .seconds(30)) {
            pods = (try? await client.list(Self.pod, namespace: namespace, options: ListOptions(labelSelector: "app=\(app)")).items) ?? []
            return !pods.isEmpty
        }
        let now = ISO8601DateFormatter().string(from: Date())
        for pod in pods {
            guard let name = pod.metadataName else { continue }
            let containers = pod[path: "spec", "containers"]?.arrayValue ?? []
            let statuses: [JSONValue] = containers.map { c in
                ["name": c["name"] ?? "app", "ready": true, "restartCount": 0, "image": c["image"] ?? "", "imageID": "",
                 "state": ["running": ["startedAt": .string(now)]]]
            }
            let condition: (String) -> JSONValue = { type in ["type": .string(type), "status": "True", "lastTransitionTime": .string(now)] }
            _ = try await client.patch(Self.pod, name: name, namespace: namespace, type: .merge, patch: ["status": [
                "phase": "Running", "startTime": .string(now),
                "conditions": [condition("Initialized"), condition("Ready"), condition("ContainersReady"), condition("PodScheduled")],
                "containerStatuses": .array(statuses),
            ]], subresource: "status")
        }
    }

    /// The Deployment's `status.availableReplicas` reached its replicas.
    func deploymentAvailable(_ name: String, namespace ns: String? = nil) async -> Bool {
        guard let d = await get(Self.deployment, name, namespace: ns ?? namespace) else { return false }
        return d[path: "status", "availableReplicas"]?.intValue == d[path: "spec", "replicas"]?.intValue
    }
}
