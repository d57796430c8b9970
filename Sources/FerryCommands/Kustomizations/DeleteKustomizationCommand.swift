import ArgumentParser

struct DeleteKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kustomization", abstract: "Delete a Kustomization.", aliases: ["ks"])
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The Kustomization's name.") var name: String
    @OptionGroup var options: ConfirmOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Deletion.run(kube, kind: .kustomization, name: name, namespace: cluster.ferryNamespace, silent: options.silent)
            }
        }
    }
}
