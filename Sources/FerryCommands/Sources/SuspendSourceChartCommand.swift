import ArgumentParser

struct SuspendSourceChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chart", abstract: "Suspend reconciliation of a HelmChart.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .helmChart) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Suspension.set(true, kube: kube, kind: .helmChart, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
