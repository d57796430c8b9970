import ArgumentParser
import FerryAPI
import Manifests

/// `ferry reconcile helmrelease NAME [--with-source] [--force] [--reset]`: with the chart's
/// source first (its HelmRepository or GitRepository), so the release picks up the newest chart;
/// `--force` makes one install or upgrade even when the release is up to date, `--reset` clears
/// the failure counts so spent retries start over (flux's `reconcile.fluxcd.io/forceAt` and
/// `resetAt`).
struct ReconcileHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmrelease", abstract: "Reconcile a HelmRelease now and print the chart version it released.",
        discussion: "Example: ferry reconcile helmrelease podinfo --with-source", aliases: ["hr"])
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRelease's name.") var name: String
    @Flag(name: .customLong("with-source"), help: "Reconcile the chart's source first.") var withSource = false
    @Flag(help: "Run one Helm install or upgrade even when the release is up to date.") var force = false
    @Flag(help: "Reset the failure counts, so a release whose retries are spent is tried again.") var reset = false
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let release = try await kube.getFound(FluxKind.helmRelease.gvk, name: name, namespace: cluster.ferryNamespace)
                if release[path: "spec", "suspend"]?.boolValue == true { throw CLIMessage("resource is suspended") }
                if withSource, let ref = release[path: "spec", "chart", "spec", "sourceRef"] {
                    let kind = ref["kind"]?.stringValue ?? ""
                    guard let source = FluxKind.sources.first(where: { $0.gvk.kind == kind }) else {
                        throw CLIMessage("cannot reconcile source kind '\(kind)': Ferry serves GitRepository and HelmRepository sources")
                    }
                    try await Reconcile.request(kube, kind: source, name: ref["name"]?.stringValue ?? "",
                                                namespace: ref["namespace"]?.stringValue ?? cluster.ferryNamespace, timeout: waiting.timeout)
                }
                let also = (force ? [HelmRelease.forceAnnotation] : []) + (reset ? [HelmRelease.resetAnnotation] : [])
                try await Reconcile.request(kube, kind: .helmRelease, object: release, timeout: waiting.timeout, also: also)
            }
        }
    }
}
