import ArgumentParser

struct DeleteHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helmrelease", abstract: "Delete a HelmRelease (its release is uninstalled).", aliases: ["hr"])
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRelease's name.") var name: String
    @OptionGroup var options: ConfirmOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Deletion.run(kube, kind: .helmRelease, name: name, namespace: cluster.ferryNamespace, silent: options.silent)
            }
        }
    }
}
