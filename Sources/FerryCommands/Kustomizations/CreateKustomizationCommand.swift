import ArgumentParser
import FerryAPI
import KubernetesClient
import Manifests

/// `ferry create kustomization`: flux's flags; `--export` prints the object, otherwise it is
/// applied and the command waits for the controller to report Ready.
struct CreateKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization", abstract: "Create or update a Kustomization.",
        discussion: "Example: ferry create kustomization podinfo --source=GitRepository/podinfo --path=./kustomize --prune --interval=10m", aliases: ["ks"])

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The Kustomization's name.") var name: String
    @Option(help: "The source: [GitRepository/]name[.namespace].") var source: String
    @Option(help: "The directory in the source holding kustomization.yaml or plain manifests.") var path: String = "./"
    @Option(help: "How often to reconcile, e.g. 10m.") var interval: String = "1m"
    @Option(name: .customLong("retry-interval"), help: "How soon to retry after a failure (default: the interval).") var retryInterval: String?
    @Flag(help: "Delete objects that disappear from the source.") var prune = false
    @Option(name: .customLong("depends-on"), help: "A Kustomization to wait for: name or namespace/name (repeatable).") var dependsOn: [String] = []
    @Option(name: .customLong("target-namespace"), help: "Put every namespaced object in this namespace.") var targetNamespace: String?
    @Option(name: .customLong("service-account"), help: "Apply as this service account.") var serviceAccount: String?
    @Option(name: .customLong("health-check"), help: "A workload whose health gates Ready: Kind/name.namespace (repeatable).") var healthCheck: [String] = []
    @Option(name: .customLong("health-check-timeout"), help: "How long health checks may take.") var healthCheckTimeout: String = "2m"
    @Flag(help: "Health-check every applied object (--health-check is then ignored).") var wait = false
    @Option(name: .customLong("kubeconfig-secret-ref"), help: "A Secret holding the kubeconfig of a remote cluster to apply to.") var kubeconfigSecretRef: String?
    @Option(name: .customLong("label"), help: "A label for the Kustomization: key=value (repeatable).") var labels: [String] = []
    @Option(name: .customLong("decryption-provider"), help: "Decrypt SOPS-encrypted manifests: sops.") var decryptionProvider: String?
    @Option(name: .customLong("decryption-secret"), help: "The Secret holding the SOPS keys (*.agekey, *.asc), e.g. made by 'ferry create secret sops-age'.")
    var decryptionSecret: String?
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    func validate() throws { _ = try object() }

    /// The object with keys sorted, as flux's `--export` prints it.
    func object() throws -> JSONValue {
        var spec: JSONObject = [:]
        if let decryptionProvider {
            guard decryptionProvider == "sops" else {
                throw ValidationError("--decryption-provider '\(decryptionProvider)' is not supported: the only provider is 'sops'")
            }
            var decryption: JSONObject = ["provider": "sops"]
            if let decryptionSecret { decryption["secretRef"] = ["name": .string(decryptionSecret)] }
            spec["decryption"] = .object(decryption)
        } else if decryptionSecret != nil {
            throw ValidationError("--decryption-secret needs --decryption-provider=sops")
        }
        let dependencies = try KustomizationFlags.dependsOn(dependsOn)
        if !dependencies.isEmpty { spec["dependsOn"] = .array(dependencies) }
        let checks = try KustomizationFlags.healthChecks(healthCheck)
        if !checks.isEmpty && !wait { spec["healthChecks"] = .array(checks) }
        spec["interval"] = .string(try KustomizationFlags.duration(interval, flag: "interval"))
        if let kubeconfigSecretRef { spec["kubeConfig"] = ["secretRef": ["name": .string(kubeconfigSecretRef)]] }
        spec["path"] = .string(KustomizationFlags.path(path))
        spec["prune"] = .bool(prune)
        if let retryInterval { spec["retryInterval"] = .string(try KustomizationFlags.duration(retryInterval, flag: "retry-interval")) }
        if let serviceAccount { spec["serviceAccountName"] = .string(serviceAccount) }
        spec["sourceRef"] = try KustomizationFlags.sourceRef(source)
        if let targetNamespace { spec["targetNamespace"] = .string(targetNamespace) }
        let timeout = try KustomizationFlags.duration(healthCheckTimeout, flag: "health-check-timeout")
        if wait || !checks.isEmpty { spec["timeout"] = .string(timeout) }
        if wait { spec["wait"] = true }

        return try Creation.object(.kustomization, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .kustomization, noun: "Kustomization", done: "Kustomization", cluster: cluster, export: export,
                               timeout: waiting.timeout, ready: "Kustomization \(name) is ready")
    }
}
