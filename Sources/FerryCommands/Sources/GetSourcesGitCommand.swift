import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Get the status of Ferry's objects.",
        subcommands: [GetSourcesCommand.self])
}

struct GetSourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources", abstract: "Get the status of sources.", subcommands: [GetSourcesGitCommand.self])
}

struct GetSourcesGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Get the status of GitRepository sources.")

    @OptionGroup var cluster: ClusterOptions

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "List across all namespaces.")
    var allNamespaces = false

    @Option(name: .customLong("status-selector"), help: "Only objects whose condition matches, e.g. ready=false.")
    var statusSelector: String?

    @Flag(help: "After listing, print each change as it happens.")
    var watch = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetTable.run(kube, kind: .gitRepository, namespace: allNamespaces ? nil : cluster.ferryNamespace,
                                       statusSelector: statusSelector, watch: watch)
            }
        }
    }
}

/// `ferry get …` for any Flux kind: NAME, REVISION, SUSPENDED, READY, MESSAGE, AGE.
enum GetTable {
    static func run(_ kube: KubernetesClient, kind: FluxKind, namespace: String?, statusSelector: String?, watch: Bool) async throws {
        let selector = try statusSelector.map(parseSelector)
        let all = namespace == nil
        var headers = ["NAME", "REVISION", "SUSPENDED", "READY", "MESSAGE", "AGE"]
        if all { headers.insert("NAMESPACE", at: 0) }
        let list = try await kube.listAll(kind.gvk, namespace: namespace)
        var table = Table(headers: headers)
        let items = list.items.filter { matches($0, selector) }.sorted { ($0.metadataNamespace ?? "", $0.metadataName ?? "") < ($1.metadataNamespace ?? "", $1.metadataName ?? "") }
        table.rows = items.map { row($0, all: all) }
        if items.isEmpty && !watch {
            FileHandle.standardError.write(Data("no \(kind.gvk.kind) objects found in \(namespace.map { "\($0) namespace" } ?? "any namespace")\n".utf8))
            return
        }
        print(table.render(), terminator: "")
        guard watch else { return }
        Say.flush()
        for await event in kube.listWatch(kind.gvk, namespace: namespace, resumeFrom: list.resourceVersion) {
            switch event {
            case .added(let o), .modified(let o):
                if matches(o, selector) { print(String(Table(headers: headers, rows: [row(o, all: all)]).render().split(separator: "\n").last ?? "")) }
            case .deleted, .synced:
                continue
            }
            Say.flush()
        }
    }

    static func row(_ o: JSONValue, all: Bool) -> [String] {
        let ready = o.condition("Ready")
        var cells = [
            o.metadataName ?? "",
            o[path: "status", "artifact", "revision"]?.stringValue ?? o[path: "status", "lastAppliedRevision"]?.stringValue ?? "",
            (o[path: "spec", "suspend"]?.boolValue ?? false) ? "True" : "False",
            ready?["status"]?.stringValue ?? "Unknown",
            ready?["message"]?.stringValue ?? "",
            HumanDuration.age(of: o[path: "metadata", "creationTimestamp"]?.stringValue),
        ]
        if all { cells.insert(o.metadataNamespace ?? "", at: 0) }
        return cells
    }

    /// `ready=false` → (Ready, False).
    static func parseSelector(_ text: String) throws -> (String, String) {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0) }
        guard parts.count == 2, !parts[0].isEmpty else {
            throw ValidationError("--status-selector must look like ready=false")
        }
        return (parts[0].prefix(1).uppercased() + parts[0].dropFirst(), parts[1].prefix(1).uppercased() + parts[1].dropFirst().lowercased())
    }

    static func matches(_ o: JSONValue, _ selector: (String, String)?) -> Bool {
        guard let (type, status) = selector else { return true }
        return (o.condition(type)?["status"]?.stringValue ?? "Unknown") == status
    }
}
