import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

struct SuspendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suspend", abstract: "Suspend reconciliation of an object.", subcommands: [SuspendSourceCommand.self])
}

struct SuspendSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "source", abstract: "Suspend a source.", subcommands: [SuspendSourceGitCommand.self])
}

struct SuspendSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Suspend reconciliation of a GitRepository.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name.") var name: String

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Suspension.set(true, kube: kube, kind: .gitRepository, name: name, namespace: cluster.ferryNamespace)
            }
        }
    }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume", abstract: "Resume reconciliation of a suspended object.", subcommands: [ResumeSourceCommand.self])
}

struct ResumeSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "source", abstract: "Resume a source.", subcommands: [ResumeSourceGitCommand.self])
}

struct ResumeSourceGitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "git", abstract: "Resume reconciliation of a GitRepository.")
    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The GitRepository's name.") var name: String
    @Option(help: "Wait for the reconciliation to finish (true|false).") var wait: Bool = true
    @Option(help: "How long to wait, e.g. 5m.") var timeout: String = "5m"

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let object = try await Suspension.set(false, kube: kube, kind: .gitRepository, name: name, namespace: cluster.ferryNamespace)
                if wait {
                    try await ReconcileWait.untilReady(kube, kind: .gitRepository, object: object, timeout: timeout)
                }
            }
        }
    }
}

enum Suspension {
    /// Sets `spec.suspend` with a merge patch and says so as flux does.
    @discardableResult
    static func set(_ suspend: Bool, kube: KubernetesClient, kind: FluxKind, name: String, namespace: String) async throws -> JSONValue {
        Say.action("\(suspend ? "suspending" : "resuming") \(kind.noun) \(name) in \(namespace) namespace")
        let patched: JSONValue
        do {
            patched = try await kube.patch(kind.gvk, name: name, namespace: namespace, type: .merge,
                                           patch: ["spec": ["suspend": suspend ? true : nil]])
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("\(kind.gvk.kind) \(namespace)/\(name) not found")
        }
        Say.success("\(kind.shortNoun) \(suspend ? "suspended" : "resumed")")
        return patched
    }
}

/// An error whose text is the whole message for the user.
struct CLIMessage: Error, CustomStringConvertible {
    var description: String
    init(_ text: String) { description = text }
}
