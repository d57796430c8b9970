import ArgumentParser

/// `ferry get sources external` (flux 2.7's `flux get sources external`): the ExternalArtifacts an
/// ArtifactGenerator wrote, with their revisions.
struct GetSourcesExternalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "external", abstract: "Get the status of ExternalArtifact sources.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions
    @Flag(name: [.short, .long], help: "After listing, print each change as it happens.") var watch = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetTable.run(kube, kind: .externalArtifact, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                       statusSelector: get.statusSelector, watch: watch)
            }
        }
    }
}
