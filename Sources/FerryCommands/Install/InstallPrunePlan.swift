import KubernetesClient
import Manifests

/// Which of install's own objects a re-run of `ferry install` deletes, and in what order
/// `ferry uninstall` deletes them: a pure function of what install wants and what the cluster
/// holds under install's labels.
///
/// An upgrade in place must not leave rights behind: `--components source-controller` after a
/// full install drops the `cluster-reconciler` binding (cluster-admin), and the single
/// `ferry-controllers` ClusterRole of every verb that installs before the Flux-style split made
/// is replaced, not kept beside the new roles. Only objects labelled by install for this
/// namespace are candidates — never what a Kustomization applied — plus those two legacy
/// objects, which carried no `app.kubernetes.io/instance` label.
enum InstallPrunePlan {
    static let deployment = GroupVersionKind(group: "apps", version: "v1", kind: "Deployment")
    static let service = GroupVersionKind(group: "", version: "v1", kind: "Service")
    static let networkPolicy = GroupVersionKind(group: "networking.k8s.io", version: "v1", kind: "NetworkPolicy")
    static let clusterRoleBinding = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRoleBinding")
    static let clusterRole = GroupVersionKind(group: "rbac.authorization.k8s.io", version: "v1", kind: "ClusterRole")
    static let serviceAccount = GroupVersionKind(group: "", version: "v1", kind: "ServiceAccount")

    /// The kinds install makes besides the CRDs and the namespace, in deletion order: the
    /// controllers stop first, then lose their rights, then their identity.
    static let kinds = [deployment, service, networkPolicy, clusterRoleBinding, clusterRole, serviceAccount]

    static let namespacedKinds: Set<String> = ["Deployment", "Service", "NetworkPolicy", "ServiceAccount"]

    /// The name of the single all-verbs ClusterRole and its binding of earlier installs.
    static let legacyName = "ferry-controllers"

    /// The label selector to list candidates with (install's labels for `namespace`), and the
    /// one for the legacy objects.
    static func selectors(namespace: String) -> [String] {
        [InstallManifests.selector(namespace: namespace), "app.kubernetes.io/managed-by=ferry,!app.kubernetes.io/instance"]
    }

    /// `live` objects that are install's for `namespace` and not in `desired`, in ``kinds``
    /// order. With `desired` empty: everything install made there, for uninstall.
    static func obsolete(desired: [JSONValue], live: [JSONValue], namespace: String) -> [JSONValue] {
        let wanted = Set(desired.map(identity))
        var seen: Set<String> = []
        let candidates = live.filter { object in
            guard let kind = object.kind, kinds.contains(where: { $0.kind == kind }), !wanted.contains(identity(object)),
                  seen.insert(identity(object)).inserted else { return false }
            let labels = object[path: "metadata", "labels"]
            guard labels?["app.kubernetes.io/managed-by"]?.stringValue == "ferry" else { return false }
            if namespacedKinds.contains(kind), object.metadataNamespace != namespace { return false }
            if let instance = labels?["app.kubernetes.io/instance"] { return instance.stringValue == namespace }
            return (kind == "ClusterRole" || kind == "ClusterRoleBinding") && object.metadataName == legacyName
        }
        return kinds.flatMap { gvk in candidates.filter { $0.kind == gvk.kind } }
    }

    static func identity(_ object: JSONValue) -> String {
        "\(object.kind ?? "")/\(object.metadataNamespace ?? "")/\(object.metadataName ?? "")"
    }
}
