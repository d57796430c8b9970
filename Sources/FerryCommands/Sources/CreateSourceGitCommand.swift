import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

struct CreateSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "git", abstract: "Create or update a GitRepository source.",
        discussion: "Example: ferry create source git podinfo --url=https://github.com/stefanprodan/podinfo --branch=master --interval=1m")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name.") var name: String
    @Option(help: "The Git repository URL: http(s):// or ssh://.") var url: String
    @Option(help: "Git branch.") var branch: String?
    @Option(help: "Git tag.") var tag: String?
    @Option(name: .customLong("tag-semver"), help: "A semver range: the highest matching tag.") var tagSemver: String?
    @Option(help: "Git commit SHA.") var commit: String?
    @Option(name: .customLong("secret-ref"), help: "The name of a Secret with Git credentials.") var secretRef: String?
    @Option(help: "How often to check the repository, e.g. 1m.") var interval: String = "1m"
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    func validate() throws {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("ssh://") else {
            throw ValidationError("--url must start with http://, https:// or ssh://")
        }
        guard GoDuration.parse(interval) != nil else { throw ValidationError("--interval \(interval) is not a duration such as 1m or 30s") }
        let refs = [branch, tag, tagSemver, commit].compactMap { $0 }
        guard refs.count <= 1 || (refs.count == 2 && commit != nil && branch != nil) else {
            throw ValidationError("choose one of --branch, --tag, --tag-semver and --commit (--commit may go with --branch)")
        }
    }

    /// The object, keys sorted as flux's export prints them.
    var object: JSONValue {
        var ref: JSONObject = [:]
        if let branch { ref["branch"] = .string(branch) }
        if let commit { ref["commit"] = .string(commit) }
        if let tagSemver { ref["semver"] = .string(tagSemver) }
        if let tag { ref["tag"] = .string(tag) }
        if ref.isEmpty { ref["branch"] = "master" }
        var spec: JSONObject = ["interval": .string(GoDuration.format(seconds: GoDuration.parse(interval) ?? 60)), "ref": .object(ref)]
        if let secretRef { spec["secretRef"] = ["name": .string(secretRef)] }
        spec["url"] = .string(url)
        return [
            "apiVersion": .string(FluxKind.gitRepository.gvk.apiVersion), "kind": .string(FluxKind.gitRepository.gvk.kind),
            "metadata": ["name": .string(name), "namespace": .string(cluster.ferryNamespace)],
            "spec": .object(spec),
        ]
    }

    func run() async throws {
        try await Creation.run(object, kind: .gitRepository, noun: "GitRepository source", done: "GitRepository source", cluster: cluster, export: export,
                               timeout: waiting.timeout)
    }
}
