import ArgumentParser
import FerryAPI
import Helm
import HelmController
import KubernetesClient
import Manifests
import ResourceManager

/// `ferry tree helmrelease NAME`: the objects a HelmRelease manages — its `status.inventory`,
/// or, when the controller recorded none, the deployed release's manifest from Helm's storage —
/// with nested HelmReleases and Kustomizations expanded, as `tree kustomization` does.
struct TreeHelmReleaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "helmrelease", abstract: "Print the objects a HelmRelease manages, as a tree.",
        discussion: "Example: ferry tree helmrelease podinfo -n apps", aliases: ["hr"])

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The HelmRelease's name.") var name: String
    @Flag(help: "Only Ferry's own objects (*.toolkit.fluxcd.io).") var compact = false
    @Option(name: [.short, .long], help: "Print the tree as json or yaml.") var output: TreeKustomizationCommand.Format?

    func run() async throws {
        try await CLIError.reporting {
            try await withClient(cluster) { kube in
                let root = try await kube.getFound(FluxKind.helmRelease.gvk, name: name, namespace: cluster.ferryNamespace)
                let tree = try await Self.tree(of: root, kube: kube, compact: compact, visited: [])
                switch output {
                case .json: print(tree.json().prettyJSONString())
                case .yaml: print(YAML.string(tree.json(sortedKeys: true)))
                case nil: print(tree.render())
                }
            }
        }
    }

    static let helmReleaseKind = GroupKind(group: FluxKind.helmRelease.gvk.group, kind: FluxKind.helmRelease.gvk.kind)

    /// The HelmRelease and what it manages in apply order; an entry that is a HelmRelease or a
    /// Kustomization not already on the path is expanded from its own inventory.
    static func tree(of release: JSONValue, kube: KubernetesClient, compact: Bool, visited: Set<ObjectID>) async throws -> InventoryTree {
        let me = ObjectID(group: helmReleaseKind.group, kind: helmReleaseKind.kind,
                          namespace: release.metadataNamespace ?? "", name: release.metadataName ?? "")
        var tree = InventoryTree(object: me)
        for object in try await managed(by: release, kube: kube) {
            if compact && !object.group.contains("toolkit.fluxcd.io") { continue }
            if object == me { continue }
            let kind = GroupKind(group: object.group, kind: object.kind)
            if kind == helmReleaseKind, !visited.contains(object) {
                let nested = try await kube.getFound(FluxKind.helmRelease.gvk, name: object.name, namespace: object.namespace)
                tree.children.append(try await Self.tree(of: nested, kube: kube, compact: compact, visited: visited.union([me])))
            } else if kind == TreeKustomizationCommand.kustomizationKind, !visited.contains(object) {
                let nested = try await kube.getFound(Kustomization.gvk, name: object.name, namespace: object.namespace)
                tree.children.append(try await TreeKustomizationCommand.tree(of: nested, kube: kube, compact: compact, visited: visited.union([me])))
            } else {
                tree.children.append(InventoryTree(object: object))
            }
        }
        return tree
    }

    /// `status.inventory`, else the deployed release's manifest (a release Helm made, or one
    /// from before the controller kept an inventory); none for a release never deployed.
    static func managed(by release: JSONValue, kube: KubernetesClient) async throws -> [ObjectID] {
        if let json = release[path: "status", "inventory"], !json.isNull {
            return try Inventory(json: json).objects().map(\.id)
        }
        let preview = try HelmReleasePreview(release, client: kube)
        guard let deployed = ReleaseStorage.lastDeployed(try await preview.history()) else { return [] }
        return try await preview.prepare(deployed.manifest).compactMap(\.objectID)
    }
}
