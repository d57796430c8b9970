import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// `ferry create source oci`: flux's flags; `--export` prints the object as flux does,
/// otherwise it is applied and the command waits for the first artifact.
struct CreateSourceOCICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oci", abstract: "Create or update an OCIRepository source.",
        discussion: "Example: ferry create source oci podinfo --url=oci://ghcr.io/stefanprodan/manifests/podinfo --tag=6.6.2 --interval=10m")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The OCIRepository's name.") var name: String
    @Option(help: "The repository in the registry: oci://host/path, without a tag.") var url: String
    @Option(help: "The tag to follow.") var tag: String?
    @Option(name: .customLong("tag-semver"), help: "A semver range; the highest tag in it is followed.") var tagSemver: String?
    @Option(help: "A manifest digest (sha256:…) to pin.") var digest: String?
    @Option(help: "How often to check the registry, e.g. 10m.") var interval: String = "1m"
    @Option(name: .customLong("secret-ref"), help: "A kubernetes.io/dockerconfigjson Secret with the registry's credentials.") var secretRef: String?
    @Option(name: .customLong("ignore-paths"), parsing: .upToNextOption,
            help: "Paths to leave out of the artifact, in .gitignore syntax (repeatable, or comma-separated).") var ignorePaths: [String] = []
    @Flag(help: "Speak plain HTTP to the registry.") var insecure = false
    @Option(help: "Who gives the registry credentials: generic, aws, azure or gcp.") var provider: String = "generic"
    @Option(name: .customLong("label"), help: "A label for the OCIRepository: key=value (repeatable).") var labels: [String] = []
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    static let providers = ["generic", "aws", "azure", "gcp"]

    func validate() throws { _ = try object() }

    /// The object with keys sorted, as flux's `--export` prints it.
    func object() throws -> JSONValue {
        guard url.hasPrefix("oci://"), url.count > "oci://".count else {
            throw ValidationError("--url \(url) must look like oci://host/path")
        }
        guard tag != nil || tagSemver != nil || digest != nil else {
            throw ValidationError("one of --tag, --tag-semver or --digest is required")
        }
        guard Self.providers.contains(provider) else {
            throw ValidationError("--provider \(provider) is not supported, can be one of: \(Self.providers.joined(separator: ", "))")
        }
        var ref: JSONObject = [:]
        if let digest { ref["digest"] = .string(digest) }
        if let tagSemver { ref["semver"] = .string(tagSemver) }
        if let tag { ref["tag"] = .string(tag) }
        var spec: JSONObject = [:]
        let patterns = ignorePaths.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        if !patterns.isEmpty { spec["ignore"] = .string(patterns.joined(separator: "\n")) }
        if insecure { spec["insecure"] = true }
        spec["interval"] = .string(try CreateSourceHelmCommand.duration(interval, flag: "interval"))
        spec["provider"] = .string(provider)
        spec["ref"] = .object(ref)
        if let secretRef { spec["secretRef"] = ["name": .string(secretRef)] }
        spec["url"] = .string(url)
        return try Creation.object(.ociRepository, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .ociRepository, noun: "OCIRepository source", done: "source", cluster: cluster, export: export,
                               timeout: waiting.timeout)
    }
}
