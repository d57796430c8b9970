import ArgumentParser
import FerryAPI
import Manifests

/// `ferry reconcile kustomization NAME [--with-source]`: with the source first, so the
/// Kustomization applies the newest revision.
struct ReconcileKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization", abstract: "Reconcile a Kustomization now and print the revision it applied.",
        discussion: "Example: ferry reconcile kustomization podinfo --with-source", aliases: ["ks"])
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The Kustomization's name.") var name: String
    @Flag(name: .customLong("with-source"), help: "Reconcile the Kustomization's source first.") var withSource = false
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let kustomization = try await kube.getFound(FluxKind.kustomization.gvk, name: name, namespace: cluster.ferryNamespace)
                if kustomization[path: "spec", "suspend"]?.boolValue == true { throw CLIMessage("resource is suspended") }
                if withSource {
                    let ref = kustomization[path: "spec", "sourceRef"]
                    let kind = ref?["kind"]?.stringValue ?? ""
                    // An ExternalArtifact has no reconciler of its own (its ArtifactGenerator writes it).
                    guard let source = [FluxKind.gitRepository, .ociRepository].first(where: { $0.gvk.kind == kind }) else {
                        throw CLIMessage("cannot reconcile source kind '\(kind)': Ferry reconciles GitRepository and OCIRepository sources")
                    }
                    try await Reconcile.request(kube, kind: source, name: ref?["name"]?.stringValue ?? "",
                                                namespace: ref?["namespace"]?.stringValue ?? cluster.ferryNamespace, timeout: waiting.timeout)
                }
                try await Reconcile.request(kube, kind: .kustomization, object: kustomization, timeout: waiting.timeout)
            }
        }
    }
}
