import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// `ferry create image repository`: flux's flags; `--export` prints the object as flux does,
/// otherwise it is applied and the command waits for the first scan.
struct CreateImageRepositoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repository", abstract: "Create or update an ImageRepository.",
        discussion: "Example: ferry create image repository podinfo --image=ghcr.io/stefanprodan/podinfo --interval=5m")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The ImageRepository's name.") var name: String
    @Option(help: "The image repository to scan, without tag, e.g. ghcr.io/org/app.") var image: String
    @Option(help: "How often to scan, e.g. 5m.") var interval: String = "1m"
    @Option(name: .customLong("scan-timeout"), help: "How long one scan may take (spec.timeout), e.g. 30s.") var scanTimeout: String?
    @Option(name: .customLong("secret-ref"), help: "A kubernetes.io/dockerconfigjson Secret with the registry's credentials.") var secretRef: String?
    @Option(name: .customLong("cert-secret-ref"), help: "A Secret with tls.crt, tls.key and/or ca.crt.") var certSecretRef: String?
    @Option(help: "How to authenticate: generic (Ferry supports only this one), aws, azure or gcp.") var provider: String?
    @Flag(help: "Reach the registry over plain HTTP.") var insecure = false
    @Option(name: .customLong("exclusion-list"), help: "A regular expression of tags to leave out (repeatable).") var exclusions: [String] = []
    @Option(name: .customLong("label"), help: "A label for the ImageRepository: key=value (repeatable).") var labels: [String] = []
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    func validate() throws { _ = try object() }

    /// The object with keys sorted, as flux's `--export` prints it.
    func object() throws -> JSONValue {
        if let provider, !["generic", "aws", "azure", "gcp"].contains(provider) {
            throw ValidationError("--provider \(provider) is not supported, can be one of: generic, aws, azure, gcp")
        }
        guard !image.contains("://") else { throw ValidationError("--image \(image) should not include a URL scheme") }
        var spec: JSONObject = [:]
        if let certSecretRef { spec["certSecretRef"] = ["name": .string(certSecretRef)] }
        if !exclusions.isEmpty { spec["exclusionList"] = .array(exclusions.map { .string($0) }) }
        spec["image"] = .string(image)
        if insecure { spec["insecure"] = true }
        spec["interval"] = .string(try CreateSourceHelmCommand.duration(interval, flag: "interval"))
        if let provider { spec["provider"] = .string(provider) }
        if let secretRef { spec["secretRef"] = ["name": .string(secretRef)] }
        if let scanTimeout { spec["timeout"] = .string(try CreateSourceHelmCommand.duration(scanTimeout, flag: "scan-timeout")) }
        return try Creation.object(.imageRepository, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .imageRepository, noun: "ImageRepository", done: "ImageRepository", cluster: cluster,
                               export: export, timeout: waiting.timeout)
    }
}
