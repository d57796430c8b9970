import ArgumentParser

struct SuspendSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Suspend reconciliation of a GitRepository.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .gitRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Suspension.set(true, kube: kube, kind: .gitRepository, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
