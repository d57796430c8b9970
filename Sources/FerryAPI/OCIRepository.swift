/// `source.toolkit.fluxcd.io/v1` OCIRepository, field for field as Flux's
/// `api/v1/ocirepository_types.go`: one artifact in an OCI registry (picked by tag, semver range
/// or digest), whose selected layer the source controller stores as a `.tar.gz` artifact for
/// Kustomizations and HelmReleases.
public struct OCIRepositorySpec: Codable, Hashable, Sendable {
    /// `oci://HOST[:PORT]/REPOSITORY`, without tag or digest (required).
    public var url: String
    /// Which artifact: `digest` wins over `semver`, which wins over `tag`; `latest` when empty.
    public var ref: OCIRepositoryRef?
    /// Which layer of the artifact, and whether it is extracted or copied as is.
    public var layerSelector: OCILayerSelector?
    /// `generic` (default), `aws`, `azure`, `gcp`.
    public var provider: String?
    /// A `kubernetes.io/dockerconfigjson` Secret with the registry's credentials.
    public var secretRef: LocalObjectReference?
    /// Cosign/Notation signature verification.
    public var verify: OCIRepositoryVerification?
    /// A service account whose image pull secrets give the credentials.
    public var serviceAccountName: String?
    /// Secret with `ca.crt` and/or `tls.crt` with `tls.key`.
    public var certSecretRef: LocalObjectReference?
    /// Secret with the HTTP/S proxy's `address` (and `username`/`password`).
    public var proxySecretRef: LocalObjectReference?
    /// How often the registry is checked (required), a Go duration.
    public var interval: String
    /// Bound for registry operations; Flux's default is `60s`.
    public var timeout: String?
    /// `.gitignore`-style patterns of files left out of the artifact (extract only).
    public var ignore: String?
    /// Plain HTTP instead of HTTPS.
    public var insecure: Bool?
    public var suspend: Bool?

    public init(url: String, interval: String = "5m", ref: OCIRepositoryRef? = nil, layerSelector: OCILayerSelector? = nil,
                secretRef: LocalObjectReference? = nil, certSecretRef: LocalObjectReference? = nil, timeout: String? = nil,
                ignore: String? = nil, insecure: Bool? = nil, suspend: Bool? = nil, provider: String? = nil) {
        self.url = url
        self.interval = interval
        self.ref = ref
        self.layerSelector = layerSelector
        self.secretRef = secretRef
        self.certSecretRef = certSecretRef
        self.timeout = timeout
        self.ignore = ignore
        self.insecure = insecure
        self.suspend = suspend
        self.provider = provider
    }
}

/// `spec.ref`: at most one of these is used, in Flux's order `digest`, `semver`, `tag`.
public struct OCIRepositoryRef: Codable, Hashable, Sendable {
    /// `sha256:<hex>`: pins the artifact.
    public var digest: String?
    /// A semver range; the highest tag in it is taken.
    public var semver: String?
    /// A regular expression tags must match before `semver` is applied.
    public var semverFilter: String?
    public var tag: String?

    public init(tag: String? = nil, semver: String? = nil, semverFilter: String? = nil, digest: String? = nil) {
        self.tag = tag
        self.semver = semver
        self.semverFilter = semverFilter
        self.digest = digest
    }
}

/// `spec.layerSelector`: the first layer of `mediaType`, `extract`ed (default) or `copy`'d.
public struct OCILayerSelector: Codable, Hashable, Sendable {
    public var mediaType: String?
    public var operation: String?

    public init(mediaType: String? = nil, operation: String? = nil) {
        self.mediaType = mediaType
        self.operation = operation
    }
}

/// `spec.verify` (`provider`, `secretRef`, `matchOIDCIdentity`), kept as declared: refused with a
/// condition until Ferry verifies signatures.
public struct OCIRepositoryVerification: Codable, Hashable, Sendable {
    public struct Identity: Codable, Hashable, Sendable {
        public var issuer: String
        public var subject: String
    }
    public var provider: String
    public var secretRef: LocalObjectReference?
    public var matchOIDCIdentity: [Identity]?

    public init(provider: String, secretRef: LocalObjectReference? = nil, matchOIDCIdentity: [Identity]? = nil) {
        self.provider = provider
        self.secretRef = secretRef
        self.matchOIDCIdentity = matchOIDCIdentity
    }
}

/// The observed state of an OCIRepository.
public struct OCIRepositoryStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    /// Where the latest artifact is always served.
    public var url: String?
    /// The last stored artifact (its `metadata` are the manifest's annotations); kept across failures.
    public var artifact: Artifact?
    /// `spec.ignore` as it was when `artifact` was built.
    public var observedIgnore: String?
    /// `spec.layerSelector` as it was when `artifact` was built.
    public var observedLayerSelector: OCILayerSelector?
    public var lastHandledReconcileAt: String?

    public init(observedGeneration: Int? = nil, conditions: [Condition]? = nil, url: String? = nil, artifact: Artifact? = nil,
                observedIgnore: String? = nil, observedLayerSelector: OCILayerSelector? = nil, lastHandledReconcileAt: String? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.url = url
        self.artifact = artifact
        self.observedIgnore = observedIgnore
        self.observedLayerSelector = observedLayerSelector
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

public struct OCIRepository: Codable, Hashable, Sendable {
    public static let apiVersion = "source.toolkit.fluxcd.io/v1"
    public static let kind = "OCIRepository"
    public static let operationExtract = "extract"
    public static let operationCopy = "copy"

    public var metadata: ObjectMetadata
    public var spec: OCIRepositorySpec
    public var status: OCIRepositoryStatus?

    public init(metadata: ObjectMetadata, spec: OCIRepositorySpec, status: OCIRepositoryStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Reasons only OCIRepository uses (Flux's `api/v1/ocirepository_types.go`).
public enum OCIRepositoryReason {
    /// The artifact (its manifest, tag list or layer) could not be fetched.
    public static let pullFailed = "OCIArtifactPullFailed"
    /// The selected layer is missing, or could not be extracted or copied.
    public static let layerOperationFailed = "OCIArtifactLayerOperationFailed"
    /// A stored artifact could not be read.
    public static let readOperationFailed = "ReadOperationFailed"
}
