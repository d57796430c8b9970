import ArgumentParser

/// An OCI HelmRepository is static (Flux's): there is nothing to reconcile, and flux says so.
struct ReconcileSourceHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helm", abstract: "Reconcile a HelmRepository now and print the revision it fetched.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRepository's name.") var name: String
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let object = try await kube.getFound(FluxKind.helmRepository.gvk, name: name, namespace: cluster.ferryNamespace)
                // Flux's answer for a static object, given before the suspend check as flux does.
                guard !object.isStaticSource else {
                    Say.success("reconciliation not supported by the object")
                    return
                }
                try await Reconcile.request(kube, kind: .helmRepository, object: object, timeout: waiting.timeout)
            }
        }
    }
}
