import FerryTesting
import KubernetesClient
import Manifests
@testable import ResourceManager

/// A real API server, an admin client and a fresh namespace for one test.
struct ClusterFixture {
    let client: KubernetesClient
    let namespace: String
    let owner = KustomizationOwner(name: "apps", namespace: "flux-system")

    static func make(_ name: String) async throws -> ClusterFixture {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        return ClusterFixture(client: client, namespace: try await plane.makeNamespace(name, client: client))
    }

    func applier(memory: AppliedStateMemory? = nil, owned: Bool = true, overrideManagers: [String] = []) -> ResourceApplier {
        ResourceApplier(client: client, owner: owned ? owner : nil, overrideManagers: overrideManagers, memory: memory)
    }

    func configMap(_ name: String, data: JSONValue = ["key": "value"], annotations: [String: String] = [:]) -> JSONValue {
        var object: JSONValue = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "namespace": .string(namespace)], "data": data,
        ]
        for (k, v) in annotations { object[path: "metadata", "annotations", k] = .string(v) }
        return object
    }

    func deployment(_ name: String, replicas: Int = 1, app: String? = nil, progressDeadline: Int? = nil) -> JSONValue {
        let app = JSONValue.string(app ?? name)
        var object: JSONValue = [
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "spec": [
                "replicas": .int(replicas),
                "selector": ["matchLabels": ["app": app]],
                "template": [
                    "metadata": ["labels": ["app": app]],
                    "spec": ["containers": [["name": "web", "image": "nginx:1.27"]]],
                ],
            ],
        ]
        if let progressDeadline { object[path: "spec", "progressDeadlineSeconds"] = .int(progressDeadline) }
        return object
    }

    func get(_ kind: String, _ name: String, apiVersion: String = "v1", namespace: String? = nil) async throws -> JSONValue? {
        do {
            return try await client.get(GroupVersionKind(apiVersion: apiVersion, kind: kind), name: name,
                                        namespace: namespace ?? self.namespace)
        } catch let error as APIError where error.isNotFound {
            return nil
        }
    }

    func subject(_ kind: String, _ name: String) -> String { "\(kind)/\(namespace)/\(name)" }
}

extension ChangeSet {
    /// `subject → action` for compact assertions.
    var actions: [String: ChangeAction] {
        Dictionary(entries.map { ($0.subject, $0.action) }, uniquingKeysWith: { a, _ in a })
    }
}
