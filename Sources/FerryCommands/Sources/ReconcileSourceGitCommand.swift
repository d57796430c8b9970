import ArgumentParser

struct ReconcileSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Reconcile a GitRepository now and print the revision it fetched.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name.") var name: String
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Reconcile.request(kube, kind: .gitRepository, name: name, namespace: cluster.ferryNamespace, timeout: waiting.timeout)
            }
        }
    }
}
