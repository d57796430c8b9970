/// `image.toolkit.fluxcd.io/v1` ImageRepository, field for field as Flux's image-reflector-controller
/// `api/v1/imagerepository_types.go`: a container image repository (`ghcr.io/org/app`, not one
/// image of it) whose tags the controller lists on a schedule. The tags go to the controller's
/// own tag store (never the object's status); status carries only their count and a sample.
public struct ImageRepositorySpec: Codable, Hashable, Sendable {
    /// The repository, as `docker pull` names it without tag or digest (`alpine`,
    /// `registry.example.com:5000/team/app`); required.
    public var image: String
    /// How long to wait between scans (required, a Go duration).
    public var interval: String
    /// The longest a scan may take; the interval when unset, and never below one second.
    public var timeout: String?
    /// A `kubernetes.io/dockerconfigjson` Secret with credentials for the registry.
    public var secretRef: LocalObjectReference?
    /// A Secret with `address` (and optional `username`/`password`) of an HTTP(S) proxy.
    public var proxySecretRef: LocalObjectReference?
    /// A ServiceAccount whose `imagePullSecrets` authenticate the scan.
    public var serviceAccountName: String?
    /// A Secret with `ca.crt` and/or `tls.crt` + `tls.key` for the registry connection.
    public var certSecretRef: LocalObjectReference?
    public var suspend: Bool?
    /// Which namespaces' ImagePolicies may refer to this repository (besides its own).
    public var accessFrom: AccessFrom?
    /// Regular expressions; tags matching any of them are not stored. `^.*\.sig$` when unset.
    public var exclusionList: [String]?
    /// `generic` (default), `aws`, `azure`, `gcp`.
    public var provider: String?
    /// Plain HTTP to the registry.
    public var insecure: Bool?

    public init(image: String, interval: String, timeout: String? = nil, secretRef: LocalObjectReference? = nil,
                proxySecretRef: LocalObjectReference? = nil, serviceAccountName: String? = nil,
                certSecretRef: LocalObjectReference? = nil, suspend: Bool? = nil, accessFrom: AccessFrom? = nil,
                exclusionList: [String]? = nil, provider: String? = nil, insecure: Bool? = nil) {
        self.image = image
        self.interval = interval
        self.timeout = timeout
        self.secretRef = secretRef
        self.proxySecretRef = proxySecretRef
        self.serviceAccountName = serviceAccountName
        self.certSecretRef = certSecretRef
        self.suspend = suspend
        self.accessFrom = accessFrom
        self.exclusionList = exclusionList
        self.provider = provider
        self.insecure = insecure
    }

    /// The exclusion list in force: the spec's when non-empty, else Flux's default (`GetExclusionList`).
    public var effectiveExclusionList: [String] {
        if let list = exclusionList, !list.isEmpty { return list }
        return ImageRepository.defaultExclusionList
    }
}

/// What the last successful scan found (`status.lastScanResult`).
public struct ImageScanResult: Codable, Hashable, Sendable {
    /// A stable hash of the stored tag list: it changes exactly when the set of tags changes.
    public var revision: String
    public var tagCount: Int
    /// RFC 3339 time of the scan.
    public var scanTime: String
    /// The first ten tags in descending alphabetical order (Flux's sample, not semver order).
    public var latestTags: [String]?

    public init(revision: String, tagCount: Int, scanTime: String, latestTags: [String]? = nil) {
        self.revision = revision
        self.tagCount = tagCount
        self.scanTime = scanTime
        self.latestTags = latestTags
    }
}

/// The observed state of an ImageRepository.
public struct ImageRepositoryStatus: Codable, Hashable, Sendable {
    public var conditions: [Condition]?
    public var observedGeneration: Int?
    /// `spec.image` with the implied parts spelled out (`docker.io/library/alpine` for `alpine`).
    public var canonicalImageName: String?
    public var lastScanResult: ImageScanResult?
    /// The exclusion list the last scan result was computed with.
    public var observedExclusionList: [String]?
    public var lastHandledReconcileAt: String?

    public init(conditions: [Condition]? = nil, observedGeneration: Int? = nil, canonicalImageName: String? = nil,
                lastScanResult: ImageScanResult? = nil, observedExclusionList: [String]? = nil,
                lastHandledReconcileAt: String? = nil) {
        self.conditions = conditions
        self.observedGeneration = observedGeneration
        self.canonicalImageName = canonicalImageName
        self.lastScanResult = lastScanResult
        self.observedExclusionList = observedExclusionList
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

public struct ImageRepository: Codable, Hashable, Sendable {
    public static let apiVersion = "image.toolkit.fluxcd.io/v1"
    public static let kind = "ImageRepository"
    /// Cosign signature tags (`sha256-….sig`) are not images to pick from.
    public static let defaultExclusionList = [#"^.*\.sig$"#]
    /// How many tags `status.lastScanResult.latestTags` carries.
    public static let latestTagsCount = 10

    public var metadata: ObjectMetadata
    public var spec: ImageRepositorySpec
    public var status: ImageRepositoryStatus?

    public init(metadata: ObjectMetadata, spec: ImageRepositorySpec, status: ImageRepositoryStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// Reasons of the image kinds (`api/v1/condition_types.go` of Flux's image-reflector-controller,
/// plus the policy reconciler's).
public enum ImageReason {
    /// `spec.image` cannot be parsed as a repository reference.
    public static let imageURLInvalid = "ImageURLInvalid"
    /// The policy's ImageRepository is missing, not ready or has no scan yet.
    public static let dependencyNotReady = "DependencyNotReady"
    /// The registry refused the credentials, or the Secret lacks what is needed.
    public static let authenticationFailed = "AuthenticationFailed"
    /// Listing tags or reading a manifest failed for another reason.
    public static let readOperationFailed = "ReadOperationFailed"
    /// Digest reflection `Always` without an interval.
    public static let intervalNotConfigured = "IntervalNotConfigured"
    /// `spec.policy` or `spec.filterTags` cannot be used (the policy reconciler's reason).
    public static let invalidPolicy = "InvalidPolicy"
    /// No tag satisfies the policy (Kubernetes' `metav1.StatusFailure`, which Flux uses here).
    public static let failure = "Failure"
}
