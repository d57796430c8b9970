import ArgumentParser

struct DeleteSourceChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chart", abstract: "Delete a HelmChart.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmChart's name.") var name: String
    @OptionGroup var options: ConfirmOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Deletion.run(kube, kind: .helmChart, name: name, namespace: cluster.ferryNamespace, silent: options.silent)
            }
        }
    }
}
