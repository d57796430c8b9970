/// The per-action settings of a HelmRelease (`spec.install`, `.upgrade`, `.test`, `.rollback`,
/// `.uninstall`), as helm-controller's `api/v2/helmrelease_types.go`. Every timeout falls back
/// to `spec.timeout` when empty.
public struct HelmInstall: Codable, Hashable, Sendable {
    public var timeout: String?
    public var remediation: InstallRemediation?
    /// What happens after a failed install: see ``HelmActionStrategy``.
    public var strategy: HelmActionStrategy?
    public var disableWait: Bool?
    public var disableWaitForJobs: Bool?
    public var disableHooks: Bool?
    public var disableOpenAPIValidation: Bool?
    /// Skip validating the values against the chart's `values.schema.json`.
    public var disableSchemaValidation: Bool?
    /// Fail on objects that exist but are not part of the release, instead of adopting them.
    public var disableTakeOwnership: Bool?
    /// Reuse the name of a deleted release still in the history.
    public var replace: Bool?
    /// Deprecated: `crds: Skip`.
    public var skipCRDs: Bool?
    /// `Skip`, `Create` (the install default) or `CreateReplace`; see ``HelmCRDPolicy``.
    public var crds: String?
    /// Create `spec.targetNamespace` when missing; it is never deleted on uninstall.
    public var createNamespace: Bool?
    /// Apply with server-side apply (Flux's default true unless the `UseHelm3Defaults` gate is on).
    public var serverSideApply: Bool?

    public init(timeout: String? = nil, remediation: InstallRemediation? = nil, strategy: HelmActionStrategy? = nil,
                disableWait: Bool? = nil, crds: String? = nil, createNamespace: Bool? = nil) {
        self.timeout = timeout
        self.remediation = remediation
        self.strategy = strategy
        self.disableWait = disableWait
        self.crds = crds
        self.createNamespace = createNamespace
    }
}

/// Retries of a failed install, with an uninstall between attempts.
public struct InstallRemediation: Codable, Hashable, Sendable {
    /// Attempts after the first failure; negative means unlimited, Flux's default 0.
    public var retries: Int?
    /// Test failures after an install do not count as failures; defaults to `test.ignoreFailures`.
    public var ignoreTestFailures: Bool?
    /// Uninstall the last failed install too when no retries remain (default false).
    public var remediateLastFailure: Bool?

    public init(retries: Int? = nil, ignoreTestFailures: Bool? = nil, remediateLastFailure: Bool? = nil) {
        self.retries = retries
        self.ignoreTestFailures = ignoreTestFailures
        self.remediateLastFailure = remediateLastFailure
    }
}

/// `install.strategy` / `upgrade.strategy`: `RemediateOnFailure` (the default: remediation
/// settings apply) or `RetryOnFailure` (retry every `retryInterval`, default `5m`, without remediating).
public struct HelmActionStrategy: Codable, Hashable, Sendable {
    public var name: String
    public var retryInterval: String?
    public init(name: String, retryInterval: String? = nil) {
        self.name = name
        self.retryInterval = retryInterval
    }
}

public struct HelmUpgrade: Codable, Hashable, Sendable {
    public var timeout: String?
    public var remediation: UpgradeRemediation?
    public var strategy: HelmActionStrategy?
    public var disableWait: Bool?
    public var disableWaitForJobs: Bool?
    public var disableHooks: Bool?
    public var disableOpenAPIValidation: Bool?
    public var disableSchemaValidation: Bool?
    public var disableTakeOwnership: Bool?
    /// Replace objects instead of a three-way merge (client-side apply only).
    public var force: Bool?
    /// Start from the last release's values (makes the release non-declarative).
    public var preserveValues: Bool?
    /// Delete objects the failed upgrade created.
    public var cleanupOnFail: Bool?
    /// `Skip` (the upgrade default), `Create` or `CreateReplace`.
    public var crds: String?
    /// `enabled`, `disabled` or `auto` (Flux's default: as the release was last applied).
    public var serverSideApply: String?

    public init(timeout: String? = nil, remediation: UpgradeRemediation? = nil, strategy: HelmActionStrategy? = nil,
                disableWait: Bool? = nil, force: Bool? = nil, preserveValues: Bool? = nil, cleanupOnFail: Bool? = nil,
                crds: String? = nil) {
        self.timeout = timeout
        self.remediation = remediation
        self.strategy = strategy
        self.disableWait = disableWait
        self.force = force
        self.preserveValues = preserveValues
        self.cleanupOnFail = cleanupOnFail
        self.crds = crds
    }
}

/// Retries of a failed upgrade, remediated by `strategy` between attempts.
public struct UpgradeRemediation: Codable, Hashable, Sendable {
    public var retries: Int?
    public var ignoreTestFailures: Bool?
    /// Defaults to true when `retries` is above 0, else false.
    public var remediateLastFailure: Bool?
    /// `rollback` (Flux's default) or `uninstall`.
    public var strategy: String?

    public init(retries: Int? = nil, ignoreTestFailures: Bool? = nil, remediateLastFailure: Bool? = nil, strategy: String? = nil) {
        self.retries = retries
        self.ignoreTestFailures = ignoreTestFailures
        self.remediateLastFailure = remediateLastFailure
        self.strategy = strategy
    }
}

/// `spec.test`: run the chart's test hooks after every install or upgrade.
public struct HelmTest: Codable, Hashable, Sendable {
    public var enable: Bool?
    public var timeout: String?
    /// Failed tests do not fail the release (overridable per action in the remediations).
    public var ignoreFailures: Bool?
    public var filters: [HelmTestFilter]?

    public init(enable: Bool? = nil, timeout: String? = nil, ignoreFailures: Bool? = nil, filters: [HelmTestFilter]? = nil) {
        self.enable = enable
        self.timeout = timeout
        self.ignoreFailures = ignoreFailures
        self.filters = filters
    }
}

/// A test hook by name, run only (or, with `exclude`, never).
public struct HelmTestFilter: Codable, Hashable, Sendable {
    public var name: String
    public var exclude: Bool?
    public init(name: String, exclude: Bool? = nil) {
        self.name = name
        self.exclude = exclude
    }
}

public struct HelmRollback: Codable, Hashable, Sendable {
    public var timeout: String?
    public var disableWait: Bool?
    public var disableWaitForJobs: Bool?
    public var disableHooks: Bool?
    /// Deprecated and without effect since the Helm 4 SDK; kept so old objects decode.
    public var recreate: Bool?
    public var force: Bool?
    public var cleanupOnFail: Bool?
    /// `enabled`, `disabled` or `auto` (the default).
    public var serverSideApply: String?

    public init(timeout: String? = nil, disableWait: Bool? = nil, disableHooks: Bool? = nil, force: Bool? = nil,
                cleanupOnFail: Bool? = nil) {
        self.timeout = timeout
        self.disableWait = disableWait
        self.disableHooks = disableHooks
        self.force = force
        self.cleanupOnFail = cleanupOnFail
    }
}

public struct HelmUninstall: Codable, Hashable, Sendable {
    public var timeout: String?
    public var disableHooks: Bool?
    /// Mark the release deleted but keep its history.
    public var keepHistory: Bool?
    /// Do not wait for the objects to be gone.
    public var disableWait: Bool?
    /// `background` (Flux's default), `foreground` or `orphan`.
    public var deletionPropagation: String?

    public init(timeout: String? = nil, disableHooks: Bool? = nil, keepHistory: Bool? = nil, disableWait: Bool? = nil,
                deletionPropagation: String? = nil) {
        self.timeout = timeout
        self.disableHooks = disableHooks
        self.keepHistory = keepHistory
        self.disableWait = disableWait
        self.deletionPropagation = deletionPropagation
    }
}

/// `crds` of install and upgrade.
public enum HelmCRDPolicy: String, CaseIterable, Sendable {
    /// Neither create nor update CRDs.
    case skip = "Skip"
    /// Create missing CRDs; leave existing ones alone.
    case create = "Create"
    /// Create missing CRDs and replace existing ones (never delete).
    case createReplace = "CreateReplace"
}

/// `name` of ``HelmActionStrategy``.
public enum HelmActionStrategyName: String, CaseIterable, Sendable {
    case remediateOnFailure = "RemediateOnFailure"
    case retryOnFailure = "RetryOnFailure"
}

/// `upgrade.remediation.strategy`.
public enum HelmRemediationStrategy: String, CaseIterable, Sendable {
    case rollback, uninstall
}
