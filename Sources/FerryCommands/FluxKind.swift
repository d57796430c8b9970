import Manifests
import SourceController

/// A Flux kind as the CLI names it (`source git`, `kustomization`): what the generic
/// commands (get, suspend, resume, reconcile, delete, export) need to know.
struct FluxKind: Sendable {
    var gvk: GroupVersionKind
    /// How flux's messages name it: "source git", "kustomization".
    var noun: String
    /// "source", "kustomization": the word in "✔ source suspended".
    var shortNoun: String

    static let gitRepository = FluxKind(
        gvk: KubernetesGitRepositoryReader.gitRepositoryKind,
        noun: "source git", shortNoun: "source")
}

/// The namespace Ferry's objects live in by default (Flux: flux-system).
let defaultFerryNamespace = "ferry-system"

extension ClusterOptions {
    /// `-n` when given, else ferry-system (as flux defaults to flux-system).
    var ferryNamespace: String { namespace ?? defaultFerryNamespace }
}

extension JSONValue {
    /// The condition of `type` in `status.conditions`.
    func condition(_ type: String) -> JSONValue? {
        self[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }
}
