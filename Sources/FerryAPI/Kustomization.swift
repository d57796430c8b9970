/// `kustomize.toolkit.fluxcd.io/v1` Kustomization, as Flux's `api/v1/kustomization_types.go`
/// defines it. Plain `Codable` values keyed by the Kubernetes field names; durations stay Go
/// strings (`"10m"`), parsed by the controller.
public struct KustomizationSpec: Codable, Hashable, Sendable {
    public var sourceRef: CrossNamespaceSourceReference
    /// Directory inside the artifact; a kustomization.yaml is generated when it has none.
    public var path: String?
    public var interval: String
    public var retryInterval: String?
    public var timeout: String?
    public var prune: Bool
    /// `MirrorPrune` (default), `Delete`, `WaitForTermination`, `Orphan`.
    public var deletionPolicy: String?
    public var dependsOn: [DependencyReference]?
    public var healthChecks: [NamespacedObjectKindReference]?
    public var wait: Bool?
    public var force: Bool?
    public var postBuild: PostBuild?
    public var serviceAccountName: String?
    public var kubeConfig: KubeConfigReference?
    public var targetNamespace: String?
    public var namePrefix: String?
    public var nameSuffix: String?
    public var commonMetadata: CommonMetadata?
    public var patches: [KustomizePatch]?
    public var images: [KustomizeImage]?
    public var components: [String]?
    public var ignoreMissingComponents: Bool?
    public var suspend: Bool?
    /// CEL health rules for kinds kstatus does not know (`current`, `inProgress`, `failed`).
    public var healthCheckExprs: [CustomHealthCheck]?
    /// Drift-ignore rules: JSON pointers on selected objects that are neither corrected nor reported.
    public var ignore: [IgnoreRule]?
    /// What kustomize records on built objects: `originAnnotations`, `transformerAnnotations`.
    public var buildMetadata: [String]?
    /// SOPS decryption: refused with a condition until SOPS is supported.
    public var decryption: Decryption?

    public init(sourceRef: CrossNamespaceSourceReference, path: String? = nil, interval: String = "10m", prune: Bool = false) {
        self.sourceRef = sourceRef
        self.path = path
        self.interval = interval
        self.prune = prune
    }
}

/// The source a Kustomization builds from; `namespace` defaults to the Kustomization's.
public struct CrossNamespaceSourceReference: Codable, Hashable, Sendable {
    public var apiVersion: String?
    /// `GitRepository`, `OCIRepository`, `Bucket`.
    public var kind: String
    public var name: String
    public var namespace: String?

    public init(kind: String = "GitRepository", name: String, namespace: String? = nil, apiVersion: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.apiVersion = apiVersion
    }
}

/// A Kustomization this one waits for; `namespace` defaults to the dependant's.
public struct DependencyReference: Codable, Hashable, Sendable {
    /// `Kustomization` or `HelmRelease` — a Ferry extension: Flux only lets an object depend on
    /// its own kind, which is also the default here.
    public var kind: String?
    public var name: String
    public var namespace: String?
    /// CEL deciding readiness instead of the built-in rule; variables `dep` and `self`.
    public var readyExpr: String?
    public init(kind: String? = nil, name: String, namespace: String? = nil, readyExpr: String? = nil) {
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.readyExpr = readyExpr
    }
}

/// One `spec.healthCheckExprs` entry: a group (apiVersion's group part) and optional kind, and
/// the CEL expressions evaluated against the object as `self` — inProgress, then failed, then
/// current; the first true decides.
public struct CustomHealthCheck: Codable, Hashable, Sendable {
    public var apiVersion: String
    public var kind: String?
    public var current: String
    public var inProgress: String?
    public var failed: String?
    public init(apiVersion: String, kind: String? = nil, current: String, inProgress: String? = nil, failed: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.current = current
        self.inProgress = inProgress
        self.failed = failed
    }
}

/// One `spec.ignore` rule: fields (RFC 6901 JSON pointers) left alone on the objects `target` selects.
public struct IgnoreRule: Codable, Hashable, Sendable {
    public var paths: [String]
    public var target: KustomizeSelector?
    public init(paths: [String], target: KustomizeSelector? = nil) {
        self.paths = paths
        self.target = target
    }
}

/// `spec.decryption`.
public struct Decryption: Codable, Hashable, Sendable {
    public var provider: String
    public var secretRef: LocalObjectReference?
    public var serviceAccountName: String?
    public init(provider: String, secretRef: LocalObjectReference? = nil, serviceAccountName: String? = nil) {
        self.provider = provider
        self.secretRef = secretRef
        self.serviceAccountName = serviceAccountName
    }
}

/// An object whose health gates Ready (`spec.healthChecks`).
public struct NamespacedObjectKindReference: Codable, Hashable, Sendable {
    public var apiVersion: String?
    public var kind: String
    public var name: String
    public var namespace: String?
    public init(apiVersion: String? = nil, kind: String, name: String, namespace: String? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}

public struct PostBuild: Codable, Hashable, Sendable {
    public var substitute: [String: String]?
    public var substituteFrom: [SubstituteReference]?
    /// `WithVariables` (default: substitute only when variables are defined) or `Always`.
    public var substituteStrategy: String?
    public init(substitute: [String: String]? = nil, substituteFrom: [SubstituteReference]? = nil, substituteStrategy: String? = nil) {
        self.substitute = substitute
        self.substituteFrom = substituteFrom
        self.substituteStrategy = substituteStrategy
    }
}

/// A ConfigMap or Secret in the Kustomization's namespace whose data are substitution variables.
public struct SubstituteReference: Codable, Hashable, Sendable {
    /// `ConfigMap` or `Secret`.
    public var kind: String
    public var name: String
    /// A missing object is no error when true.
    public var optional: Bool?
    public init(kind: String, name: String, optional: Bool? = nil) {
        self.kind = kind
        self.name = name
        self.optional = optional
    }
}

/// A Secret holding a kubeconfig under `value` or `value.yaml` (or `key`), or a ConfigMap
/// describing a secret-less (workload identity) cluster.
public struct KubeConfigReference: Codable, Hashable, Sendable {
    public var secretRef: SecretKeyReference?
    public var configMapRef: LocalObjectReference?
    public init(secretRef: SecretKeyReference? = nil, configMapRef: LocalObjectReference? = nil) {
        self.secretRef = secretRef
        self.configMapRef = configMapRef
    }
}

public struct SecretKeyReference: Codable, Hashable, Sendable {
    public var name: String
    public var key: String?
    public init(name: String, key: String? = nil) {
        self.name = name
        self.key = key
    }
}

public struct CommonMetadata: Codable, Hashable, Sendable {
    public var labels: [String: String]?
    public var annotations: [String: String]?
    public init(labels: [String: String]? = nil, annotations: [String: String]? = nil) {
        self.labels = labels
        self.annotations = annotations
    }
}

/// kustomize's `Patch`: a strategic-merge or JSON 6902 patch and the objects it targets.
public struct KustomizePatch: Codable, Hashable, Sendable {
    public var patch: String
    public var target: KustomizeSelector?
    public init(patch: String, target: KustomizeSelector? = nil) {
        self.patch = patch
        self.target = target
    }
}

public struct KustomizeSelector: Codable, Hashable, Sendable {
    public var group: String?
    public var version: String?
    public var kind: String?
    public var name: String?
    public var namespace: String?
    public var labelSelector: String?
    public var annotationSelector: String?
    public init(group: String? = nil, version: String? = nil, kind: String? = nil, name: String? = nil, namespace: String? = nil,
                labelSelector: String? = nil, annotationSelector: String? = nil) {
        self.group = group
        self.version = version
        self.kind = kind
        self.name = name
        self.namespace = namespace
        self.labelSelector = labelSelector
        self.annotationSelector = annotationSelector
    }
}

/// kustomize's `Image`: rename, retag or pin an image by digest.
public struct KustomizeImage: Codable, Hashable, Sendable {
    public var name: String
    public var newName: String?
    public var newTag: String?
    public var digest: String?
    public init(name: String, newName: String? = nil, newTag: String? = nil, digest: String? = nil) {
        self.name = name
        self.newName = newName
        self.newTag = newTag
        self.digest = digest
    }
}

/// The observed state of a Kustomization.
public struct KustomizationStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    public var lastAppliedRevision: String?
    /// The origin revision (the OCI `org.opencontainers.image.revision` of the source artifact)
    /// of the last applied revision.
    public var lastAppliedOriginRevision: String?
    public var lastAttemptedRevision: String?
    public var lastHandledReconcileAt: String?
    public var inventory: ResourceInventory?
    public var history: [Snapshot]?

    public init() {}

    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

/// `status.inventory`: what the last successful apply put on the cluster.
public struct ResourceInventory: Codable, Hashable, Sendable {
    public var entries: [ResourceRef]
    public init(entries: [ResourceRef] = []) { self.entries = entries }
}

/// `<namespace>_<name>_<group>_<kind>` and the API version it was applied with.
public struct ResourceRef: Codable, Hashable, Sendable {
    public var id: String
    public var v: String
    public init(id: String, v: String) {
        self.id = id
        self.v = v
    }
}

/// One line of `status.history` (Flux keeps five, newest first, de-duplicated by digest+status).
public struct Snapshot: Codable, Hashable, Sendable {
    /// `sha256:<hex>` of the built manifests.
    public var digest: String
    public var firstReconciled: String
    public var lastReconciled: String
    /// A Go duration (`1.234s`).
    public var lastReconciledDuration: String
    /// The Ready reason of that reconcile.
    public var lastReconciledStatus: String
    public var totalReconciliations: Int
    public var metadata: [String: String]?

    public init(digest: String, firstReconciled: String, lastReconciled: String, lastReconciledDuration: String,
                lastReconciledStatus: String, totalReconciliations: Int, metadata: [String: String]? = nil) {
        self.digest = digest
        self.firstReconciled = firstReconciled
        self.lastReconciled = lastReconciled
        self.lastReconciledDuration = lastReconciledDuration
        self.lastReconciledStatus = lastReconciledStatus
        self.totalReconciliations = totalReconciliations
        self.metadata = metadata
    }
}

public struct Kustomization: Codable, Hashable, Sendable {
    public static let group = "kustomize.toolkit.fluxcd.io"
    public static let version = "v1"
    public static let kind = "Kustomization"

    public var metadata: ObjectMetadata
    public var spec: KustomizationSpec
    public var status: KustomizationStatus?

    public init(metadata: ObjectMetadata, spec: KustomizationSpec, status: KustomizationStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// `spec.deletionPolicy`: what happens to the applied objects when the Kustomization is deleted.
public enum DeletionPolicy: String, CaseIterable, Sendable {
    /// Delete them when `spec.prune` is true, else leave them (the default).
    case mirrorPrune = "MirrorPrune"
    /// Delete them.
    case delete = "Delete"
    /// Delete them and wait until they are gone (within `spec.timeout`).
    case waitForTermination = "WaitForTermination"
    /// Leave them.
    case orphan = "Orphan"
}

/// `spec.postBuild.substituteStrategy`.
public enum SubstituteStrategy: String, CaseIterable, Sendable {
    /// Substitute only when at least one variable is defined (Flux's default).
    case withVariables = "WithVariables"
    /// Always substitute, so defaults (`${var:=x}`) apply and undefined variables are errors.
    case always = "Always"
}

/// Flux's reasons specific to Kustomizations (`kustomize-controller:api/v1/condition_types.go`);
/// shared ones are ``ConditionReason``.
public enum KustomizationReason {
    public static let artifactFailed = "ArtifactFailed"
    public static let buildFailed = "BuildFailed"
    public static let healthCheckFailed = "HealthCheckFailed"
    public static let healthCheckCanceled = "HealthCheckCanceled"
    public static let pruneFailed = "PruneFailed"
    public static let deletionFailed = "DeletionFailed"
}
