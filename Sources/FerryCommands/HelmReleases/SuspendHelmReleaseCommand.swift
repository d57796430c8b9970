import ArgumentParser

struct SuspendHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helmrelease", abstract: "Suspend reconciliation of a HelmRelease.", aliases: ["hr"])
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .helmRelease) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Suspension.set(true, kube: kube, kind: .helmRelease, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
