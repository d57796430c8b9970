import ArgumentParser

struct ResumeHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helmrelease", abstract: "Resume reconciliation of a HelmRelease and wait for it.", aliases: ["hr"])
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @OptionGroup var waiting: WaitOptions

    func validate() throws { try selection.validate(kind: .helmRelease) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let objects = try await Suspension.set(false, kube: kube, kind: .helmRelease, selection: selection, namespace: cluster.ferryNamespace)
                guard wait else { return }
                for object in objects {
                    try await ReconcileWait.untilReady(kube, kind: .helmRelease, object: object, timeout: waiting.timeout)
                }
            }
        }
    }
}
