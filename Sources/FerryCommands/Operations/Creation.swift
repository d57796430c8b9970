import KubernetesClient
import Manifests

/// `ferry create …` for any Flux kind: the object as flux builds it, then `--export` prints it,
/// or it is applied (server-side, field manager `ferry`) and awaited until Ready.
enum Creation {
    /// `apiVersion`, `kind`, `metadata` (name, namespace, `--label`s) and `spec`.
    static func object(_ kind: FluxKind, name: String, namespace: String, labels: [String] = [], spec: JSONObject) throws -> JSONValue {
        var metadata: JSONObject = [:]
        let labelValues = try KustomizationFlags.labels(labels)
        if !labelValues.isEmpty { metadata["labels"] = .object(labelValues) }
        metadata["name"] = .string(name)
        metadata["namespace"] = .string(namespace)
        return ["apiVersion": .string(kind.gvk.apiVersion), "kind": .string(kind.gvk.kind), "metadata": .object(metadata),
                "spec": .object(spec)]
    }

    /// Prints (`export`) or applies `object` and waits for it, saying what it does as flux says
    /// it: "generating <noun>", "applying <noun>", "<done> created|updated", then the wait —
    /// skipped when `awaited` says the applied object never reports Ready (a static source).
    static func run(_ object: JSONValue, kind: FluxKind, noun: String, done: String, cluster: ClusterOptions, export: Bool,
                    timeout: String, ready: String? = nil, awaited: @escaping @Sendable (JSONValue) -> Bool = { _ in true }) async throws {
        if export {
            print(Export.yaml([object]), terminator: "")
            return
        }
        let name = object.metadataName ?? ""
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                Say.generate("generating \(noun)")
                Say.action("applying \(noun)")
                let existed = (try? await kube.get(kind.gvk, name: name, namespace: cluster.ferryNamespace)) != nil
                let applied = try await kube.apply(object, fieldManager: "ferry", force: true)
                Say.success("\(done) \(existed ? "updated" : "created")")
                guard awaited(applied) else { return }
                try await ReconcileWait.untilReady(kube, kind: kind, object: applied, timeout: timeout, ready: ready)
            }
        }
    }
}
