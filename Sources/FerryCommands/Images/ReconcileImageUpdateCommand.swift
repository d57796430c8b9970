import ArgumentParser

/// `ferry reconcile image update NAME`: asks for a run now and waits for Ready, then prints the
/// last pushed commit when there is one.
struct ReconcileImageUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Run an ImageUpdateAutomation now and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The ImageUpdateAutomation's name.") var name: String
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let kind = FluxKind.imageUpdateAutomation
                try await Reconcile.request(kube, kind: kind, name: name, namespace: cluster.ferryNamespace, timeout: waiting.timeout)
                let object = try await kube.getFound(kind.gvk, name: name, namespace: cluster.ferryNamespace)
                if let commit = object[path: "status", "lastPushCommit"]?.stringValue {
                    Say.success("last push commit \(commit)")
                }
            }
        }
    }
}
