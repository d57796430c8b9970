import ArgumentParser

struct GetSourcesChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chart", abstract: "Get the status of HelmChart sources.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions
    @Flag(name: [.short, .long], help: "After listing, print each change as it happens.") var watch = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetTable.run(kube, kind: .helmChart, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                       statusSelector: get.statusSelector, watch: watch)
            }
        }
    }
}
