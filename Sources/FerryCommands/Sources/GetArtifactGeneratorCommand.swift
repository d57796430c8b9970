import ArgumentParser

/// `ferry get artifact generator` (flux 2.7's `flux get artifact generator`): ArtifactGenerators
/// and whether their last reconcile generated every artifact.
struct GetArtifactCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact", abstract: "Get the status of artifact generators.",
        subcommands: [GetArtifactGeneratorCommand.self])
}

struct GetArtifactGeneratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "generator", abstract: "Get the status of ArtifactGenerators.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions
    @Flag(name: [.short, .long], help: "After listing, print each change as it happens.") var watch = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetTable.run(kube, kind: .artifactGenerator, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                       statusSelector: get.statusSelector, watch: watch)
            }
        }
    }
}
