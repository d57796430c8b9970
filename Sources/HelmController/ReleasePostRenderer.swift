import ControllerRuntime
import FerryAPI
import Foundation
import Kustomize
import Manifests

/// `spec.postRenderers`, carried out as Flux's helm-controller does: each entry, in order, is a
/// kustomize build over the previous stage's output — a kustomization whose only resource is the
/// rendered manifest, with the entry's `patches` (strategic-merge or JSON 6902, each with an
/// optional `target`) and `images` — built with Ferry's own Kustomize engine.
///
/// The contract, as in Helm 3: only the release manifest is post-rendered; hooks and the
/// chart's `crds/` files are not. The manifest stored in the release record is the
/// post-rendered one (what `helm get manifest` shows). Flux's origin labels, which Flux adds
/// with one more post-renderer, Ferry sets when it applies (``ReleaseObjects``).
public enum HelmReleaseRender {
    /// A post-renderer that could not be carried out, with kustomize's reason.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// The file name the rendered manifest has inside each post-renderer's kustomization.
    static let inputFile = "helm-output.yaml"

    /// `manifest` passed through `renderers` in order; entries without `kustomize` do nothing.
    /// A manifest without objects passes through unchanged. Throws ``Failure`` naming the
    /// post-renderer (by index) and kustomize's error; nothing outside a private temporary
    /// directory is read or written, and remote bases cannot be named.
    public static func postRender(manifest: String, renderers: [PostRenderer]) throws -> String {
        var current = manifest
        for (index, renderer) in renderers.enumerated() {
            guard let kustomize = renderer.kustomize else { continue }
            guard current.contains(where: { !$0.isWhitespace }) else { return current }
            do {
                current = try build(current, kustomization: kustomization(kustomize))
            } catch {
                throw Failure(description: "error while running post render on files: spec.postRenderers[\(index)]: \(error)")
            }
        }
        return current
    }

    /// The kustomization file of one post-renderer, as JSON (YAML reads JSON).
    static func kustomization(_ spec: PostRendererKustomize) -> JSONValue {
        var fields: JSONObject = [
            "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
            "resources": [.string(inputFile)],
        ]
        let patches = spec.patches ?? []
        if !patches.isEmpty {
            fields["patches"] = .array(patches.map { patch in
                var entry: JSONObject = ["patch": .string(patch.patch)]
                if let target = patch.target { entry["target"] = APIConversion.encode(target) }
                return .object(entry)
            })
        }
        let images = spec.images ?? []
        if !images.isEmpty { fields["images"] = .array(images.map { APIConversion.encode($0) }) }
        return .object(fields)
    }

    /// One kustomize build over `manifest` in a throwaway directory nothing else can be read from.
    static func build(_ manifest: String, kustomization: JSONValue) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ferry-postrender-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: dir + "/" + inputFile))
        try Data(kustomization.jsonString().utf8).write(to: URL(fileURLWithPath: dir + "/kustomization.yaml"))
        var options = Kustomize.Options(loadRestrictor: .rootOnly, fileSystemRoot: dir)
        options.allowRemoteBases = false
        let resources = try Kustomize.build(directory: dir, options: options)
        return Kustomize.render(resources)
    }

    /// `status.observedPostRenderersDigest`: `sha256:<hex>` of the post-renderers as JSON with
    /// sorted keys, or nil when there are none — so a HelmRelease without post-renderers
    /// compares equal to a status without the field. A changed digest upgrades the release.
    /// (Flux digests its own JSON encoding; a release taken over from Flux is upgraded once.)
    public static func digest(_ renderers: [PostRenderer]?) -> String? {
        guard let renderers, !renderers.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(renderers) else { return nil }
        return SHA256Hex.digest(data)
    }
}
