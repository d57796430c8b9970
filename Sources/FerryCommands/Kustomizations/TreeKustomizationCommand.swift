import ArgumentParser
import FerryAPI
import KubernetesClient
import Manifests
import ResourceManager

/// `ferry tree kustomization NAME`: the Kustomization's inventory, nested Kustomizations and
/// HelmReleases expanded from their own inventories.
struct TreeKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization", abstract: "Print the objects a Kustomization manages, as a tree.",
        discussion: "Example: ferry tree kustomization ferry-system --compact", aliases: ["ks"])

    enum Format: String, ExpressibleByArgument, CaseIterable { case json, yaml }

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The Kustomization's name.") var name: String
    @Flag(help: "Only Ferry's own objects (*.toolkit.fluxcd.io).") var compact = false
    @Option(name: [.short, .long], help: "Print the tree as json or yaml.") var output: Format?

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let root = try await kube.getFound(Kustomization.gvk, name: name, namespace: cluster.ferryNamespace)
                let tree = try await Self.tree(of: root, kube: kube, compact: compact, visited: [])
                switch output {
                case .json: print(tree.json().prettyJSONString())
                case .yaml: print(YAML.string(tree.json(sortedKeys: true)))
                case nil: print(tree.render())
                }
            }
        }
    }

    static let kustomizationKind = GroupKind(group: Kustomization.group, kind: Kustomization.kind)

    /// The Kustomization and its inventory in order; an entry that is a Kustomization (not this
    /// one, not one already on the path) is expanded unless this one applies to a remote cluster.
    static func tree(of kustomization: JSONValue, kube: KubernetesClient, compact: Bool, visited: Set<ObjectID>) async throws -> InventoryTree {
        let me = ObjectID(group: Kustomization.group, kind: Kustomization.kind,
                          namespace: kustomization.metadataNamespace ?? "", name: kustomization.metadataName ?? "")
        var tree = InventoryTree(object: me)
        guard let json = kustomization[path: "status", "inventory"] else { return tree }
        let remote = kustomization[path: "spec", "kubeConfig"] != nil
        for object in try Inventory(json: json).objects().map(\.id) {
            if compact && !object.group.contains("toolkit.fluxcd.io") { continue }
            if object == me { continue }
            let isKustomization = GroupKind(group: object.group, kind: object.kind) == kustomizationKind
            if isKustomization, !remote, !visited.contains(object) {
                let nested = try await kube.getFound(Kustomization.gvk, name: object.name, namespace: object.namespace)
                tree.children.append(try await Self.tree(of: nested, kube: kube, compact: compact, visited: visited.union([me])))
            } else if GroupKind(group: object.group, kind: object.kind) == TreeHelmReleaseCommand.helmReleaseKind, !remote, !visited.contains(object) {
                let nested = try await kube.getFound(FluxKind.helmRelease.gvk, name: object.name, namespace: object.namespace)
                tree.children.append(try await TreeHelmReleaseCommand.tree(of: nested, kube: kube, compact: compact, visited: visited.union([me])))
            } else {
                tree.children.append(InventoryTree(object: object))
            }
        }
        return tree
    }
}
