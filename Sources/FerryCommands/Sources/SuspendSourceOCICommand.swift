import ArgumentParser

struct SuspendSourceOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oci", abstract: "Suspend reconciliation of an OCIRepository.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .ociRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Suspension.set(true, kube: kube, kind: .ociRepository, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
