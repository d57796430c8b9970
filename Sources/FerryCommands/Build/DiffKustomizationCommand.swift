import ArgumentParser
import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Compare a local build with the cluster.", subcommands: [DiffKustomizationCommand.self, DiffHelmReleaseCommand.self, DiffArtifactCommand.self])
}

/// `ferry diff kustomization NAME --path DIR`: builds the directory as the Kustomization would
/// and compares it with the cluster through server-side dry-runs (nothing is written). Prints
/// `► Kind/ns/name created|drifted|deleted` and, for drifted objects, a unified diff of the live
/// object and the result (Secret values masked). Exit status: 0 no difference, 1 differences,
/// 2 an error — as `flux diff`.
struct DiffKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization", abstract: "Diff a Kustomization's local build against the cluster (exit 1 when they differ).")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The Kustomization whose options, owner labels and inventory apply.") var name: String
    @Option(help: "The local directory to build (the Kustomization's spec.path in your checkout).") var path: String
    @OptionGroup var decryption: DecryptionOptions

    func run() async throws {
        try await DiffReport.exit(cluster) { kube in try await diff(kube) }
    }

    func diff(_ kube: KubernetesClient) async throws -> Bool {
        let namespace = cluster.ferryNamespace
        let kustomization = try await LocalKustomizationBuild.load(name: name, namespace: namespace, client: kube)
        let (objects, decrypted) = try await LocalKustomizationBuild(kustomization: kustomization, path: path,
                                                                     decryptor: decryption.decryptor(for: kustomization, client: kube)).preview(client: kube)
        let owner = KustomizationOwner(name: name, namespace: namespace)
        let entries = try await ResourceApplier(client: kube, owner: owner).diff(objects)
        var differs = try await DiffReport.print(entries, decrypted: decrypted)
        // What the controller would prune: the inventory minus the build.
        if kustomization.spec.prune, let recorded = kustomization.status?.inventory,
           let inventory = try? Inventory(json: APIConversion.encode(recorded)) {
            let built = Inventory(objects: objects)
            for stale in (try? inventory.stale(comparedTo: built)) ?? [] {
                print("► \(stale) deleted")
                differs = true
            }
        }
        return differs
    }
}
