import ArgumentParser

struct DeleteSourceHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helm", abstract: "Delete a HelmRepository.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRepository's name.") var name: String
    @OptionGroup var options: ConfirmOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Deletion.run(kube, kind: .helmRepository, name: name, namespace: cluster.ferryNamespace, silent: options.silent)
            }
        }
    }
}
