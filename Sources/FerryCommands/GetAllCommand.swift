import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// `ferry get all`: one table per Ferry kind that has objects, names written `kind/name`, a
/// blank line after each table — flux's layout.
struct GetAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Get the status of every Ferry object.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await Self.printTables(kube, kinds: FluxKind.all, cluster: cluster, get: get, noun: "Ferry objects")
            }
        }
    }

    /// A table per kind in `kinds` with objects; a kind whose CRD the cluster does not serve
    /// (installed by an older `ferry install`) has none. `noun` names what was not found.
    static func printTables(_ kube: KubernetesClient, kinds: [FluxKind], cluster: ClusterOptions, get: GetOptions, noun: String) async throws {
        let namespace = get.allNamespaces ? nil : cluster.ferryNamespace
        let selector = try get.statusSelector.map(GetTable.parseSelector)
        var printed = false
        for kind in kinds {
            let listed: [JSONValue]
            do {
                listed = try await kube.listAll(kind.gvk, namespace: namespace).items
            } catch let error as APIError where error.isNotFound {
                continue
            }
            let items = GetTable.filtered(listed, selector)
            guard !items.isEmpty else { continue }
            let rows = items.map { GetTable.row($0, all: namespace == nil, withKind: true) }
            print(Table(headers: GetTable.headers(all: namespace == nil), rows: rows).render())
            printed = true
        }
        if !printed {
            FileHandle.standardError.write(Data("no \(noun) found in \(namespace.map { "\($0) namespace" } ?? "any namespace")\n".utf8))
        }
    }
}

/// `ferry get sources all`: `get all`'s tables for the source kinds only.
struct GetSourcesAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Get the status of every source.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await GetAllCommand.printTables(kube, kinds: FluxKind.sources, cluster: cluster, get: get, noun: "sources")
            }
        }
    }
}
