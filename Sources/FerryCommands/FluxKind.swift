import ControllerRuntime
import FerryAPI
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
    /// What the controller did with a revision: "fetched" (sources), "applied" (appliers).
    var revisionVerb: String

    static let gitRepository = FluxKind(
        gvk: KubernetesGitRepositoryReader.gitRepositoryKind,
        noun: "source git", shortNoun: "source", revisionVerb: "fetched")

    static let helmRepository = FluxKind(
        gvk: GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmRepository"),
        noun: "source helm", shortNoun: "source", revisionVerb: "fetched")

    static let helmChart = FluxKind(
        gvk: GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "HelmChart"),
        noun: "source chart", shortNoun: "source", revisionVerb: "fetched")

    static let ociRepository = FluxKind(
        gvk: OCIRepositoryReconciler.kind, noun: "source oci", shortNoun: "source", revisionVerb: "fetched")

    static let kustomization = FluxKind(
        gvk: Kustomization.gvk, noun: "kustomization", shortNoun: "kustomization", revisionVerb: "applied")

    static let helmRelease = FluxKind(
        gvk: GroupVersionKind(group: "helm.toolkit.fluxcd.io", version: "v2", kind: "HelmRelease"),
        noun: "helmrelease", shortNoun: "helmrelease", revisionVerb: "applied")

    /// Written by ArtifactGenerators, not reconciled itself (`ferry get sources external`).
    static let externalArtifact = FluxKind(
        gvk: GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "ExternalArtifact"),
        noun: "source external", shortNoun: "source", revisionVerb: "fetched")

    static let artifactGenerator = FluxKind(
        gvk: KubernetesArtifactGeneratorCluster.generatorKind, noun: "artifact generator", shortNoun: "artifact generator",
        revisionVerb: "generated")

    /// Every kind Ferry serves, in the order `ferry get all` prints them (sources first).
    static let all: [FluxKind] = [.gitRepository, .ociRepository, .helmRepository, .helmChart, .externalArtifact, .artifactGenerator,
                                  .kustomization, .helmRelease, .imageRepository, .imagePolicy, .imageUpdateAutomation]

    /// The source kinds, in `all`'s order (`ferry get sources all`).
    static var sources: [FluxKind] { all.filter { $0.shortNoun == "source" } }
}

/// The namespace Ferry's objects live in by default (Flux: flux-system).
let defaultFerryNamespace = "ferry-system"

extension ClusterOptions {
    /// `-n` when given, else ferry-system (as flux defaults to flux-system).
    var ferryNamespace: String { namespace ?? defaultFerryNamespace }
}

extension JSONValue {
    /// A HelmRepository of `type: oci`: Flux's static object, which holds an address and
    /// credentials for HelmCharts but is never reconciled itself, so nothing waits for it.
    var isStaticSource: Bool {
        kind == FluxKind.helmRepository.gvk.kind && self[path: "spec", "type"]?.stringValue == "oci"
    }

    /// The condition of `type` in `status.conditions`.
    func condition(_ type: String) -> JSONValue? {
        self[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// The revision a Flux object reports: a source's artifact, an applier's last applied one, a
    /// HelmRelease's chart version (of its latest release, as `flux get helmreleases` shows it).
    var reportedRevision: String? {
        self[path: "status", "artifact", "revision"]?.stringValue ?? self[path: "status", "lastAppliedRevision"]?.stringValue
            ?? self[path: "status", "history"]?.arrayValue?.first?["chartVersion"]?.stringValue
    }
}
