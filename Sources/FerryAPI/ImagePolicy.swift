/// `image.toolkit.fluxcd.io/v1` ImagePolicy, field for field as Flux's image-reflector-controller
/// `api/v1/imagepolicy_types.go`: picks the latest image of an ImageRepository's scanned tags by
/// one ordering rule (semver range, alphabetical or numerical), optionally after filtering and
/// rewriting the tags, and reports it in `status.latestRef`.
public struct ImagePolicySpec: Codable, Hashable, Sendable {
    /// The ImageRepository whose tags are chosen from; `namespace` defaults to the policy's.
    public var imageRepositoryRef: ImageRepositoryReference
    /// Exactly one ordering rule.
    public var policy: ImagePolicyChoice
    /// Only tags matching `pattern` take part, compared by the `extract` template's expansion.
    public var filterTags: ImageTagFilter?
    /// `Never` (default), `IfNotPresent` or `Always`: whether `status.latestRef.digest` is set.
    public var digestReflectionPolicy: String?
    /// How often the chosen tag's digest is refreshed; only with `digestReflectionPolicy: Always`
    /// (10m when unset there).
    public var interval: String?
    public var suspend: Bool?

    public init(imageRepositoryRef: ImageRepositoryReference, policy: ImagePolicyChoice,
                filterTags: ImageTagFilter? = nil, digestReflectionPolicy: String? = nil,
                interval: String? = nil, suspend: Bool? = nil) {
        self.imageRepositoryRef = imageRepositoryRef
        self.policy = policy
        self.filterTags = filterTags
        self.digestReflectionPolicy = digestReflectionPolicy
        self.interval = interval
        self.suspend = suspend
    }

    /// The reflection policy in force (Flux's `GetDigestReflectionPolicy`: `Never` when unset).
    public var effectiveDigestReflectionPolicy: String {
        if let policy = digestReflectionPolicy, !policy.isEmpty { return policy }
        return ImagePolicy.reflectNever
    }
}

/// `meta.NamespacedObjectReference`: a name and an optional namespace.
public struct ImageRepositoryReference: Codable, Hashable, Sendable {
    public var name: String
    public var namespace: String?

    public init(name: String, namespace: String? = nil) {
        self.name = name
        self.namespace = namespace
    }
}

/// One of `semver`, `alphabetical`, `numerical` (a union: exactly one must be set).
public struct ImagePolicyChoice: Codable, Hashable, Sendable {
    public struct SemVer: Codable, Hashable, Sendable {
        /// A semver range (`>=1.0.0 <2.0.0`, `^1.2`, `1.x`, `>=1.0.0-0` for prereleases).
        public var range: String
        public init(range: String) { self.range = range }
    }

    /// `order: asc` (default; picks the greatest) or `desc` (picks the least).
    public struct Ordering: Codable, Hashable, Sendable {
        public var order: String?
        public init(order: String? = nil) { self.order = order }
    }

    public var semver: SemVer?
    public var alphabetical: Ordering?
    public var numerical: Ordering?

    public init(semver: SemVer? = nil, alphabetical: Ordering? = nil, numerical: Ordering? = nil) {
        self.semver = semver
        self.alphabetical = alphabetical
        self.numerical = numerical
    }
}

/// `spec.filterTags`.
public struct ImageTagFilter: Codable, Hashable, Sendable {
    /// A regular expression a tag must match to take part.
    public var pattern: String?
    /// A template over the match (`$1`, `$name`, `${name}`) giving the value the policy compares.
    public var extract: String?

    public init(pattern: String? = nil, extract: String? = nil) {
        self.pattern = pattern
        self.extract = extract
    }
}

/// `ImageRef`: the image a policy chose.
public struct ImageRef: Codable, Hashable, Sendable {
    /// The repository (the ImageRepository's `canonicalImageName`).
    public var name: String
    public var tag: String
    /// `sha256:…` of the tag's manifest when digest reflection set it.
    public var digest: String?

    public init(name: String, tag: String, digest: String? = nil) {
        self.name = name
        self.tag = tag
        self.digest = digest
    }

    /// `name:tag`, with `@digest` when known (Flux's `ImageRef.String`).
    public var reference: String {
        var result = "\(name):\(tag)"
        if let digest, !digest.isEmpty { result += "@\(digest)" }
        return result
    }
}

/// The observed state of an ImagePolicy.
public struct ImagePolicyStatus: Codable, Hashable, Sendable {
    /// The image the policy picked last; kept when a later evaluation fails or finds nothing.
    public var latestRef: ImageRef?
    /// The `latestRef` before the last change.
    public var observedPreviousRef: ImageRef?
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    public var lastHandledReconcileAt: String?

    public init(latestRef: ImageRef? = nil, observedPreviousRef: ImageRef? = nil, observedGeneration: Int? = nil,
                conditions: [Condition]? = nil, lastHandledReconcileAt: String? = nil) {
        self.latestRef = latestRef
        self.observedPreviousRef = observedPreviousRef
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

public struct ImagePolicy: Codable, Hashable, Sendable {
    public static let apiVersion = "image.toolkit.fluxcd.io/v1"
    public static let kind = "ImagePolicy"
    public static let reflectAlways = "Always"
    public static let reflectIfNotPresent = "IfNotPresent"
    public static let reflectNever = "Never"
    public static let orderAscending = "asc"
    public static let orderDescending = "desc"
    /// The digest refresh interval with `Always` and no `spec.interval` (Flux's `GetInterval`).
    public static let defaultDigestInterval = "10m"

    public var metadata: ObjectMetadata
    public var spec: ImagePolicySpec
    public var status: ImagePolicyStatus?

    public init(metadata: ObjectMetadata, spec: ImagePolicySpec, status: ImagePolicyStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}
