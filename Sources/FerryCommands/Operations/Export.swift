import Foundation
import KubernetesClient
import Manifests

/// `ferry export …` for any Flux kind.
enum Export {
    /// Prints the named object, or every object of the kind in the namespace by name, as
    /// `---`-separated clean YAML.
    static func run(_ kube: KubernetesClient, kind: FluxKind, selection: NameOrAllOptions, namespace: String) async throws {
        let objects: [JSONValue]
        if let name = selection.name {
            objects = [try await kube.getFound(kind.gvk, name: name, namespace: namespace)]
        } else {
            objects = try await kube.listAll(kind.gvk, namespace: namespace).items
                .sorted { ($0.metadataName ?? "") < ($1.metadataName ?? "") }
        }
        print(yaml(objects.map(clean)), terminator: "")
    }

    /// Documents each preceded by `---`, as flux's `--export` prints them.
    static func yaml(_ objects: [JSONValue]) -> String {
        objects.map { "---\n" + YAML.string($0) }.joined()
    }

    /// What belongs in Git: apiVersion, kind, name, namespace, user labels and annotations,
    /// spec — not status, server-set metadata or reconcile requests.
    static func clean(_ object: JSONValue) -> JSONValue {
        var metadata: JSONObject = ["name": object[path: "metadata", "name"] ?? "", "namespace": object[path: "metadata", "namespace"] ?? ""]
        if let labels = object[path: "metadata", "labels"]?.objectValue, !labels.isEmpty { metadata["labels"] = .object(labels) }
        if var annotations = object[path: "metadata", "annotations"]?.objectValue {
            for key in ["kubectl.kubernetes.io/last-applied-configuration", "reconcile.fluxcd.io/requestedAt"] { annotations[key] = nil }
            if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        }
        return ["apiVersion": object["apiVersion"] ?? "", "kind": object["kind"] ?? "", "metadata": .object(metadata),
                "spec": withoutDefaults(object["spec"] ?? [:])]
    }

    /// The spec without the `false` values the CRD's defaults filled in (`force`,
    /// `substituteFrom[].optional`), as `flux export` leaves zero values out of what it prints.
    static func withoutDefaults(_ spec: JSONValue) -> JSONValue {
        var spec = spec
        if spec["force"]?.boolValue == false { spec["force"] = nil }
        if let refs = spec[path: "postBuild", "substituteFrom"]?.arrayValue {
            spec["postBuild"]?["substituteFrom"] = .array(refs.map { ref in
                var ref = ref
                if ref["optional"]?.boolValue == false { ref["optional"] = nil }
                return ref
            })
        }
        return spec
    }
}
