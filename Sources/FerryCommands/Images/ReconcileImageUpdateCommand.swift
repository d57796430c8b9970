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

/// `ferry suspend image update NAME|--all`: the automation stops committing until resumed.
struct SuspendImageUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Suspend an ImageUpdateAutomation.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .imageUpdateAutomation) }

    func run() async throws {
        try await ImageSuspension.set(true, kind: .imageUpdateAutomation, selection: selection, cluster: cluster, wait: false, timeout: "")
    }
}

/// `ferry resume image update NAME|--all`: resumes, and waits for the run that follows.
struct ResumeImageUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Resume an ImageUpdateAutomation and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @OptionGroup var waiting: WaitOptions

    func validate() throws { try selection.validate(kind: .imageUpdateAutomation) }

    func run() async throws {
        try await ImageSuspension.set(false, kind: .imageUpdateAutomation, selection: selection, cluster: cluster, wait: wait, timeout: waiting.timeout)
    }
}
