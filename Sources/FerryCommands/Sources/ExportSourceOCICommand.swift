import ArgumentParser

struct ExportSourceOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oci", abstract: "Export OCIRepositories as YAML.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .ociRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Export.run(kube, kind: .ociRepository, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
