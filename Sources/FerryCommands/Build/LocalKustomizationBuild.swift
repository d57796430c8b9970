import ChildProcess
import ControllerRuntime
import FerryAPI
import Foundation
import KubernetesClient
import KustomizeController
import Manifests
import ResourceManager

/// `ferry build|diff kustomization NAME --path DIR`: the Kustomization's own build, run on a
/// local directory — its options (targetNamespace, patches, images, components…), its
/// postBuild substitutions (variables read from the cluster) and its owner labels — so what is
/// printed or compared is what the controller would apply.
struct LocalKustomizationBuild {
    var kustomization: Kustomization
    /// The directory the user pointed at.
    var path: String
    /// `--no-remote-bases` turns this off: remote bases then fail the build.
    var allowRemoteBases = true
    /// `spec.decryption`'s keys (see ``DecryptionOptions``): generator and patch files are
    /// decrypted in memory before the build, encrypted objects after it, as the controller does.
    var decryptor: KustomizationDecryptor?

    /// Builds a copy of the directory's repository (the build may write a kustomization.yaml,
    /// and a base may live next to the directory), never the user's files.
    func build(client: KubernetesClient?) async throws -> [JSONValue] {
        try await preview(client: client).objects
    }

    /// ``build(client:)``, with the objects that were SOPS documents (a top-level `sops`
    /// field) before decryption: what is printed of them is masked (``mask(_:decrypted:)``).
    func preview(client: KubernetesClient?) async throws -> (objects: [JSONValue], decrypted: Set<ObjectID>) {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIMessage("--path \(path) is not a directory")
        }
        let top = try await ChildProcess.run("git", ["rev-parse", "--show-toplevel"], directory: absolute)
        let root = top.status == 0 ? top.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) : absolute
        let relative = absolute == root ? "." : String(absolute.dropFirst(root.count + 1))
        let copy = NSTemporaryDirectory() + "ferry-build-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.copyItem(atPath: root, toPath: copy)
        var options = FluxBuildOptions(spec: kustomization.spec)
        options.allowRemoteBases = allowRemoteBases
        if let decryptor { options.fileContents = try await decryptor.decryptSources(root: copy, path: relative, components: options.components) }
        var objects = try FluxBuild.build(root: copy, path: relative, options: options)
        var decrypted = Set<ObjectID>()
        if let decryptor {
            decrypted = Set(objects.filter { $0["sops"] != nil }.compactMap(\.objectID))
            objects = try await decryptor.decrypt(objects)
        }
        if let postBuild = kustomization.spec.postBuild {
            objects = try await KustomizationReconciler.substitute(objects, postBuild, namespace: kustomization.metadata.namespace ?? "default",
                                                                   reader: client, retryInterval: .zero)
        }
        FluxBuild.setCommonMetadata(kustomization.spec.commonMetadata, on: &objects)
        let owner = KustomizationOwner(name: kustomization.metadata.name, namespace: kustomization.metadata.namespace ?? "default")
        return (objects.map { object in
            var stamped = object
            for (key, value) in owner.labels { stamped[path: "metadata", "labels", key] = .string(value) }
            return stamped
        }, decrypted)
    }

    /// Reads the Kustomization from the cluster.
    static func load(name: String, namespace: String, client: KubernetesClient) async throws -> Kustomization {
        do {
            return try Kustomization(json: try await client.get(Kustomization.gvk, name: name, namespace: namespace))
        } catch let error as APIError where error.isNotFound {
            throw CLIMessage("Kustomization \(namespace)/\(name) not found")
        }
    }

    /// For printing: Secrets masked (``maskSecrets(_:)``), and an object of another kind that
    /// was decrypted has every value outside apiVersion, kind and metadata masked, so no
    /// decrypted value is printed or written to the diff's temporary files.
    static func mask(_ object: JSONValue, decrypted: Set<ObjectID>) -> JSONValue {
        guard object.kind != "Secret", let id = object.objectID, decrypted.contains(id), let fields = object.objectValue else {
            return maskSecrets(object)
        }
        func leaves(_ value: JSONValue) -> JSONValue {
            switch value {
            case .object(let o): return .object(o.mapValues(leaves))
            case .array(let a): return .array(a.map(leaves))
            default: return "***"
            }
        }
        var masked = fields
        for (key, value) in fields where !["apiVersion", "kind", "metadata"].contains(key) { masked[key] = leaves(value) }
        return .object(masked)
    }

    /// Secrets as `flux build` prints them: keys kept, values masked.
    static func maskSecrets(_ object: JSONValue) -> JSONValue {
        guard object.kind == "Secret", object.apiVersion == "v1" else { return object }
        var masked = object
        for field in ["data", "stringData"] {
            guard let values = object[field]?.objectValue else { continue }
            var copy = values
            for key in values.keys { copy[key] = "***" }
            masked[field] = .object(copy)
        }
        return masked
    }
}
