import ArgumentParser
import ChildProcess
import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import Manifests
import ResourceManager

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Compare a local build with the cluster.", subcommands: [DiffKustomizationCommand.self, DiffHelmReleaseCommand.self])
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

    func run() async throws {
        let differs: Bool
        do {
            differs = try await withClient(cluster) { kube in try await diff(kube) }
        } catch {
            FileHandle.standardError.write(Data("✗ \(error)\n".utf8))
            throw ExitCode(2)
        }
        if differs { throw ExitCode(1) }
    }

    func diff(_ kube: KubernetesClient) async throws -> Bool {
        let namespace = cluster.ferryNamespace
        let kustomization = try await LocalKustomizationBuild.load(name: name, namespace: namespace, client: kube)
        let objects = try await LocalKustomizationBuild(kustomization: kustomization, path: path).build(client: kube)
        let owner = KustomizationOwner(name: name, namespace: namespace)
        let entries = try await ResourceApplier(client: kube, owner: owner).diff(objects)
        var differs = false
        for entry in entries {
            switch entry.action {
            case .created:
                print("► \(entry.subject) created")
                differs = true
            case .configured:
                print("► \(entry.subject) drifted")
                print(try await Self.unifiedDiff(entry))
                differs = true
            default:
                continue
            }
        }
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

    /// `diff -u` of the live object and the dry-run result, as YAML without server bookkeeping.
    static func unifiedDiff(_ entry: DiffEntry) async throws -> String {
        func clean(_ object: JSONValue?) -> String {
            guard var object else { return "" }
            for field in ["managedFields", "resourceVersion", "generation", "creationTimestamp", "uid", "selfLink"] {
                object[path: "metadata", field] = nil
            }
            object["status"] = nil
            return YAML.string(LocalKustomizationBuild.maskSecrets(object))
        }
        let dir = NSTemporaryDirectory() + "ferry-diff-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try clean(entry.live).write(toFile: dir + "/live", atomically: true, encoding: .utf8)
        try clean(entry.merged).write(toFile: dir + "/merged", atomically: true, encoding: .utf8)
        let out = try await ChildProcess.run("diff", ["-u", "--label", "live", "--label", "merged", "live", "merged"], directory: dir)
        return out.stdoutText.trimmingCharacters(in: .newlines)
    }
}
