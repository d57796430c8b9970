import Manifests

/// What `ferry install` applies, as a pure function of its flags (``InstallSpec``): the CRDs,
/// the namespace, the controllers' identity and rights (``rbac(_:)``), and — unless the
/// controllers run elsewhere — their Deployment, the artifact Service and the NetworkPolicies
/// (``controllers(_:)``, ``networkPolicies(_:)``). `--export` prints exactly this list, and
/// install applies it in this order (CRDs and the namespace before what lives in them).
enum InstallManifests {
    static func crds() throws -> [JSONValue] {
        try EmbeddedCRDs.files.flatMap { try YAML.documents($0.yaml, source: $0.name) }
    }

    /// The labels of every object install makes besides the CRDs: Flux's `app.kubernetes.io/*`
    /// set, with `instance` the namespace so that installs in two namespaces never meet.
    static func labels(_ spec: InstallSpec) -> JSONValue {
        ["app.kubernetes.io/part-of": "ferry", "app.kubernetes.io/managed-by": "ferry",
         "app.kubernetes.io/instance": .string(spec.namespace), "app.kubernetes.io/version": .string(FerryVersion.current)]
    }

    /// The selector matching what ``labels(_:)`` labels (install's prune and uninstall use it).
    static func selector(namespace: String) -> String {
        "app.kubernetes.io/managed-by=ferry,app.kubernetes.io/instance=\(namespace)"
    }

    static func all(_ spec: InstallSpec) throws -> [JSONValue] {
        var objects = try crds()
        objects.append(["apiVersion": "v1", "kind": "Namespace", "metadata": ["name": .string(spec.namespace), "labels": labels(spec)]])
        objects += rbac(spec)
        if spec.deployControllers {
            objects += controllers(spec)
            if spec.networkPolicy { objects += networkPolicies(spec) }
        }
        return objects
    }

    /// `metadata` with the install labels, namespaced when `namespaced`.
    static func metadata(_ name: String, _ spec: InstallSpec, namespaced: Bool = true) -> JSONValue {
        namespaced ? ["name": .string(name), "namespace": .string(spec.namespace), "labels": labels(spec)]
            : ["name": .string(name), "labels": labels(spec)]
    }
}
