import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile", abstract: "Ask the controller to reconcile an object now, and wait.", subcommands: [ReconcileSourceCommand.self])
}

struct ReconcileSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "source", abstract: "Reconcile a source.", subcommands: [ReconcileSourceGitCommand.self])
}

struct ReconcileSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Reconcile a GitRepository now and print the revision it fetched.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name.") var name: String
    @Option(help: "How long to wait, e.g. 5m.") var timeout: String = "5m"

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Reconcile.request(kube, kind: .gitRepository, name: name, namespace: cluster.ferryNamespace, timeout: timeout)
            }
        }
    }
}

enum Reconcile {
    /// Sets `reconcile.fluxcd.io/requestedAt` to now and waits until the controller echoes it.
    static func request(_ kube: KubernetesClient, kind: FluxKind, name: String, namespace: String, timeout: String) async throws {
        let object: JSONValue
        do {
            object = try await kube.get(kind.gvk, name: name, namespace: namespace)
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("\(kind.gvk.kind) \(namespace)/\(name) not found")
        }
        if object[path: "spec", "suspend"]?.boolValue == true {
            throw CLIMessage("resource is suspended")
        }
        Say.action("annotating \(kind.gvk.kind) \(name) in \(namespace) namespace")
        let now = ISO8601DateFormatter().string(from: Date())
        let patched = try await kube.patch(kind.gvk, name: name, namespace: namespace, type: .merge,
                                           patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(now)]]])
        Say.success("\(kind.gvk.kind) annotated")
        try await ReconcileWait.untilReady(kube, kind: kind, object: patched, requestedAt: now, timeout: timeout)
    }
}

struct DeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete Ferry objects.", subcommands: [DeleteSourceCommand.self])
}

struct DeleteSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "source", abstract: "Delete a source.", subcommands: [DeleteSourceGitCommand.self])
}

struct DeleteSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Delete a GitRepository.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name.") var name: String
    @Flag(name: [.short, .long], help: "Delete without asking for confirmation.") var silent = false

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let kind = FluxKind.gitRepository, namespace = cluster.ferryNamespace
                if !silent {
                    guard isatty(0) != 0 else {
                        throw CLIMessage("refusing to delete \(kind.gvk.kind) \(namespace)/\(name) without confirmation; pass --silent")
                    }
                    print("Are you sure you want to delete this \(kind.shortNoun)? [y/N] ", terminator: "")
                    Say.flush()
                    guard let answer = readLine(), ["y", "yes"].contains(answer.lowercased()) else { throw CLIMessage("aborted") }
                }
                Say.action("deleting \(kind.noun) \(name) in \(namespace) namespace")
                do {
                    try await kube.delete(kind.gvk, name: name, namespace: namespace)
                } catch let error as APIError where error.isNotFound {
                    throw CLIMessage("\(kind.gvk.kind) \(namespace)/\(name) not found")
                }
                Say.success("\(kind.shortNoun) deleted")
            }
        }
    }
}
