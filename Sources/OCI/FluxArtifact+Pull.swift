extension OCIClient {
    /// A Flux artifact as pulled: its manifest, what the manifest's annotations say, and the bytes
    /// of its content layer (digest and size verified against the manifest).
    public struct PulledFluxArtifact: Sendable {
        public var manifest: PulledManifest
        public var metadata: FluxArtifactMetadata
        public var layer: OCIDescriptor
        public var layerBytes: [UInt8]
    }

    /// The content layer of `manifest`: the first layer of Flux's content media type, else —
    /// for artifacts other tools made — a sole layer that is a gzipped tarball (any media type
    /// ending in `tar+gzip`). Anything else (no layer, several unnamed ones, a layer that is not
    /// a tarball) is refused, naming the media types found.
    public static func fluxContentLayer(of manifest: OCIManifest, at reference: String) throws(OCIError) -> OCIDescriptor {
        if let layer = manifest.layers.first(where: { $0.mediaType == FluxArtifactFormat.contentMediaType }) { return layer }
        if manifest.layers.count == 1, let layer = manifest.layers.first, layer.mediaType.hasSuffix("tar+gzip") { return layer }
        let found = manifest.layers.isEmpty ? "no layers" : "layers of media type " + manifest.layers.map { "'\($0.mediaType)'" }.joined(separator: ", ")
        throw OCIError(.protocolError, "\(reference): not a Flux artifact: expected one layer of media type "
                       + "'\(FluxArtifactFormat.contentMediaType)', found \(found)")
    }

    /// Pulls the manifest at `reference` and its content layer (at most `maxLayerSize` bytes,
    /// verified against the manifest's digest and size). The layer is not unpacked here: its
    /// entries are the publisher's to choose, so unpacking belongs to the safe extractor.
    public func pullFluxArtifact(_ reference: OCIReference, maxLayerSize: Int) async throws(OCIError) -> PulledFluxArtifact {
        let pulled = try await manifest(reference)
        let layer = try Self.fluxContentLayer(of: pulled.manifest, at: reference.description)
        let bytes = try await blob(repository: reference.repository, descriptor: layer, maxSize: maxLayerSize)
        return PulledFluxArtifact(manifest: pulled, metadata: FluxArtifactMetadata(annotations: pulled.manifest.annotations ?? [:]),
                                  layer: layer, layerBytes: bytes)
    }
}
