/// Flux's OCI artifact format (`flux push artifact`, read by OCIRepository): one `tar+gzip`
/// layer of the pushed directory, a config of its own media type, and the source and revision
/// it came from as OCI annotations. Ferry writes exactly this, so Flux reads Ferry's artifacts
/// and the other way round.
public enum FluxArtifactFormat {
    /// The config blob's media type (an empty JSON object, `{}`).
    public static let configMediaType = "application/vnd.cncf.flux.config.v1+json"
    /// The one content layer: a gzipped tarball of the pushed files.
    public static let contentMediaType = "application/vnd.cncf.flux.content.v1.tar+gzip"

    /// The manifest annotations Flux sets and reads (the OCI pre-defined keys).
    public enum Annotation {
        /// Where the content came from (`--source`), e.g. a Git URL.
        public static let source = "org.opencontainers.image.source"
        /// Which revision of it (`--revision`), e.g. `main@sha1:<hash>`.
        public static let revision = "org.opencontainers.image.revision"
        /// When the artifact was built (RFC 3339).
        public static let created = "org.opencontainers.image.created"
    }
}
