/// The observed state of a GitRepository.
public struct GitRepositoryStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    /// The last successfully stored artifact; kept across failures.
    public var artifact: Artifact?
    /// Artifacts of `spec.include`, index for index, as they were when `artifact` was built.
    public var includedArtifacts: [Artifact]?
    public var observedIgnore: String?
    public var observedRecurseSubmodules: Bool?
    public var observedInclude: [GitRepositoryInclude]?
    public var observedSparseCheckout: [String]?
    /// The verification mode that produced the current SourceVerified=True.
    public var sourceVerificationMode: String?
    /// The `reconcile.fluxcd.io/requestedAt` value last acted on.
    public var lastHandledReconcileAt: String?

    public init(observedGeneration: Int? = nil, conditions: [Condition]? = nil, artifact: Artifact? = nil,
                includedArtifacts: [Artifact]? = nil, observedIgnore: String? = nil, observedRecurseSubmodules: Bool? = nil,
                observedInclude: [GitRepositoryInclude]? = nil, observedSparseCheckout: [String]? = nil,
                sourceVerificationMode: String? = nil, lastHandledReconcileAt: String? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.artifact = artifact
        self.includedArtifacts = includedArtifacts
        self.observedIgnore = observedIgnore
        self.observedRecurseSubmodules = observedRecurseSubmodules
        self.observedInclude = observedInclude
        self.observedSparseCheckout = observedSparseCheckout
        self.sourceVerificationMode = sourceVerificationMode
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

/// A stored, downloadable build of a source (`fluxcd/pkg/apis/meta/artifact.go`).
public struct Artifact: Codable, Hashable, Sendable {
    /// Storage-relative path, `gitrepository/<namespace>/<name>/<commit>.tar.gz`.
    public var path: String
    /// Where the controller serves it over HTTP.
    public var url: String
    /// Human-readable origin, e.g. `main@sha1:<commit>`.
    public var revision: String
    /// `sha256:<hex>` of the file.
    public var digest: String?
    /// RFC 3339 time the artifact was (re)built.
    public var lastUpdateTime: String
    public var size: Int64?
    public var metadata: [String: String]?

    public init(path: String, url: String, revision: String, digest: String?, lastUpdateTime: String,
                size: Int64?, metadata: [String: String]? = nil) {
        self.path = path
        self.url = url
        self.revision = revision
        self.digest = digest
        self.lastUpdateTime = lastUpdateTime
        self.size = size
        self.metadata = metadata
    }
}

/// Condition types and reasons of source.toolkit.fluxcd.io (`api/v1/condition_types.go`).
///
/// All but Ready and ArtifactInStorage/SourceVerified have negative polarity: they are present
/// only while True.
public enum SourceCondition {
    public static let artifactOutdated = "ArtifactOutdated"
    public static let artifactInStorage = "ArtifactInStorage"
    public static let sourceVerified = "SourceVerified"
    public static let fetchFailed = "FetchFailed"
    public static let buildFailed = "BuildFailed"
    public static let storageOperationFailed = "StorageOperationFailed"
    public static let includeUnavailable = "IncludeUnavailable"
}

/// Reasons only source kinds use (`source-controller:api/v1/condition_types.go`); shared ones
/// are ``ConditionReason``.
public enum SourceReason {
    public static let gitOperationSucceeded = "GitOperationSucceed"
    public static let gitOperationFailed = "GitOperationFailed"
    public static let authenticationFailed = "AuthenticationFailed"
    public static let urlInvalid = "URLInvalid"
    public static let invalidProviderConfiguration = "InvalidProviderConfiguration"
    public static let storageOperationFailed = "StorageOperationFailed"
    public static let archiveOperationFailed = "ArchiveOperationFailed"
    public static let dirCreationFailed = "DirCreationFailed"
    public static let statOperationFailed = "StatOperationFailed"
    public static let newRevision = "NewRevision"
    public static let includeChange = "IncludeChange"
    public static let artifactUpToDate = "ArtifactUpToDate"
    public static let newArtifact = "NewArtifact"
    public static let verificationError = "VerificationError"
    public static let invalidCommitSignature = "InvalidCommitSignature"
    public static let invalidTagSignature = "InvalidTagSignature"
    public static let invalidVerificationMode = "InvalidVerificationMode"
    public static let invalidGitObject = "InvalidGitObject"
    public static let emptyGitRepository = "EmptyGitRepository"
    public static let notFound = "NotFound"
    public static let noArtifact = "NoArtifact"
    public static let copyFailure = "CopyFailure"
    public static let illegalPath = "IllegalPath"
    public static let garbageCollectionFailed = "GarbageCollectionFailed"
    public static let garbageCollectionSucceeded = "GarbageCollectionSucceeded"
}

/// The whole object, for code that reads or writes GitRepositories as values.
public struct GitRepository: Codable, Hashable, Sendable {
    public static let apiVersion = "source.toolkit.fluxcd.io/v1"
    public static let kind = "GitRepository"

    public var metadata: ObjectMetadata
    public var spec: GitRepositorySpec
    public var status: GitRepositoryStatus?

    public init(metadata: ObjectMetadata, spec: GitRepositorySpec, status: GitRepositoryStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }
}

/// The parts of `metav1.ObjectMeta` a reconciler reads.
public struct ObjectMetadata: Codable, Hashable, Sendable {
    public var name: String
    public var namespace: String?
    public var generation: Int?
    public var uid: String?
    public var annotations: [String: String]?
    public var deletionTimestamp: String?
    public var finalizers: [String]?

    public init(name: String, namespace: String? = nil, generation: Int? = nil, uid: String? = nil,
                annotations: [String: String]? = nil, deletionTimestamp: String? = nil, finalizers: [String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.generation = generation
        self.uid = uid
        self.annotations = annotations
        self.deletionTimestamp = deletionTimestamp
        self.finalizers = finalizers
    }
}
