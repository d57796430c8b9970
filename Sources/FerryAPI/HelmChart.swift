/// `source.toolkit.fluxcd.io/v1` HelmChart, field for field as Flux's `api/v1/helmchart_types.go`:
/// one chart from a HelmRepository (by name and semver range) or from a GitRepository/Bucket
/// artifact (by path), packaged as a `.tgz` artifact.
public struct HelmChartSpec: Codable, Hashable, Sendable {
    /// Chart name in a HelmRepository, or its directory in a GitRepository/Bucket (required).
    public var chart: String
    /// Semver range for HelmRepository sources; ignored for the others. Default `*`.
    public var version: String?
    public var sourceRef: HelmChartSourceReference
    /// How often the source is checked (required), a Go duration.
    public var interval: String
    /// `ChartVersion` (default): a new artifact when the chart's version changes; `Revision`: when
    /// the Git/Bucket source's revision changes.
    public var reconcileStrategy: String?
    /// Values files (paths in the source) merged in order, last wins, replacing values.yaml.
    public var valuesFiles: [String]?
    /// Deprecated single values file, merged before `valuesFiles`.
    public var valuesFile: String?
    public var ignoreMissingValuesFiles: Bool?
    public var suspend: Bool?
    public var accessFrom: AccessFrom?
    /// Cosign/Notation verification (OCI charts only).
    public var verify: HelmChartVerification?

    public init(chart: String, sourceRef: HelmChartSourceReference, interval: String = "1m", version: String? = nil,
                reconcileStrategy: String? = nil, valuesFiles: [String]? = nil, ignoreMissingValuesFiles: Bool? = nil,
                suspend: Bool? = nil) {
        self.chart = chart
        self.sourceRef = sourceRef
        self.interval = interval
        self.version = version
        self.reconcileStrategy = reconcileStrategy
        self.valuesFiles = valuesFiles
        self.ignoreMissingValuesFiles = ignoreMissingValuesFiles
        self.suspend = suspend
    }

    /// `valuesFile` then `valuesFiles`, as Flux's `GetValuesFiles`.
    public var allValuesFiles: [String] {
        (valuesFile.map { $0.isEmpty ? [] : [$0] } ?? []) + (valuesFiles ?? [])
    }
}

/// The source a chart comes from, in the HelmChart's namespace.
public struct HelmChartSourceReference: Codable, Hashable, Sendable {
    public var apiVersion: String?
    /// `HelmRepository`, `GitRepository` or `Bucket`.
    public var kind: String
    public var name: String

    public init(kind: String, name: String, apiVersion: String? = nil) {
        self.kind = kind
        self.name = name
        self.apiVersion = apiVersion
    }
}

/// `spec.verify` (`provider`, `secretRef`, `matchOIDCIdentity`), kept as declared: signature
/// verification is refused with a condition until Ferry verifies signatures.
public struct HelmChartVerification: Codable, Hashable, Sendable {
    public struct Identity: Codable, Hashable, Sendable {
        public var issuer: String
        public var subject: String
    }
    public var provider: String
    public var secretRef: LocalObjectReference?
    public var matchOIDCIdentity: [Identity]?
}

/// The observed state of a HelmChart.
public struct HelmChartStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    /// The source artifact revision the current chart was built from.
    public var observedSourceArtifactRevision: String?
    public var observedChartName: String?
    /// The values files that were found and merged into the current artifact.
    public var observedValuesFiles: [String]?
    public var conditions: [Condition]?
    /// Where the latest chart is always served (`…/latest.tar.gz`).
    public var url: String?
    public var artifact: Artifact?
    public var lastHandledReconcileAt: String?

    public init(observedGeneration: Int? = nil, observedSourceArtifactRevision: String? = nil, observedChartName: String? = nil,
                observedValuesFiles: [String]? = nil, conditions: [Condition]? = nil, url: String? = nil,
                artifact: Artifact? = nil, lastHandledReconcileAt: String? = nil) {
        self.observedGeneration = observedGeneration
        self.observedSourceArtifactRevision = observedSourceArtifactRevision
        self.observedChartName = observedChartName
        self.observedValuesFiles = observedValuesFiles
        self.conditions = conditions
        self.url = url
        self.artifact = artifact
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

public struct HelmChart: Codable, Hashable, Sendable {
    public static let apiVersion = "source.toolkit.fluxcd.io/v1"
    public static let kind = "HelmChart"
    public static let strategyChartVersion = "ChartVersion"
    public static let strategyRevision = "Revision"

    public var metadata: ObjectMetadata
    public var spec: HelmChartSpec
    public var status: HelmChartStatus?

    public init(metadata: ObjectMetadata, spec: HelmChartSpec, status: HelmChartStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
