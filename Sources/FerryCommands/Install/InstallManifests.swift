import Manifests

/// What `ferry install` applies: the CRDs, the namespace, and the controllers' identity with
/// the rights they need (as Flux binds its reconcilers to cluster-admin).
enum InstallManifests {
    static let managedByLabel: JSONValue = ["app.kubernetes.io/part-of": "ferry", "app.kubernetes.io/managed-by": "ferry"]

    static func crds() throws -> [JSONValue] {
        try EmbeddedCRDs.files.flatMap { try YAML.documents($0.yaml, source: $0.name) }
    }

    static func all(namespace: String) throws -> [JSONValue] {
        let ns = JSONValue.string(namespace)
        let rest: [JSONValue] = [
            ["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": ns, "labels": managedByLabel]],
            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "ferry-controllers", "namespace": ns, "labels": managedByLabel]],
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
             "metadata": ["name": "ferry-controllers", "labels": managedByLabel],
             "rules": [["apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]], ["nonResourceURLs": ["*"], "verbs": ["*"]]]],
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
             "metadata": ["name": "ferry-controllers", "labels": managedByLabel],
             "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "ferry-controllers"],
             "subjects": [["kind": "ServiceAccount", "name": "ferry-controllers", "namespace": ns]]],
        ]
        return try crds() + rest
    }
}
