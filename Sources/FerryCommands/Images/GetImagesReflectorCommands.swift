import ArgumentParser
import Foundation
import KubernetesClient
import Manifests

/// `ferry get images repository|policy`: flux's columns — ImageRepositories NAME, LAST SCAN,
/// SUSPENDED, READY, MESSAGE; ImagePolicies NAME, LATEST IMAGE, READY, MESSAGE (NAMESPACE first
/// under `-A`).
enum ImageTables {
    static func print(_ kube: KubernetesClient, kind: FluxKind, namespace: String?, statusSelector: String?) async throws {
        let list = try await kube.listAll(kind.gvk, namespace: namespace)
        let items = GetTable.filtered(list.items, try statusSelector.map(GetTable.parseSelector))
        guard !items.isEmpty else {
            FileHandle.standardError.write(Data("no \(kind.gvk.kind) objects found in \(namespace.map { "\($0) namespace" } ?? "any namespace")\n".utf8))
            return
        }
        let all = namespace == nil
        Swift.print(Table(headers: (all ? ["NAMESPACE"] : []) + headers(kind), rows: items.map { row($0, kind: kind, all: all) }).render(),
                    terminator: "")
    }

    static func headers(_ kind: FluxKind) -> [String] {
        kind.gvk == FluxKind.imagePolicy.gvk ? ["NAME", "LATEST IMAGE", "READY", "MESSAGE"] : ["NAME", "LAST SCAN", "SUSPENDED", "READY", "MESSAGE"]
    }

    static func row(_ object: JSONValue, kind: FluxKind, all: Bool) -> [String] {
        let ready = object.condition("Ready")
        var cells = [object.metadataName ?? ""]
        if kind.gvk == FluxKind.imagePolicy.gvk {
            let latest = object[path: "status", "latestRef"]
            let image = [latest?["name"]?.stringValue, latest?["tag"]?.stringValue].compactMap { $0 }.joined(separator: ":")
            let digest = latest?["digest"]?.stringValue.map { "@" + $0 } ?? ""
            cells.append(image + digest)
        } else {
            cells.append(object[path: "status", "lastScanResult", "scanTime"]?.stringValue ?? "")
            cells.append((object[path: "spec", "suspend"]?.boolValue ?? false) ? "True" : "False")
        }
        cells += [ready?["status"]?.stringValue ?? "Unknown", ready?["message"]?.stringValue ?? ""]
        if all { cells.insert(object.metadataNamespace ?? "", at: 0) }
        return cells
    }
}

struct GetImagesRepositoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "repository", abstract: "Get the status of ImageRepositories.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await ImageTables.print(kube, kind: .imageRepository, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                            statusSelector: get.statusSelector)
            }
        }
    }
}

struct GetImagesPolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "policy", abstract: "Get the status of ImagePolicies.")
    @OptionGroup var cluster: ClusterOptions
    @OptionGroup var get: GetOptions

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                try await ImageTables.print(kube, kind: .imagePolicy, namespace: get.allNamespaces ? nil : cluster.ferryNamespace,
                                            statusSelector: get.statusSelector)
            }
        }
    }
}
