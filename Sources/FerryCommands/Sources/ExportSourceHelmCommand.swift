import ArgumentParser

struct ExportSourceHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helm", abstract: "Export HelmRepositories as YAML.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .helmRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Export.run(kube, kind: .helmRepository, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
