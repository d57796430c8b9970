import ArgumentParser

struct ExportKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kustomization", abstract: "Export Kustomizations as YAML.", aliases: ["ks"])
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .kustomization) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Export.run(kube, kind: .kustomization, selection: selection, namespace: cluster.ferryNamespace)
            }
        }
    }
}
