import ArgumentParser

struct DeleteSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Delete a GitRepository.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name.") var name: String
    @OptionGroup var options: ConfirmOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Deletion.run(kube, kind: .gitRepository, name: name, namespace: cluster.ferryNamespace, silent: options.silent)
            }
        }
    }
}
