import ArgumentParser
import Foundation
import KubernetesClient
import KustomizeController
import Manifests

/// `ferry create secret …`: Secrets the controllers read.
struct CreateSecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret", abstract: "Create or update a Secret the controllers read.",
        subcommands: [CreateSecretSOPSAgeCommand.self])
}

/// `ferry create secret sops-age NAME --age-key-file FILE`: the decryption Secret a
/// Kustomization's `spec.decryption.secretRef` names, holding the age identities of `FILE` under
/// `age.agekey` (Flux reads every `*.agekey` entry). The file is checked first: one that holds
/// no valid identity is refused, naming the file, without echoing it. The key material goes
/// only to the API server (or, with `--export`, to stdout, as the user asked).
struct CreateSecretSOPSAgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sops-age", abstract: "Create or update a SOPS age decryption Secret for spec.decryption.secretRef.",
        discussion: "Example: age-keygen -o age.agekey && ferry create secret sops-age sops-age --age-key-file=age.agekey")

    @OptionGroup var cluster: ClusterOptions
    @Argument(help: "The Secret's name.") var name: String
    @Option(name: .customLong("age-key-file"), help: "An age identity file, as age-keygen writes it.") var ageKeyFile: String
    @Flag(help: "Print the Secret as YAML instead of applying it.") var export = false

    static let secretKind = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    func object() throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: ageKeyFile) else { throw CLIMessage("cannot read --age-key-file \(ageKeyFile)") }
        let decryptor = try KustomizationDecryptor(keyEntries: ["age.agekey": Array(data)], source: ageKeyFile)
        guard !decryptor.keys.ageIdentities.isEmpty else { throw CLIMessage("\(ageKeyFile) holds no age identity (AGE-SECRET-KEY-1…)") }
        return ["apiVersion": "v1", "kind": "Secret",
                "metadata": ["name": .string(name), "namespace": .string(cluster.ferryNamespace)],
                "type": "Opaque", "data": ["age.agekey": .string(data.base64EncodedString())]]
    }

    func run() async throws {
        try await CLIError.reporting {
            let secret = try object()
            if export {
                print("---\n" + YAML.string(secret), terminator: "")
                return
            }
            try await withClient(cluster) { kube in
                let existed = (try? await kube.get(Self.secretKind, name: name, namespace: cluster.ferryNamespace)) != nil
                _ = try await kube.apply(secret, fieldManager: "ferry", force: true)
                Say.success("secret '\(cluster.ferryNamespace)/\(name)' \(existed ? "updated" : "created")")
            }
        }
    }
}
