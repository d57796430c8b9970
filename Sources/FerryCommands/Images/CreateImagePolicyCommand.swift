import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

/// `ferry create image policy`: flux's flags (`--image-ref`, one of `--select-semver`,
/// `--select-numeric`, `--select-alpha`, `--filter-regex`/`--filter-extract`, `--reflect-digest`).
struct CreateImagePolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Create or update an ImagePolicy.",
        discussion: "Example: ferry create image policy podinfo --image-ref=podinfo --select-semver='>=1.0.0'")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The ImagePolicy's name.") var name: String
    @Option(name: .customLong("image-ref"), help: "The ImageRepository to choose from: NAME or NAMESPACE/NAME.") var imageRef: String
    @Option(name: .customLong("select-semver"), help: "Choose the highest version in this semver range.") var semver: String?
    @Option(name: .customLong("select-numeric"), help: "Choose by numerical order: asc (largest) or desc.") var numeric: String?
    @Option(name: .customLong("select-alpha"), help: "Choose by alphabetical order: asc (last) or desc.") var alpha: String?
    @Option(name: .customLong("filter-regex"), help: "Only tags matching this regular expression.") var filterRegex: String?
    @Option(name: .customLong("filter-extract"), help: "Compare this template over --filter-regex's groups, e.g. $ts.") var filterExtract: String?
    @Option(name: .customLong("reflect-digest"), help: "Set latestRef.digest: Never, IfNotPresent or Always.") var reflectDigest: String?
    @Option(help: "How often to read the digest again with --reflect-digest=Always, e.g. 10m.") var interval: String?
    @Option(name: .customLong("label"), help: "A label for the ImagePolicy: key=value (repeatable).") var labels: [String] = []
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    func validate() throws { _ = try object() }

    func object() throws -> JSONValue {
        var policy: JSONObject = [:]
        if let semver { policy["semver"] = ["range": .string(semver)] }
        for (key, value, flag) in [("numerical", numeric, "select-numeric"), ("alphabetical", alpha, "select-alpha")] {
            guard let value else { continue }
            guard ["asc", "desc"].contains(value.lowercased()) else { throw ValidationError("--\(flag) must be asc or desc, not \(value)") }
            policy[key] = ["order": .string(value.lowercased())]
        }
        guard policy.count == 1 else {
            throw ValidationError("exactly one of --select-semver, --select-numeric and --select-alpha is required")
        }
        if filterExtract != nil && filterRegex == nil { throw ValidationError("--filter-extract needs --filter-regex") }
        if let reflectDigest, ![ImagePolicy.reflectAlways, ImagePolicy.reflectIfNotPresent, ImagePolicy.reflectNever].contains(reflectDigest) {
            throw ValidationError("--reflect-digest must be Always, IfNotPresent or Never, not \(reflectDigest)")
        }
        if interval != nil && reflectDigest != ImagePolicy.reflectAlways {
            throw ValidationError("--interval is only accepted with --reflect-digest=Always")
        }
        var spec: JSONObject = [:]
        if let reflectDigest { spec["digestReflectionPolicy"] = .string(reflectDigest) }
        if let filterRegex {
            var filter: JSONObject = [:]
            if let filterExtract { filter["extract"] = .string(filterExtract) }
            filter["pattern"] = .string(filterRegex)
            spec["filterTags"] = .object(filter)
        }
        let parts = imageRef.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty }) else {
            throw ValidationError("--image-ref must be NAME or NAMESPACE/NAME, not \(imageRef)")
        }
        spec["imageRepositoryRef"] = parts.count == 2 ? ["name": .string(parts[1]), "namespace": .string(parts[0])] : ["name": .string(parts[0])]
        if let interval { spec["interval"] = .string(try CreateSourceHelmCommand.duration(interval, flag: "interval")) }
        spec["policy"] = .object(policy)
        return try Creation.object(.imagePolicy, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .imagePolicy, noun: "ImagePolicy", done: "ImagePolicy", cluster: cluster,
                               export: export, timeout: waiting.timeout)
    }
}
