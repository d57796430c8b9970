import ArgumentParser
import Foundation
import Manifests

/// `ferry get images update`: flux's columns for ImageUpdateAutomations — NAME, LAST RUN,
/// SUSPENDED, READY, MESSAGE (NAMESPACE first under `-A`).
struct GetImagesUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "update", abstract: "Get the status of ImageUpdateAutomations.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let namespace = get.allNamespaces ? nil : cluster.ferryNamespace
                let list = try await kube.listAll(FluxKind.imageUpdateAutomation.gvk, namespace: namespace)
                let selector = try get.statusSelector.map(GetTable.parseSelector)
                let items = GetTable.filtered(list.items, selector)
                guard !items.isEmpty else {
                    FileHandle.standardError.write(Data("no ImageUpdateAutomation objects found in \(namespace.map { "\($0) namespace" } ?? "any namespace")\n".utf8))
                    return
                }
                print(Table(headers: Self.headers(all: namespace == nil), rows: items.map { Self.row($0, all: namespace == nil) }).render(),
                      terminator: "")
            }
        }
    }

    static func headers(all: Bool) -> [String] {
        (all ? ["NAMESPACE"] : []) + ["NAME", "LAST RUN", "SUSPENDED", "READY", "MESSAGE"]
    }

    static func row(_ object: JSONValue, all: Bool) -> [String] {
        let ready = object.condition("Ready")
        var cells = [
            object.metadataName ?? "",
            object[path: "status", "lastAutomationRunTime"]?.stringValue ?? "",
            (object[path: "spec", "suspend"]?.boolValue ?? false) ? "True" : "False",
            ready?["status"]?.stringValue ?? "Unknown",
            ready?["message"]?.stringValue ?? "",
        ]
        if all { cells.insert(object.metadataNamespace ?? "", at: 0) }
        return cells
    }
}
