import ArgumentParser

struct SuspendSourceHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helm", abstract: "Suspend reconciliation of a HelmRepository.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .helmRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Suspension.set(true, kube: kube, kind: .helmRepository, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
