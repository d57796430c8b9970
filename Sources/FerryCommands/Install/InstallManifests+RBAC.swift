import Manifests

extension InstallManifests {
    /// The controllers' ServiceAccount and rights, split as Flux splits them
    /// (fluxcd/flux2 `manifests/rbac/controller.yaml` and `reconciler.yaml`):
    ///
    /// - `crd-controller-<ns>`, a ClusterRole of what every controller itself needs: Ferry's
    ///   own kinds, reading the core objects a reconcile consults (Secrets for credentials,
    ///   ConfigMaps for values, ServiceAccounts for image pull secrets, Namespaces for
    ///   cross-namespace rules), writing Events, Leases for leader election, and TokenRequests
    ///   for ServiceAccounts. Nothing here lets it change a workload.
    /// - `cluster-reconciler-<ns>`, a ClusterRoleBinding to `cluster-admin`, made only while a
    ///   controller that applies what repositories hold (kustomize-controller, helm-controller)
    ///   is installed: those apply arbitrary objects, as Flux's do. Tenants are confined by
    ///   `spec.serviceAccountName` impersonation, not by this binding.
    ///
    /// Names carry the namespace (Flux's `crd-controller-flux-system`), so two installs in two
    /// namespaces keep their own.
    static func rbac(_ spec: InstallSpec) -> [JSONValue] {
        let account: JSONValue = ["kind": "ServiceAccount", "name": .string(InstallSpec.serviceAccount), "namespace": .string(spec.namespace)]
        var objects: [JSONValue] = [
            ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": metadata(InstallSpec.serviceAccount, spec)],
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole",
             "metadata": metadata(crdControllerName(spec.namespace), spec, namespaced: false), "rules": .array(crdControllerRules)],
            ["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
             "metadata": metadata(crdControllerName(spec.namespace), spec, namespaced: false),
             "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": .string(crdControllerName(spec.namespace))],
             "subjects": [account]],
        ]
        if spec.needsClusterReconciler {
            objects.append(["apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRoleBinding",
                            "metadata": metadata(clusterReconcilerName(spec.namespace), spec, namespaced: false),
                            "roleRef": ["apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "cluster-admin"],
                            "subjects": [account]])
        }
        return objects
    }

    static func crdControllerName(_ namespace: String) -> String { "crd-controller-\(namespace)" }
    static func clusterReconcilerName(_ namespace: String) -> String { "cluster-reconciler-\(namespace)" }

    /// The API groups of Ferry's custom resources (config/crd).
    static let ferryGroups = ["source.toolkit.fluxcd.io", "source.extensions.fluxcd.io", "kustomize.toolkit.fluxcd.io",
                              "helm.toolkit.fluxcd.io", "image.toolkit.fluxcd.io"]

    static let crdControllerRules: [JSONValue] = [
        ["apiGroups": .array(ferryGroups.map { .string($0) }), "resources": ["*"], "verbs": ["*"]],
        ["apiGroups": [""], "resources": ["namespaces", "secrets", "configmaps", "serviceaccounts"], "verbs": ["get", "list", "watch"]],
        ["apiGroups": [""], "resources": ["events"], "verbs": ["create", "patch"]],
        ["apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "list", "watch", "create", "update", "patch", "delete"]],
        ["apiGroups": [""], "resources": ["serviceaccounts/token"], "verbs": ["create"]],
    ]
}
