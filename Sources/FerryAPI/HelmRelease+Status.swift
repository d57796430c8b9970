/// The observed state of a HelmRelease (helm-controller's `HelmReleaseStatus`).
public struct HelmReleaseStatus: Codable, Hashable, Sendable {
    public var observedGeneration: Int?
    /// Digest of `spec.postRenderers` at the last successful release; a change forces an upgrade.
    public var observedPostRenderersDigest: String?
    /// Digest of `spec.commonMetadata` at the last successful release.
    public var observedCommonMetadataDigest: String?
    public var lastAttemptedGeneration: Int?
    public var conditions: [Condition]?
    /// `<namespace>/<name>` of the HelmChart the controller generated from `spec.chart`.
    public var helmChart: String?
    /// Where the current release's Helm storage lives; the old one is uninstalled when
    /// `spec.storageNamespace` changes.
    public var storageNamespace: String?
    /// Releases this object performed, newest first, back to the last successful one.
    public var history: [HelmReleaseSnapshot]?
    /// Objects of the current release (hooks excluded, chart CRDs included).
    public var inventory: ResourceInventory?
    /// `install` or `upgrade`: decides which remediation settings apply.
    public var lastAttemptedReleaseAction: String?
    /// How long that action took, a Go duration.
    public var lastAttemptedReleaseActionDuration: String?
    /// Failures against the current desired state; reset when it changes or on success.
    public var failures: Int?
    public var installFailures: Int?
    public var upgradeFailures: Int?
    /// Chart version of the last attempt (`1.2.3+<12 hex>` for OCI sources).
    public var lastAttemptedRevision: String?
    /// OCI digest of the last attempted chart (OCIRepository sources only).
    public var lastAttemptedRevisionDigest: String?
    /// Deprecated SHA-1 of the last attempted values; `lastAttemptedConfigDigest` replaced it.
    public var lastAttemptedValuesChecksum: String?
    /// Deprecated revision of the last successful release; `history` replaced it.
    public var lastReleaseRevision: Int?
    /// `sha256:<hex>` of the last attempted values.
    public var lastAttemptedConfigDigest: String?
    public var lastHandledReconcileAt: String?
    public var lastHandledForceAt: String?
    public var lastHandledResetAt: String?

    public init(observedGeneration: Int? = nil, conditions: [Condition]? = nil, history: [HelmReleaseSnapshot]? = nil,
                inventory: ResourceInventory? = nil, helmChart: String? = nil, storageNamespace: String? = nil) {
        self.observedGeneration = observedGeneration
        self.conditions = conditions
        self.history = history
        self.inventory = inventory
        self.helmChart = helmChart
        self.storageNamespace = storageNamespace
    }

    /// The condition of `type`, if present.
    public func condition(_ type: String) -> Condition? { conditions?.first { $0.type == type } }
}

/// One line of `status.history`: a Helm release as the controller last saw it in storage.
/// (Kustomization's history line is ``Snapshot``.)
public struct HelmReleaseSnapshot: Codable, Hashable, Sendable {
    /// How `digest` was computed, so a later method can tell old entries apart.
    public var apiVersion: String?
    /// `<algo>:<hex>` of the stored release object.
    public var digest: String
    public var name: String
    public var namespace: String
    /// Release revision.
    public var version: Int
    /// Helm's release status: `deployed`, `failed`, `superseded`, `uninstalled`, …
    public var status: String
    public var chartName: String
    public var chartVersion: String
    public var appVersion: String?
    /// `<algo>:<hex>` of the release's values.
    public var configDigest: String
    public var firstDeployed: String
    public var lastDeployed: String
    public var deleted: String?
    /// Test hooks run for this release, by hook name.
    public var testHooks: [String: TestHookStatus]?
    /// Digest of the OCI artifact the chart came from.
    public var ociDigest: String?
    /// The action that produced this entry.
    public var action: String?

    public init(digest: String, name: String, namespace: String, version: Int, status: String, chartName: String,
                chartVersion: String, configDigest: String, firstDeployed: String, lastDeployed: String,
                appVersion: String? = nil, apiVersion: String? = nil) {
        self.digest = digest
        self.name = name
        self.namespace = namespace
        self.version = version
        self.status = status
        self.chartName = chartName
        self.chartVersion = chartVersion
        self.configDigest = configDigest
        self.firstDeployed = firstDeployed
        self.lastDeployed = lastDeployed
        self.appVersion = appVersion
        self.apiVersion = apiVersion
    }
}

/// A test hook's last run.
public struct TestHookStatus: Codable, Hashable, Sendable {
    public var lastStarted: String?
    public var lastCompleted: String?
    /// Helm's hook phase: `Running`, `Succeeded`, `Failed`, `Unknown`.
    public var phase: String?
    public init(lastStarted: String? = nil, lastCompleted: String? = nil, phase: String? = nil) {
        self.lastStarted = lastStarted
        self.lastCompleted = lastCompleted
        self.phase = phase
    }
}

/// Condition types of HelmReleases (`api/v2/condition_types.go`, plus the shared ones).
public enum HelmReleaseCondition {
    public static let ready = ConditionType.ready
    public static let reconciling = ConditionType.reconciling
    public static let stalled = ConditionType.stalled
    /// The last install or upgrade against the current desired state (test results included).
    public static let released = "Released"
    /// The last test run against the current desired state.
    public static let testSuccess = "TestSuccess"
    /// The last rollback or uninstall done to remediate a failed release.
    public static let remediated = "Remediated"
    /// Whether the cluster still matches the release's manifest (`spec.driftDetection`; Ferry's:
    /// Flux reports drift in events only). Absent while drift detection is disabled.
    public static let drifted = "Drifted"
}

/// Reasons of HelmRelease conditions (`api/v2/condition_types.go`).
public enum HelmReleaseReason {
    public static let installSucceeded = "InstallSucceeded"
    public static let installFailed = "InstallFailed"
    public static let upgradeSucceeded = "UpgradeSucceeded"
    public static let upgradeFailed = "UpgradeFailed"
    public static let testSucceeded = "TestSucceeded"
    public static let testFailed = "TestFailed"
    public static let rollbackSucceeded = "RollbackSucceeded"
    public static let rollbackFailed = "RollbackFailed"
    public static let uninstallSucceeded = "UninstallSucceeded"
    public static let uninstallFailed = "UninstallFailed"
    public static let artifactFailed = "ArtifactFailed"
    public static let initFailed = "InitFailed"
    public static let getLastReleaseFailed = "GetLastReleaseFailed"
    public static let dependencyNotReady = "DependencyNotReady"
    public static let reconciliationSucceeded = "ReconciliationSucceeded"
    public static let reconciliationFailed = "ReconciliationFailed"
    /// The HelmChart made from `spec.chart` (or named by `chartRef`) has no usable artifact yet.
    public static let helmChartNotReady = "HelmChartNotReady"
    /// Drift detection found objects of the release changed or missing (Flux's event reason).
    public static let driftDetected = "DriftDetected"
    /// Drift was corrected by applying the release's objects again (Flux's event reason).
    public static let driftCorrected = "DriftCorrected"
    /// Correcting drift failed for some objects (Flux's event reason).
    public static let driftCorrectionFailed = "DriftCorrectionFailed"
    /// The cluster state could not be compared with the release (Flux's `StateError`).
    public static let stateError = "StateError"
    /// Drift detection compared every object of the release and found none changed (Ferry's).
    public static let noDriftDetected = "NoDriftDetected"
}

/// `status.lastAttemptedReleaseAction`.
public enum HelmReleaseAction: String, CaseIterable, Sendable {
    case install, upgrade
}
