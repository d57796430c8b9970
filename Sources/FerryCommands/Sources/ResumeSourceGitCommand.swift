import ArgumentParser

struct ResumeSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Resume reconciliation of a GitRepository and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @OptionGroup var waiting: WaitOptions

    func validate() throws { try selection.validate(kind: .gitRepository) }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let objects = try await Suspension.set(false, kube: kube, kind: .gitRepository, selection: selection, namespace: cluster.ferryNamespace)
                guard wait else { return }
                for object in objects {
                    try await ReconcileWait.untilReady(kube, kind: .gitRepository, object: object, timeout: waiting.timeout)
                }
            }
        }
    }
}
