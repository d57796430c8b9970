import ArgumentParser
import FerryAPI
import Foundation
import KubernetesClient
import KustomizeController
import Manifests

/// How `ferry build|diff kustomization` gets SOPS keys to preview a Kustomization with
/// `spec.decryption` as the controller would apply it. Decrypted values stay in memory and are
/// masked in what is printed (Secrets' values as `***`, as `flux build` prints them).
struct DecryptionOptions: ParsableArguments {
    @Option(name: .customLong("decryption-secret"),
            help: "Read the SOPS keys from this Secret (in the Kustomization's namespace) instead of spec.decryption.secretRef.")
    var secret: String?
    @Option(name: .customLong("age-key-file"), help: "A local age identity file (as age-keygen writes it) to decrypt with; repeatable.")
    var ageKeyFiles: [String] = []
    @Option(name: .customLong("pgp-key-file"), help: "A local armored OpenPGP secret key to decrypt with; repeatable.")
    var pgpKeyFiles: [String] = []

    /// The decryptor to use, or nil when there is nothing to decrypt with: local key files win;
    /// else `--decryption-secret`, else the Kustomization's `spec.decryption.secretRef`, read
    /// from the cluster (`client` nil under --dry-run: no keys then).
    func decryptor(for kustomization: Kustomization, client: KubernetesClient?) async throws -> KustomizationDecryptor? {
        if !ageKeyFiles.isEmpty || !pgpKeyFiles.isEmpty {
            var entries: [String: [UInt8]] = [:]
            for (index, file) in ageKeyFiles.enumerated() { entries["\(index)-age.agekey"] = try Self.read(file) }
            for (index, file) in pgpKeyFiles.enumerated() { entries["\(index)-pgp.asc"] = try Self.read(file) }
            return try KustomizationDecryptor(keyEntries: entries, source: "local key files")
        }
        let namespace = kustomization.metadata.namespace ?? "default"
        guard let name = secret ?? kustomization.spec.decryption?.secretRef?.name else {
            return kustomization.spec.decryption == nil ? nil : KustomizationDecryptor(keys: .init())
        }
        guard let client else {
            throw CLIMessage("--decryption-secret needs the cluster: use --age-key-file or --pgp-key-file with --dry-run")
        }
        let object = try await client.getFound(GroupVersionKind(group: "", version: "v1", kind: "Secret"), name: name, namespace: namespace)
        return try KustomizationDecryptor(secret: object, name: "\(namespace)/\(name)")
    }

    static func read(_ file: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: file) else { throw CLIMessage("cannot read key file \(file)") }
        return Array(data)
    }
}
