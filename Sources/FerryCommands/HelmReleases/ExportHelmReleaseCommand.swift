import ArgumentParser

struct ExportHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helmrelease", abstract: "Export HelmReleases as YAML.", aliases: ["hr"])
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .helmRelease) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Export.run(kube, kind: .helmRelease, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
