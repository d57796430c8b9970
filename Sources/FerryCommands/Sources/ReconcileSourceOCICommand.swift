import ArgumentParser

struct ReconcileSourceOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oci", abstract: "Reconcile an OCIRepository now and print the revision it fetched.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The OCIRepository's name.") var name: String
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let object = try await kube.getFound(FluxKind.ociRepository.gvk, name: name, namespace: cluster.ferryNamespace)
                try await Reconcile.request(kube, kind: .ociRepository, object: object, timeout: waiting.timeout)
            }
        }
    }
}
