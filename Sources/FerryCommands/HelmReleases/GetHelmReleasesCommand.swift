import ArgumentParser

struct GetHelmReleasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmreleases", abstract: "Get the status of HelmReleases.", aliases: ["helmrelease", "hr"])

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions
    @Flag(name: [.short, .long], help: "After listing, print each change as it happens.") var watch = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetTable.run(kube, kind: .helmRelease, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                       statusSelector: get.statusSelector, watch: watch)
            }
        }
    }
}
