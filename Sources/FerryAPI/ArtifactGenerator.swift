/// `source.extensions.fluxcd.io/v1beta1` ArtifactGenerator, field for field as Flux's
/// source-watcher `api/v1beta1/artifactgenerator_types.go`: cuts its sources' artifacts into new
/// ones — one ExternalArtifact per entry of `spec.artifacts` — so a monorepo can be reconciled
/// app by app (an artifact's revision is the digest of its content, so a commit that touches
/// one app gives only that app's artifact a new revision).
public struct ArtifactGeneratorSpec: Codable, Hashable, Sendable {
    /// The source objects read (required, at least one), each under an alias unique here.
    public var sources: [ArtifactGeneratorSource]
    /// The ExternalArtifacts produced (required, at least one).
    public var artifacts: [OutputArtifact]

    public init(sources: [ArtifactGeneratorSource], artifacts: [OutputArtifact]) {
        self.sources = sources
        self.artifacts = artifacts
    }
}

/// `spec.sources[]`: a source object and the alias copy operations name it by (`@alias/…`).
public struct ArtifactGeneratorSource: Codable, Hashable, Sendable {
    /// Lower-case alphanumerics, `_` and `-`, starting and ending alphanumeric.
    public var alias: String
    /// `GitRepository`, `OCIRepository`, `Bucket`, `HelmChart` or `ExternalArtifact`.
    public var kind: String
    public var name: String
    /// Defaults to the generator's namespace.
    public var namespace: String?

    public init(alias: String, kind: String, name: String, namespace: String? = nil) {
        self.alias = alias
        self.kind = kind
        self.name = name
        self.namespace = namespace
    }
}

/// `spec.artifacts[]`: one ExternalArtifact, in the generator's namespace, built by `copy`.
public struct OutputArtifact: Codable, Hashable, Sendable {
    public var name: String
    /// `@alias`: the artifact takes that source's revision instead of `latest@<digest>`.
    public var revision: String?
    /// `@alias`: that source's origin revision (a Git commit) goes into the artifact's metadata
    /// as `org.opencontainers.image.revision`.
    public var originRevision: String?
    /// Carried out in order; later operations overwrite (or merge into) earlier files.
    public var copy: [CopyOperation]

    public init(name: String, copy: [CopyOperation], revision: String? = nil, originRevision: String? = nil) {
        self.name = name
        self.copy = copy
        self.revision = revision
        self.originRevision = originRevision
    }
}

/// `spec.artifacts[].copy[]`: files of a source, by glob, to a path in the artifact.
public struct CopyOperation: Codable, Hashable, Sendable {
    /// `@alias/<glob>`: `*` within one path segment, `**` across segments.
    public var from: String
    /// `@artifact/<path>`: a trailing `/` makes it a directory.
    public var to: String
    /// Globs of files and directories left out, matched against the path in the source and
    /// the path below the pattern's literal prefix; one without `/` also against file names.
    public var exclude: [String]?
    /// `Overwrite` (default), `Merge` (YAML deep merge into an existing file, as Helm merges
    /// values), `Extract` (unpack matched `.tar.gz`/`.tgz` files).
    public var strategy: String?

    public init(from: String, to: String, exclude: [String]? = nil, strategy: String? = nil) {
        self.from = from
        self.to = to
        self.exclude = exclude
        self.strategy = strategy
    }
}

/// `status.inventory[]`: one ExternalArtifact the generator made, with its artifact's digest.
public struct ExternalArtifactReference: Codable, Hashable, Sendable {
    public var name: String
    public var namespace: String
    public var digest: String
    /// The artifact's file name in storage.
    public var filename: String

    public init(name: String, namespace: String, digest: String, filename: String) {
        self.name = name
        self.namespace = namespace
        self.digest = digest
        self.filename = filename
    }
}

public struct ArtifactGeneratorStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    public var conditions: [Condition]?
    public var inventory: [ExternalArtifactReference]?
    /// Digest over every source's artifact (revision and digest): unchanged sources and spec
    /// mean nothing to build.
    public var observedSourcesDigest: String?
    public var lastHandledReconcileAt: String?

    public init(observedGeneration: Int? = nil, conditions: [Condition]? = nil, inventory: [ExternalArtifactReference]? = nil,
                observedSourcesDigest: String? = nil, lastHandledReconcileAt: String? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.inventory = inventory
        self.observedSourcesDigest = observedSourcesDigest
        self.lastHandledReconcileAt = lastHandledReconcileAt
    }
}

public struct ArtifactGenerator: Codable, Hashable, Sendable {
    public static let group = "source.extensions.fluxcd.io"
    public static let apiVersion = "source.extensions.fluxcd.io/v1beta1"
    public static let kind = "ArtifactGenerator"
    /// The label each generated ExternalArtifact carries: the generator's name.
    public static let generatorLabel = "source.extensions.fluxcd.io/generator"
    /// `metadata.annotations[reconcile]: disabled` pauses the generator (its suspend).
    public static let reconcileAnnotation = "source.extensions.fluxcd.io/reconcile"
    public static let strategyOverwrite = "Overwrite"
    public static let strategyMerge = "Merge"
    public static let strategyExtract = "Extract"

    public var metadata: ObjectMetadata
    public var spec: ArtifactGeneratorSpec
    public var status: ArtifactGeneratorStatus?

    public init(metadata: ObjectMetadata, spec: ArtifactGeneratorSpec, status: ArtifactGeneratorStatus? = nil) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    /// The reconcile annotation says `disabled` (any case).
    public var isDisabled: Bool {
        metadata.annotations?[Self.reconcileAnnotation]?.lowercased() == "disabled"
    }
}

/// Reasons only ArtifactGenerator uses (source-watcher's `api/v1beta1`).
public enum ArtifactGeneratorReason {
    /// A spec value cannot be used (an alias, a copy path, a strategy).
    public static let validationFailed = "ValidationFailed"
    /// A source is missing, has no artifact yet, or its artifact could not be downloaded.
    public static let sourceFetchFailed = "SourceFetchFailed"
    /// A copy operation failed (no match, a bad tarball, YAML that does not merge).
    public static let buildFailed = "BuildFailed"
    /// Ready=True: every artifact was generated.
    public static let succeeded = "Succeeded"
    /// An ExternalArtifact could not be written.
    public static let reconciliationFailed = "ReconciliationFailed"
}
