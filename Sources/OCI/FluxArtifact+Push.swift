import Foundation
import NIOHTTP1

/// What a Flux artifact's manifest says about its content: where it came from, which revision,
/// when it was built, plus any other annotations the publisher set (`--annotations`).
public struct FluxArtifactMetadata: Equatable, Sendable {
    public var source: String?
    public var revision: String?
    public var created: String?
    /// Every manifest annotation, the three above included.
    public var annotations: [String: String]

    public init(annotations: [String: String]) {
        self.annotations = annotations
        source = annotations[FluxArtifactFormat.Annotation.source]
        revision = annotations[FluxArtifactFormat.Annotation.revision]
        created = annotations[FluxArtifactFormat.Annotation.created]
    }

    /// The annotations `flux push artifact` writes: source, revision and created (RFC 3339,
    /// seconds, UTC), with `extra` (the user's `--annotations`) added; an extra key never
    /// replaces one of the three, as Flux lets the flags win over `--annotations`.
    public static func annotations(source: String, revision: String, created: Date = Date(),
                                   extra: [String: String] = [:]) -> [String: String] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var annotations = extra
        annotations[FluxArtifactFormat.Annotation.source] = source
        annotations[FluxArtifactFormat.Annotation.revision] = revision
        annotations[FluxArtifactFormat.Annotation.created] = formatter.string(from: created)
        return annotations
    }
}

extension FluxArtifactFormat {
    /// The config blob Ferry pushes: an empty JSON object (its digest is the same everywhere).
    public static let emptyConfig: [UInt8] = Array("{}".utf8)
}

extension OCIClient {
    /// Pushes one Flux artifact to `repository:tag`: the config (`{}`, Flux's config media type),
    /// `layer` (a gzipped tarball, Flux's content media type) and an OCI image manifest carrying
    /// `annotations`. Blobs the registry already has are not uploaded again. Returns the manifest's digest.
    @discardableResult
    public func pushFluxArtifact(layer: [UInt8], repository: String, tag: String,
                                 annotations: [String: String]) async throws(OCIError) -> String {
        let config = try await pushBlob(FluxArtifactFormat.emptyConfig, mediaType: FluxArtifactFormat.configMediaType, repository: repository)
        let content = try await pushBlob(layer, mediaType: FluxArtifactFormat.contentMediaType, repository: repository)
        let manifest = OCIManifest(config: config, layers: [content], annotations: annotations)
        return try await pushManifest(manifest, repository: repository, reference: tag)
    }

    /// PUTs `bytes` (a manifest exactly as pulled) as `reference` of `repository`: how a tag is
    /// added to an existing artifact without changing its digest (re-encoding could). Returns
    /// the digest of the bytes.
    @discardableResult
    public func putManifest(bytes: [UInt8], mediaType: String, repository: String,
                            reference: String) async throws(OCIError) -> String {
        let response = try await send(.PUT, "/v2/\(repository)/manifests/\(reference)", scope: Self.pushScope(repository),
                                      headers: [("Content-Type", mediaType)], body: bytes)
        guard response.status == .created else {
            throw OCIError(.protocolError, "\(registry)/\(repository):\(reference): push manifest: \(response.status.code) "
                           + "\(response.status.reasonPhrase)" + (Self.errorDetail(response.body).map { ": \($0)" } ?? ""))
        }
        return Self.digest(bytes)
    }
}
