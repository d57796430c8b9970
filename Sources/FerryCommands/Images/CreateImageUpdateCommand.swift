import ArgumentParser
import Manifests

/// `ferry create image update`: flux's flags; `--export` prints the object as flux builds it,
/// otherwise it is applied and the command waits for the first run.
struct CreateImageUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Create or update an ImageUpdateAutomation.",
        discussion: "Example: ferry create image update apps --git-repo-ref=fleet --git-repo-path=./clusters/prod "
            + "--checkout-branch=main --push-branch=main --author-name=bot --author-email=bot@example.com")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The ImageUpdateAutomation's name.") var name: String
    @Option(name: .customLong("git-repo-ref"), help: "The GitRepository to update.") var gitRepoRef: String
    @Option(name: .customLong("git-repo-namespace"), help: "The GitRepository's namespace (default: this object's).") var gitRepoNamespace: String?
    @Option(name: .customLong("git-repo-path"), help: "The directory whose marked fields are updated.") var gitRepoPath: String?
    @Option(name: .customLong("checkout-branch"), help: "The branch to check out (default: the GitRepository's ref).") var checkoutBranch: String?
    @Option(name: .customLong("push-branch"), help: "The branch to push to (default: the checkout branch).") var pushBranch: String?
    @Option(name: .customLong("author-name"), help: "The commits' author name.") var authorName: String?
    @Option(name: .customLong("author-email"), help: "The commits' author email.") var authorEmail: String
    @Option(name: .customLong("commit-template"), help: "A Go template for the commit message.") var commitTemplate: String?
    @Option(help: "How often the automation runs, e.g. 5m.") var interval: String = "1m"
    @Option(name: .customLong("label"), help: "A label for the object: key=value (repeatable).") var labels: [String] = []
    @OptionGroup var waiting: WaitOptions
    @Flag(help: "Print the object as YAML instead of applying it.") var export = false

    func validate() throws { _ = try object() }

    func object() throws -> JSONValue {
        var commit: JSONObject = [:]
        var author: JSONObject = ["email": .string(authorEmail)]
        if let authorName { author["name"] = .string(authorName) }
        commit["author"] = .object(author)
        if let commitTemplate { commit["messageTemplate"] = .string(commitTemplate) }
        var git: JSONObject = [:]
        if let checkoutBranch { git["checkout"] = ["ref": ["branch": .string(checkoutBranch)]] }
        git["commit"] = .object(commit)
        if let pushBranch { git["push"] = ["branch": .string(pushBranch)] }
        var source: JSONObject = ["kind": "GitRepository", "name": .string(gitRepoRef)]
        if let gitRepoNamespace { source["namespace"] = .string(gitRepoNamespace) }
        var update: JSONObject = [:]
        if let gitRepoPath { update["path"] = .string(gitRepoPath) }
        update["strategy"] = "Setters"
        let spec: JSONObject = ["git": .object(git), "interval": .string(try KustomizationFlags.duration(interval, flag: "interval")),
                                "sourceRef": .object(source), "update": .object(update)]
        return try Creation.object(.imageUpdateAutomation, name: name, namespace: cluster.ferryNamespace, labels: labels, spec: spec)
    }

    func run() async throws {
        try await Creation.run(try object(), kind: .imageUpdateAutomation, noun: "ImageUpdateAutomation", done: "ImageUpdateAutomation",
                               cluster: cluster, export: export, timeout: waiting.timeout)
    }
}
