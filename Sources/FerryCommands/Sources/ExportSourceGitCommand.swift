import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print Ferry objects as clean YAML, ready to commit.", subcommands: [ExportSourceCommand.self])
}

struct ExportSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "source", abstract: "Export sources.", subcommands: [ExportSourceGitCommand.self])
}

struct ExportSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Export GitRepository sources as YAML.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name (omit with --all).") var name: String?
    @Flag(help: "Export every GitRepository in the namespace.") var all = false

    func validate() throws {
        guard (name == nil) == all else { throw ValidationError("name a GitRepository or pass --all (not both)") }
    }

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let kind = FluxKind.gitRepository, namespace = cluster.ferryNamespace
                let objects: [JSONValue]
                if let name {
                    do {
                        objects = [try await kube.get(kind.gvk, name: name, namespace: namespace)]
                    } catch let error as APIError where error.isNotFound {
                        throw CLIMessage("\(kind.gvk.kind) \(namespace)/\(name) not found")
                    }
                } else {
                    objects = try await kube.listAll(kind.gvk, namespace: namespace).items
                        .sorted { ($0.metadataName ?? "") < ($1.metadataName ?? "") }
                }
                for object in objects { print("---\n" + YAML.string(Export.clean(object)), terminator: "") }
            }
        }
    }
}

enum Export {
    /// What belongs in Git: apiVersion, kind, name, namespace, user labels and annotations,
    /// spec — not status, server-set metadata or reconcile requests.
    static func clean(_ object: JSONValue) -> JSONValue {
        var metadata: JSONObject = ["name": object[path: "metadata", "name"] ?? "", "namespace": object[path: "metadata", "namespace"] ?? ""]
        if let labels = object[path: "metadata", "labels"]?.objectValue, !labels.isEmpty { metadata["labels"] = .object(labels) }
        if var annotations = object[path: "metadata", "annotations"]?.objectValue {
            for key in ["kubectl.kubernetes.io/last-applied-configuration", "reconcile.fluxcd.io/requestedAt"] { annotations[key] = nil }
            if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        }
        return ["apiVersion": object["apiVersion"] ?? "", "kind": object["kind"] ?? "", "metadata": .object(metadata),
                "spec": object["spec"] ?? [:]]
    }
}
