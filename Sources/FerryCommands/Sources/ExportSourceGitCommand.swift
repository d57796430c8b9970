import ArgumentParser

struct ExportSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Export GitRepositorys as YAML.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .gitRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Export.run(kube, kind: .gitRepository, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
