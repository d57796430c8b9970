import ArgumentParser
import Foundation

/// `ferry get all`: one table per Ferry kind that has objects, names written `kind/name`, a
/// blank line after each table — flux's layout.
struct GetAllCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "all", abstract: "Get the status of every Ferry object.")

    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let namespace = get.allNamespaces ? nil : cluster.ferryNamespace
                let selector = try get.statusSelector.map(GetTable.parseSelector)
                var printed = false
                for kind in FluxKind.all {
                    let items = GetTable.filtered(try await kube.listAll(kind.gvk, namespace: namespace).items, selector)
                    guard !items.isEmpty else { continue }
                    let rows = items.map { GetTable.row($0, all: namespace == nil, withKind: true) }
                    print(Table(headers: GetTable.headers(all: namespace == nil), rows: rows).render())
                    printed = true
                }
                if !printed {
                    FileHandle.standardError.write(Data("no Ferry objects found in \(namespace.map { "\($0) namespace" } ?? "any namespace")\n".utf8))
                }
            }
        }
    }
}
