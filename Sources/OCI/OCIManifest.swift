/// The media types Ferry reads and writes.
public enum OCIMediaType {
    public static let imageManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let imageIndex = "application/vnd.oci.image.index.v1+json"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    /// A Helm chart's config blob (Chart.yaml's metadata as JSON) and its one layer, the `.tgz`
    /// (Helm's `registry` package constants).
    public static let helmConfig = "application/vnd.cncf.helm.config.v1+json"
    public static let helmChartContent = "application/vnd.cncf.helm.chart.content.v1.tar+gzip"
    /// Helm's provenance file layer, when a chart was signed.
    public static let helmProvenance = "application/vnd.cncf.helm.chart.provenance.v1.prov"
    /// The empty config of artifacts that have none (`{}`).
    public static let emptyJSON = "application/vnd.oci.empty.v1+json"
}

/// A content descriptor: what a manifest says about a blob.
public struct OCIDescriptor: Codable, Equatable, Sendable {
    public var mediaType: String
    public var digest: String
    public var size: Int64
    public var annotations: [String: String]?

    public init(mediaType: String, digest: String, size: Int64, annotations: [String: String]? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
    }
}

/// An OCI image manifest (or Docker's schema 2, the same shape): a config and its layers.
public struct OCIManifest: Codable, Equatable, Sendable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var config: OCIDescriptor
    public var layers: [OCIDescriptor]
    public var annotations: [String: String]?

    public init(config: OCIDescriptor, layers: [OCIDescriptor], annotations: [String: String]? = nil,
                mediaType: String = OCIMediaType.imageManifest) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}
