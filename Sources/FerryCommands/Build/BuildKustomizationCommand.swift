import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import Manifests

struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build", abstract: "Build objects locally the way a controller would.", subcommands: [BuildKustomizationCommand.self, BuildHelmReleaseCommand.self, BuildArtifactCommand.self])
}

/// `ferry build kustomization NAME --path DIR`: Flux's local build — the directory built with
/// the in-cluster Kustomization's options and substitutions, printed as YAML (Secrets masked).
struct BuildKustomizationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomization", abstract: "Build a Kustomization's manifests from a local directory.")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The Kustomization whose options apply.") var name: String
    @Option(help: "The local directory to build (the Kustomization's spec.path in your checkout).") var path: String
    @Flag(name: .customLong("dry-run"), help: "Do not contact the cluster: build with default options and no substitution variables.")
    var dryRun = false
    @Flag(name: .customLong("no-remote-bases"), help: "Refuse remote bases and components (Git URLs in resources or components), as the controller's --no-remote-bases.")
    var noRemoteBases = false
    @OptionGroup var decryption: DecryptionOptions

    func run() async throws {
        try await CLIError.reporting {
            let objects: (objects: [JSONValue], decrypted: Set<ObjectID>)
            if dryRun {
                let kustomization = Kustomization(metadata: ObjectMetadata(name: name, namespace: cluster.ferryNamespace),
                                                  spec: KustomizationSpec(sourceRef: CrossNamespaceSourceReference(name: "local")))
                objects = try await LocalKustomizationBuild(kustomization: kustomization, path: path, allowRemoteBases: !noRemoteBases,
                                                            decryptor: decryption.decryptor(for: kustomization, client: nil)).preview(client: nil)
            } else {
                objects = try await withClient(cluster) { kube in
                    let kustomization = try await LocalKustomizationBuild.load(name: name, namespace: cluster.ferryNamespace, client: kube)
                    return try await LocalKustomizationBuild(kustomization: kustomization, path: path, allowRemoteBases: !noRemoteBases,
                                                             decryptor: decryption.decryptor(for: kustomization, client: kube)).preview(client: kube)
                }
            }
            print(objects.objects.map { "---\n" + YAML.string(LocalKustomizationBuild.mask($0, decrypted: objects.decrypted)) }.joined(), terminator: "")
        }
    }
}
