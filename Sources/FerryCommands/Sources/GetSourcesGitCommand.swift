import ArgumentParser

struct GetSourcesGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Get the status of GitRepository sources.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions
    @Flag(name: [.short, .long], help: "After listing, print each change as it happens.") var watch = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetTable.run(kube, kind: .gitRepository, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                       statusSelector: get.statusSelector, watch: watch)
            }
        }
    }
}
