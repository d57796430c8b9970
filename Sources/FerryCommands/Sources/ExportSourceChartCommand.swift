import ArgumentParser

struct ExportSourceChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chart", abstract: "Export HelmCharts as YAML.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .helmChart) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Export.run(kube, kind: .helmChart, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
