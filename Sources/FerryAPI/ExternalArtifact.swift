/// `source.toolkit.fluxcd.io/v1` ExternalArtifact, as Flux's `api/v1/externalartifact_types.go`:
/// an artifact produced by something other than source-controller (an ArtifactGenerator), served
/// from the same storage. Kustomizations (`sourceRef.kind: ExternalArtifact`) and HelmReleases
/// (`chartRef.kind: ExternalArtifact`) consume it like any source's artifact.
public struct ExternalArtifactSpec: Codable, Hashable, Sendable {
    /// The object that produces the artifact (the ArtifactGenerator).
    public var sourceRef: NamespacedObjectKindReference?

    public init(sourceRef: NamespacedObjectKindReference? = nil) { self.sourceRef = sourceRef }
}

public struct ExternalArtifactStatus: Codable, Hashable, Sendable {
    public var artifact: Artifact?
    public var conditions: [Condition]?

    public init(artifact: Artifact? = nil, conditions: [Condition]? = nil) {
        self.artifact = artifact
        self.conditions = conditions
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

public struct ExternalArtifact: Codable, Hashable, Sendable {
    public static let apiVersion = "source.toolkit.fluxcd.io/v1"
    public static let kind = "ExternalArtifact"

    public var metadata: ObjectMetadata
    public var spec: ExternalArtifactSpec
    public var status: ExternalArtifactStatus?

    public init(metadata: ObjectMetadata, spec: ExternalArtifactSpec, status: ExternalArtifactStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
