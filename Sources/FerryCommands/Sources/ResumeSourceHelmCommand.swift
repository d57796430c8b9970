import ArgumentParser

/// An OCI HelmRepository is static (Flux's): resuming it waits for nothing.
struct ResumeSourceHelmCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "helm", abstract: "Resume reconciliation of a HelmRepository and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @OptionGroup var waiting: WaitOptions

    func validate() throws { try selection.validate(kind: .helmRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let objects = try await Suspension.set(false, kube: kube, kind: .helmRepository, selection: selection, namespace: cluster.ferryNamespace)
                guard wait else { return }
                for object in objects where !object.isStaticSource {
                    try await ReconcileWait.untilReady(kube, kind: .helmRepository, object: object, timeout: waiting.timeout)
                }
            }
        }
    }
}
