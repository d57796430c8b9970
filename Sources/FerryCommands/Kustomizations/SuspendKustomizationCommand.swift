import ArgumentParser

struct SuspendKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kustomization", abstract: "Suspend reconciliation of a Kustomization.", aliases: ["ks"])
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .kustomization) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Suspension.set(true, kube: kube, kind: .kustomization, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
