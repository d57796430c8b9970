import ArgumentParser

struct GetSourcesOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "oci", abstract: "Get the status of OCIRepository sources.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions
    @Flag(name: [.short, .long], help: "After listing, print each change as it happens.") var watch = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetTable.run(kube, kind: .ociRepository, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                       statusSelector: get.statusSelector, watch: watch)
            }
        }
    }
}
