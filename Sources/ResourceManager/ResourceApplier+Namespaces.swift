import KubernetesClient
import Manifests

extension ResourceApplier {
    /// Flux's error for a namespaced object that names no namespace (fluxcd/pkg/ssa):
    /// `ConfigMap/settings namespace not specified`.
    static func namespaceNotSpecified(kind: String, name: String) -> String {
        "\(kind)/\(name) namespace not specified"
    }

    /// One ``namespaceNotSpecified(kind:name:)`` line per namespaced object of `objects` with no
    /// `metadata.namespace`, judged before anything is applied so that such a set changes
    /// nothing (as Flux refuses it). The client's default namespace is never filled in: it
    /// belongs to whoever runs the controller, and a change of it would make every such
    /// object look stale and pruned.
    ///
    /// Whether a kind is namespaced comes from a CRD in `objects` that defines it (its
    /// `spec.scope`), else from discovery; kinds neither knows are left for the apply to
    /// report (Flux's NoMatch message).
    func missingNamespaces(_ objects: [JSONValue]) async -> [String] {
        var definedScopes: [GroupKind: Bool] = [:]
        for object in objects {
            guard let gvk = object.groupVersionKind, gvk.group == "apiextensions.k8s.io", gvk.kind == "CustomResourceDefinition",
                  let group = object[path: "spec", "group"]?.stringValue,
                  let kind = object[path: "spec", "names", "kind"]?.stringValue else { continue }
            definedScopes[GroupKind(group: group, kind: kind)] = object[path: "spec", "scope"]?.stringValue != "Cluster"
        }
        var failures: [String] = []
        for object in objects where (object.metadataNamespace ?? "").isEmpty {
            guard let gvk = object.groupVersionKind, let name = object.metadataName, !name.isEmpty else { continue }
            let namespaced: Bool
            if let defined = definedScopes[gvk.groupKind] {
                namespaced = defined
            } else if let mapping = try? await client.mapping(for: gvk) {
                namespaced = mapping.namespaced
            } else {
                continue
            }
            if namespaced { failures.append(Self.namespaceNotSpecified(kind: gvk.kind, name: name)) }
        }
        return failures
    }
}
