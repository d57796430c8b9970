import Archive
import ChildProcess
import FerryTesting
import Foundation
import KubernetesClient
import Manifests
import OCI
import Testing

/// OCIRepositories end to end: a real registry (`RegistryFixture`), `ferry controllers run`
/// against the local control plane watching one namespace, artifacts pushed in Flux's format
/// (`flux push artifact`: config `application/vnd.cncf.flux.config.v1+json`, one tar+gzip layer,
/// source and revision annotations).
struct OCIRepositoryTestEnv {
    static let ociRepository = GroupVersionKind(group: "source.toolkit.fluxcd.io", version: "v1", kind: "OCIRepository")
    static let secret = GroupVersionKind(group: "", version: "v1", kind: "Secret")

    var client: KubernetesClient
    var namespace: String
    var controllers: FerryControllers

    static func with(_ name: String, _ body: (OCIRepositoryTestEnv) async throws -> Void) async throws {
        let plane = try await LocalControlPlane.shared()
        let client = try plane.adminClient()
        let env: OCIRepositoryTestEnv
        do {
            try await plane.installFerryCRDs(client: client)
            let ns = try await plane.makeNamespace(name, client: client)
            env = OCIRepositoryTestEnv(client: client, namespace: ns, controllers: try await FerryControllers.start(plane: plane, namespace: ns))
        } catch {
            try? await client.shutdown()
            throw error
        }
        do { try await body(env) } catch {
            await env.controllers.stop()
            try? await client.shutdown()
            throw error
        }
        await env.controllers.stop()
        try? await client.shutdown()
    }

    func apply(_ object: JSONValue) async throws {
        _ = try await client.apply(object, fieldManager: "test", force: true)
    }

    func get(_ gvk: GroupVersionKind, _ name: String) async -> JSONValue? {
        try? await client.get(gvk, name: name, namespace: namespace)
    }

    static func condition(_ object: JSONValue?, _ type: String = "Ready") -> JSONValue? {
        object?[path: "status", "conditions"]?.arrayValue?.first { $0["type"]?.stringValue == type }
    }

    /// OCIRepository `name` at `url` with `spec` fields added; a long interval, so only a
    /// reconcile request moves it.
    func repository(_ name: String, url: String, _ extra: JSONObject = [:]) async throws {
        var spec: JSONObject = ["url": .string(url), "interval": "10m", "timeout": "10s"]
        for (key, value) in extra { spec[key] = value }
        try await apply(["apiVersion": "source.toolkit.fluxcd.io/v1", "kind": "OCIRepository",
                         "metadata": ["name": .string(name), "namespace": .string(namespace)], "spec": .object(spec)])
    }

    func secret(_ name: String, type: String = "Opaque", _ data: [String: String]) async throws {
        try await apply(["apiVersion": "v1", "kind": "Secret", "metadata": ["name": .string(name), "namespace": .string(namespace)],
                         "type": .string(type), "stringData": .object(JSONObject(uniqueKeysWithValues: data.map { ($0.key, JSONValue.string($0.value)) }))])
    }

    /// ``wait(_:_:timeout:what:sourceLocation:_:)`` of an OCIRepository.
    @discardableResult
    func wait(_ name: String, timeout: Duration = .seconds(90), what: String, sourceLocation: SourceLocation = #_sourceLocation,
              _ check: (JSONValue) -> Bool) async -> JSONValue? {
        await wait(Self.ociRepository, name, timeout: timeout, what: what, sourceLocation: sourceLocation, check)
    }

    /// Waits until `name`'s Ready condition at the current generation satisfies `check`.
    @discardableResult
    func wait(_ gvk: GroupVersionKind, _ name: String, timeout: Duration = .seconds(90), what: String,
              sourceLocation: SourceLocation = #_sourceLocation, _ check: (JSONValue) -> Bool) async -> JSONValue? {
        var last: JSONValue?
        let ok = await eventually(timeout: timeout, every: .milliseconds(200)) {
            last = await get(gvk, name)
            guard let ready = Self.condition(last), ready["observedGeneration"] == last?[path: "metadata", "generation"] else { return false }
            return check(ready)
        }
        #expect(ok, "\(name) never \(what): \(last?[path: "status"]?.jsonString() ?? "")\n\(controllers.log.suffix(2500))",
                sourceLocation: sourceLocation)
        return last
    }

    /// Asks for a reconcile now (`reconcile.fluxcd.io/requestedAt`), waits until it was handled
    /// and finished (the progress write of a new revision carries the token too, with
    /// Ready=Unknown), and returns the object as it was then.
    @discardableResult
    func reconcile(_ name: String, _ gvk: GroupVersionKind = Self.ociRepository,
                   sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue? {
        let token = UUID().uuidString
        _ = try await client.patch(gvk, name: name, namespace: namespace, type: .merge,
                                   patch: ["metadata": ["annotations": ["reconcile.fluxcd.io/requestedAt": .string(token)]]])
        var last: JSONValue?
        let ok = await eventually(timeout: .seconds(90), every: .milliseconds(200)) {
            last = await get(gvk, name)
            return last?[path: "status", "lastHandledReconcileAt"]?.stringValue == token
                && Self.condition(last)?["status"]?.stringValue != "Unknown"
        }
        #expect(ok, "reconcile request for \(name) never handled\n\(controllers.log.suffix(2500))", sourceLocation: sourceLocation)
        return last
    }

    /// The artifact as a consumer fetches it, from `status.artifact.url`: its files by path.
    static func files(of artifact: JSONValue?) async throws -> [String: String] {
        let bytes = try await download(artifact)
        var files: [String: String] = [:]
        for entry in try TarReader.entries(Gunzip.decompress(bytes)) where entry.kind == .file {
            files[entry.path] = String(decoding: entry.contents, as: UTF8.self)
        }
        return files
    }

    static func download(_ artifact: JSONValue?) async throws -> [UInt8] {
        let url = try #require(artifact?["url"]?.stringValue)
        let file = NSTemporaryDirectory() + "oci-artifact-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: file) }
        let fetched = try await ChildProcess.run("/usr/bin/curl", ["-fsS", "-o", file, url])
        #expect(fetched.status == 0, "\(fetched.stderrText)")
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
    }
}

/// Artifacts in Flux's format, pushed with the OCI module as `flux push artifact` does.
enum FluxArtifact {
    /// A gzipped tarball of `files` (path → contents), in path order.
    static func layer(_ files: [String: String]) throws -> [UInt8] {
        var tar: [UInt8] = []
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) { tar += Tar.file(path: path, contents: Array(contents.utf8)) }
        return try gzip(tar + Tar.trailer)
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        final class Sink: @unchecked Sendable { var bytes: [UInt8] = [] }
        let sink = Sink()
        let writer = try GzipWriter { sink.bytes += $0 }
        try writer.write(bytes)
        try writer.finish()
        return sink.bytes
    }

    struct Pushed {
        var tag: String
        /// The manifest's digest: what the revision names.
        var digest: String
        var layer: [UInt8]
    }

    /// Pushes `layer` (default: the tarball of `files`) to `repository:tag` with Flux's config
    /// and content media types and the source/revision annotations.
    @discardableResult
    static func push(_ registry: RegistryFixture, repository: String, tag: String, files: [String: String] = [:],
                     layer: [UInt8]? = nil, layerMediaType: String = FluxArtifactFormat.contentMediaType,
                     revision: String = "main@sha1:0123456789abcdef0123456789abcdef01234567") async throws -> Pushed {
        let client = registry.client()
        let bytes = try layer ?? Self.layer(files)
        let config = try await client.pushBlob(Array("{}".utf8), mediaType: FluxArtifactFormat.configMediaType, repository: repository)
        let content = try await client.pushBlob(bytes, mediaType: layerMediaType, repository: repository)
        let manifest = OCIManifest(config: config, layers: [content], annotations: [
            FluxArtifactFormat.Annotation.source: "https://git.example/app.git",
            FluxArtifactFormat.Annotation.revision: revision,
            FluxArtifactFormat.Annotation.created: "2026-01-01T00:00:00Z",
        ])
        let digest = try await client.pushManifest(manifest, repository: repository, reference: tag)
        return Pushed(tag: tag, digest: digest, layer: bytes)
    }
}
