import ArgumentParser

/// `ferry reconcile image repository NAME`: a scan now (the controller scans on a new
/// `reconcile.fluxcd.io/requestedAt`), waiting for Ready, then the count it found.
struct ReconcileImageRepositoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repository", abstract: "Scan an ImageRepository now and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The ImageRepository's name.") var name: String
    @OptionGroup var waiting: WaitOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let kind = FluxKind.imageRepository
                try await Reconcile.request(kube, kind: kind, name: name, namespace: cluster.ferryNamespace, timeout: waiting.timeout)
                let object = try await kube.getFound(kind.gvk, name: name, namespace: cluster.ferryNamespace)
                if let count = object[path: "status", "lastScanResult", "tagCount"]?.intValue {
                    Say.success("scan fetched \(count) tags")
                }
            }
        }
    }
}

struct SuspendImageRepositoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repository", abstract: "Suspend scans of an ImageRepository.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .imageRepository) }

    func run() async throws {
        try await ImageSuspension.set(true, kind: .imageRepository, selection: selection, cluster: cluster, wait: false, timeout: "")
    }
}

struct SuspendImagePolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Suspend an ImagePolicy.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions

    func validate() throws { try selection.validate(kind: .imagePolicy) }

    func run() async throws {
        try await ImageSuspension.set(true, kind: .imagePolicy, selection: selection, cluster: cluster, wait: false, timeout: "")
    }
}

struct ResumeImageRepositoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repository", abstract: "Resume scans of an ImageRepository and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @OptionGroup var waiting: WaitOptions

    func validate() throws { try selection.validate(kind: .imageRepository) }

    func run() async throws {
        try await ImageSuspension.set(false, kind: .imageRepository, selection: selection, cluster: cluster, wait: wait, timeout: waiting.timeout)
    }
}

struct ResumeImagePolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Resume an ImagePolicy and wait for it.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var selection: NameOrAllOptions
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @OptionGroup var waiting: WaitOptions

    func validate() throws { try selection.validate(kind: .imagePolicy) }

    func run() async throws {
        try await ImageSuspension.set(false, kind: .imagePolicy, selection: selection, cluster: cluster, wait: wait, timeout: waiting.timeout)
    }
}

/// Suspends or resumes (and then optionally waits for) the selected objects of `kind`.
enum ImageSuspension {
    static func set(_ suspended: Bool, kind: FluxKind, selection: NameOrAllOptions, cluster: ClusterOptions, wait: Bool,
                    timeout: String) async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let objects = try await Suspension.set(suspended, kube: kube, kind: kind, selection: selection, namespace: cluster.ferryNamespace)
                guard !suspended, wait else { return }
                for object in objects {
                    try await ReconcileWait.untilReady(kube, kind: kind, object: object, timeout: timeout)
                }
            }
        }
    }
}
