import ArgumentParser

struct DeleteSourceOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oci", abstract: "Delete an OCIRepository.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The OCIRepository's name.") var name: String
    @OptionGroup var options: ConfirmOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Deletion.run(kube, kind: .ociRepository, name: name, namespace: cluster.ferryNamespace, silent: options.silent)
            }
        }
    }
}
