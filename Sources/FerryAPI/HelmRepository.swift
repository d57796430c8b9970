/// `source.toolkit.fluxcd.io/v1` HelmRepository, field for field as Flux's
/// `api/v1/helmrepository_types.go`: a Helm chart repository, either an HTTP(S) index
/// (`type: default`, which the controller turns into an artifact) or an OCI registry base URL
/// (`type: oci`, a data holder for HelmCharts that has no artifact of its own).
public struct HelmRepositorySpec: Codable, Hashable, Sendable {
    /// `http(s)://` or `oci://` address (required).
    public var url: String
    /// Secret with `username`/`password` (and, deprecated, `certFile`/`keyFile`/`caFile`); for OCI
    /// also a `kubernetes.io/dockerconfigjson` Secret.
    public var secretRef: LocalObjectReference?
    /// Secret with `tls.crt`/`tls.key` and/or `ca.crt`; wins over TLS data in `secretRef`.
    public var certSecretRef: LocalObjectReference?
    /// Send `secretRef`'s credentials to hosts other than the URL's (chart URLs elsewhere).
    public var passCredentials: Bool?
    /// How often the index is fetched; Flux's default is `1m`.
    public var interval: String?
    /// Plain-HTTP registry (OCI only).
    public var insecure: Bool?
    /// Index download and OCI operation timeout; Flux's default is `60s`.
    public var timeout: String?
    public var suspend: Bool?
    /// Flux's provisional cross-namespace ACL; not implemented by Flux either.
    public var accessFrom: AccessFrom?
    /// `default` (or unset) or `oci`.
    public var type: String?
    /// `generic` (default), `aws`, `azure`, `gcp` (OCI only).
    public var provider: String?

    public init(url: String, interval: String? = nil, type: String? = nil, secretRef: LocalObjectReference? = nil,
                certSecretRef: LocalObjectReference? = nil, passCredentials: Bool? = nil, insecure: Bool? = nil,
                timeout: String? = nil, suspend: Bool? = nil, provider: String? = nil) {
        self.url = url
        self.interval = interval
        self.type = type
        self.secretRef = secretRef
        self.certSecretRef = certSecretRef
        self.passCredentials = passCredentials
        self.insecure = insecure
        self.timeout = timeout
        self.suspend = suspend
        self.provider = provider
    }

    /// `spec.type == oci`.
    public var isOCI: Bool { type == HelmRepository.typeOCI }
}

/// `accessFrom` as Flux declares it (`namespaceSelectors[].matchLabels`). Flux marks it
/// provisional and acts on it nowhere; Ferry reads it and does the same (docs/spec says so).
public struct AccessFrom: Codable, Hashable, Sendable {
    public struct NamespaceSelector: Codable, Hashable, Sendable {
        public var matchLabels: [String: String]?
    }
    public var namespaceSelectors: [NamespaceSelector]
}

/// The observed state of a HelmRepository.
public struct HelmRepositoryStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    /// Where the latest index is always served (`…/index.yaml`), whatever its revision.
    public var url: String?
    /// The last successfully stored index; kept across failures.
    public var artifact: Artifact?
    public var lastHandledReconcileAt: String?

    public init(observedGeneration: Int? = nil, conditions: [Condition]? = nil, url: String? = nil,
                artifact: Artifact? = nil, lastHandledReconcileAt: String? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.url = url
        self.artifact = artifact
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

public struct HelmRepository: Codable, Hashable, Sendable {
    public static let apiVersion = "source.toolkit.fluxcd.io/v1"
    public static let kind = "HelmRepository"
    public static let typeDefault = "default"
    public static let typeOCI = "oci"

    public var metadata: ObjectMetadata
    public var spec: HelmRepositorySpec
    public var status: HelmRepositoryStatus?

    public init(metadata: ObjectMetadata, spec: HelmRepositorySpec, status: HelmRepositoryStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Reasons of Helm sources (`api/v1/helmrepository_types.go`, `helmchart_types.go`, and the
/// chart reconciler's build errors).
public enum HelmSourceReason {
    public static let indexationFailed = "IndexationFailed"
    public static let indexationSucceeded = "IndexationSucceed"
    public static let chartPullSucceeded = "ChartPullSucceeded"
    public static let chartPackageSucceeded = "ChartPackageSucceeded"
    public static let chartPullFailed = "ChartPullFailed"
    public static let chartPackageFailed = "ChartPackageFailed"
    public static let invalidChartReference = "InvalidChartReference"
    public static let newChart = "NewChart"
    public static let sourceUnavailable = "SourceUnavailable"
    public static let noSourceArtifact = "NoSourceArtifact"
}
