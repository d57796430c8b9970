/// `helm.toolkit.fluxcd.io/v2` HelmRelease, field for field as Flux's helm-controller
/// `api/v2/helmrelease_types.go` (Flux 2.9: Helm 4 options, `postRenderStrategy`, `waitStrategy`,
/// `healthCheckExprs`, `commonMetadata`). Plain `Codable` values keyed by the Kubernetes field
/// names; Go's `bool omitempty` fields are optional here so an object round-trips unchanged;
/// durations stay Go strings, parsed by the controller.
public struct HelmReleaseSpec: Codable, Hashable, Sendable {
    /// Template of the HelmChart the controller keeps in the source's namespace. Exactly one of
    /// `chart` and `chartRef` is set (Flux's CRD enforces it with a CEL rule; Ferry's controller
    /// refuses the object instead).
    public var chart: HelmChartTemplate?
    /// An existing chart artifact: `OCIRepository`, `HelmChart` or `ExternalArtifact`.
    public var chartRef: CrossNamespaceSourceReference?
    /// How often the release is reconciled (required), a Go duration.
    public var interval: String
    public var kubeConfig: KubeConfigReference?
    public var suspend: Bool?
    /// Helm release name; `[targetNamespace-]name` when empty (1–53 characters).
    public var releaseName: String?
    /// Namespace the chart is installed into; the HelmRelease's namespace when empty.
    public var targetNamespace: String?
    /// Namespace of Helm's release Secrets; the HelmRelease's namespace when empty.
    public var storageNamespace: String?
    /// HelmReleases that must be Ready first; `namespace` defaults to this one's.
    public var dependsOn: [DependencyReference]?
    /// Per-Kubernetes-operation timeout of every Helm action; Flux's default `5m0s`.
    public var timeout: String?
    /// Release revisions Helm keeps; `0` keeps all, Flux's default is 5.
    public var maxHistory: Int?
    public var serviceAccountName: String?
    /// One Kubernetes client for the whole reconcile (Flux's default true).
    public var persistentClient: Bool?
    public var driftDetection: DriftDetection?
    public var install: HelmInstall?
    public var upgrade: HelmUpgrade?
    public var test: HelmTest?
    public var rollback: HelmRollback?
    public var uninstall: HelmUninstall?
    /// ConfigMaps and Secrets merged, in order, under `values`.
    public var valuesFrom: [ValuesReference]?
    /// Inline values, merged last.
    public var values: AnyJSON?
    /// Applied in order to the rendered manifests.
    public var postRenderers: [PostRenderer]?
    /// Labels and annotations put on every rendered object (a key that already exists is overwritten).
    public var commonMetadata: CommonMetadata?
    /// Which rendered objects pass through the post-renderers: `nohooks`, `combined` (Flux 2.9's
    /// default) or `separate`; see ``PostRenderStrategy``.
    public var postRenderStrategy: String?
    public var waitStrategy: HelmReleaseWaitStrategy?
    /// CEL health rules for custom resources, evaluated while waiting under the `poller` strategy.
    public var healthCheckExprs: [CustomHealthCheck]?

    public init(chart: HelmChartTemplate? = nil, chartRef: CrossNamespaceSourceReference? = nil, interval: String = "10m",
                releaseName: String? = nil, targetNamespace: String? = nil, storageNamespace: String? = nil,
                dependsOn: [DependencyReference]? = nil, timeout: String? = nil, maxHistory: Int? = nil,
                serviceAccountName: String? = nil, suspend: Bool? = nil, install: HelmInstall? = nil, upgrade: HelmUpgrade? = nil,
                test: HelmTest? = nil, rollback: HelmRollback? = nil, uninstall: HelmUninstall? = nil,
                valuesFrom: [ValuesReference]? = nil, values: AnyJSON? = nil, postRenderers: [PostRenderer]? = nil,
                driftDetection: DriftDetection? = nil) {
        self.chart = chart
        self.chartRef = chartRef
        self.interval = interval
        self.releaseName = releaseName
        self.targetNamespace = targetNamespace
        self.storageNamespace = storageNamespace
        self.dependsOn = dependsOn
        self.timeout = timeout
        self.maxHistory = maxHistory
        self.serviceAccountName = serviceAccountName
        self.suspend = suspend
        self.install = install
        self.upgrade = upgrade
        self.test = test
        self.rollback = rollback
        self.uninstall = uninstall
        self.valuesFrom = valuesFrom
        self.values = values
        self.postRenderers = postRenderers
        self.driftDetection = driftDetection
    }
}

/// `spec.chart`: what the controller writes into the HelmChart it owns (named
/// `<namespace>-<name>` in the source's namespace).
public struct HelmChartTemplate: Codable, Hashable, Sendable {
    /// Labels and annotations for the generated HelmChart.
    public var metadata: CommonMetadata?
    public var spec: HelmChartTemplateSpec

    public init(spec: HelmChartTemplateSpec, metadata: CommonMetadata? = nil) {
        self.spec = spec
        self.metadata = metadata
    }
}

/// The HelmChart spec to generate. v2 dropped v1's single `valuesFile`.
public struct HelmChartTemplateSpec: Codable, Hashable, Sendable {
    /// Chart name in a HelmRepository, or its path in a GitRepository/Bucket (1–2048 characters).
    public var chart: String
    /// Semver range (HelmRepository only); Flux's default `*`.
    public var version: String?
    public var sourceRef: CrossNamespaceObjectReference
    /// How often the HelmChart checks its source; `spec.interval` when empty.
    public var interval: String?
    /// `ChartVersion` (default) or `Revision`.
    public var reconcileStrategy: String?
    public var valuesFiles: [String]?
    public var ignoreMissingValuesFiles: Bool?
    /// OCI chart signature verification.
    public var verify: HelmChartTemplateVerification?

    public init(chart: String, sourceRef: CrossNamespaceObjectReference, version: String? = nil, interval: String? = nil,
                reconcileStrategy: String? = nil, valuesFiles: [String]? = nil, ignoreMissingValuesFiles: Bool? = nil,
                verify: HelmChartTemplateVerification? = nil) {
        self.chart = chart
        self.sourceRef = sourceRef
        self.version = version
        self.interval = interval
        self.reconcileStrategy = reconcileStrategy
        self.valuesFiles = valuesFiles
        self.ignoreMissingValuesFiles = ignoreMissingValuesFiles
        self.verify = verify
    }
}

/// The source of a chart template: `HelmRepository`, `GitRepository` or `Bucket`, in
/// `namespace` (the HelmRelease's when empty).
public struct CrossNamespaceObjectReference: Codable, Hashable, Sendable {
    public var apiVersion: String?
    public var kind: String
    public var name: String
    public var namespace: String?

    public init(kind: String, name: String, namespace: String? = nil, apiVersion: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.apiVersion = apiVersion
    }
}

/// `spec.chart.spec.verify`: `provider` is `cosign` (Flux's default) or `notation`.
public struct HelmChartTemplateVerification: Codable, Hashable, Sendable {
    public var provider: String
    public var secretRef: LocalObjectReference?

    public init(provider: String = "cosign", secretRef: LocalObjectReference? = nil) {
        self.provider = provider
        self.secretRef = secretRef
    }
}

/// One `spec.valuesFrom` entry: a ConfigMap or Secret in the HelmRelease's namespace.
public struct ValuesReference: Codable, Hashable, Sendable {
    /// `ConfigMap` or `Secret`.
    public var kind: String
    public var name: String
    /// Data key holding a values document (default `values.yaml`), or one flat value when
    /// `targetPath` is set.
    public var valuesKey: String?
    /// Where a single value lands, in Helm's `--set` path syntax; the root when empty.
    public var targetPath: String?
    /// A missing object (not a missing key) is no error when true.
    public var optional: Bool?

    public init(kind: String, name: String, valuesKey: String? = nil, targetPath: String? = nil, optional: Bool? = nil) {
        self.kind = kind
        self.name = name
        self.valuesKey = valuesKey
        self.targetPath = targetPath
        self.optional = optional
    }
}

/// One `spec.postRenderers` entry; Kustomize is the only kind Flux offers.
public struct PostRenderer: Codable, Hashable, Sendable {
    public var kustomize: PostRendererKustomize?
    public init(kustomize: PostRendererKustomize? = nil) { self.kustomize = kustomize }
}

/// Patches and image overrides applied to the rendered manifests, as in a Kustomization.
public struct PostRendererKustomize: Codable, Hashable, Sendable {
    public var patches: [KustomizePatch]?
    public var images: [KustomizeImage]?
    public init(patches: [KustomizePatch]? = nil, images: [KustomizeImage]? = nil) {
        self.patches = patches
        self.images = images
    }
}

/// `spec.driftDetection`: compare the release's manifest with the cluster and, per `mode`,
/// correct (`enabled`), report (`warn`) or skip (`disabled`, the default).
public struct DriftDetection: Codable, Hashable, Sendable {
    public var mode: String?
    /// JSON pointers left out of the comparison on the objects each rule selects.
    public var ignore: [IgnoreRule]?
    public init(mode: String? = nil, ignore: [IgnoreRule]? = nil) {
        self.mode = mode
        self.ignore = ignore
    }
}

/// `spec.waitStrategy`: how Helm waits for applied objects.
public struct HelmReleaseWaitStrategy: Codable, Hashable, Sendable {
    /// `poller` (kstatus, Flux's default) or `legacy` (Helm 3's readiness rules).
    public var name: String
    public init(name: String) { self.name = name }
}

public struct HelmRelease: Codable, Hashable, Sendable {
    public static let group = "helm.toolkit.fluxcd.io"
    public static let version = "v2"
    public static let apiVersion = "helm.toolkit.fluxcd.io/v2"
    public static let kind = "HelmRelease"
    public static let finalizer = "finalizers.fluxcd.io"
    /// Annotation requesting a one-off install/upgrade (acted on when it equals `requestedAt`).
    public static let forceAnnotation = "reconcile.fluxcd.io/forceAt"
    /// Annotation requesting the failure counters be reset (acted on when it equals `requestedAt`).
    public static let resetAnnotation = "reconcile.fluxcd.io/resetAt"
    /// Label or annotation that, set to `disabled` on a rendered object, leaves it out of drift detection.
    public static let driftDetectionKey = "helm.toolkit.fluxcd.io/driftDetection"

    public var metadata: ObjectMetadata
    public var spec: HelmReleaseSpec
    public var status: HelmReleaseStatus?

    public init(metadata: ObjectMetadata, spec: HelmReleaseSpec, status: HelmReleaseStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// `spec.driftDetection.mode`.
public enum DriftDetectionMode: String, CaseIterable, Sendable {
    case enabled, warn, disabled
}

/// `spec.postRenderStrategy`.
public enum PostRenderStrategy: String, CaseIterable, Sendable {
    /// Only the release manifest is post-rendered; hooks are left as rendered (Helm 3's way).
    case noHooks = "nohooks"
    /// Manifest and hooks pass through the post-renderers as one stream (Flux 2.9's default).
    case combined
    /// Manifest and hooks pass through the post-renderers as two separate streams.
    case separate
}
