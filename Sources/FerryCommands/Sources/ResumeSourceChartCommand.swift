import ArgumentParser

struct ResumeSourceChartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "chart", abstract: "Resume reconciliation of a HelmChart and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @OptionGroup var waiting: WaitOptions

    func validate() throws { try selection.validate(kind: .helmChart) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let objects = try await Suspension.set(false, kube: kube, kind: .helmChart, selection: selection, namespace: cluster.ferryNamespace)
                guard wait else { return }
                for object in objects {
                    try await ReconcileWait.untilReady(kube, kind: .helmChart, object: object, timeout: waiting.timeout)
                }
            }
        }
    }
}
