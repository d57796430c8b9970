import ArgumentParser

struct ReconcileSourceChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chart", abstract: "Reconcile a HelmChart now and print the revision it fetched.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmChart's name.") var name: String
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Reconcile.request(kube, kind: .helmChart, name: name, namespace: cluster.ferryNamespace, timeout: waiting.timeout)
            }
        }
    }
}
