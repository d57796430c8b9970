import GoTemplate

/// One revision of a release as Helm v3 stores it: Helm's `release.Release` (v3.15), field for
/// field, so a Secret Ferry writes is one `helm list`, `helm history` and `helm get values`
/// read, and a release `helm install` wrote is one Ferry can take over.
///
/// Optional fields are Go's nil pointers and maps: Helm writes `info` and `chart` only when
/// set, and omits `config` when it is empty. Values (`config`, the chart's `values`) are Go
/// values; read back from storage their numbers are float64, as Helm's decoder gives them.
public struct Release: Sendable {
    public var name: String
    /// Nil only for a damaged record; Helm always writes one.
    public var info: ReleaseInfo?
    /// The chart as installed, without its subcharts (Helm does not store them).
    public var chart: StoredChart?
    /// The values the user supplied (not coalesced with the chart's).
    public var config: GoMap?
    /// The rendered manifests, hooks excluded.
    public var manifest: String
    public var hooks: [ReleaseHook]
    /// The revision, from 1.
    public var version: Int
    public var namespace: String
    /// The release's own labels, kept on the storage object, never in the JSON (Helm's
    /// `json:"-"`). The storage driver's own labels (`name`, `owner`, …) are not among them.
    public var labels: [String: String]

    public init(name: String, namespace: String, version: Int, info: ReleaseInfo? = ReleaseInfo(),
                chart: StoredChart? = nil, config: GoMap? = nil, manifest: String = "",
                hooks: [ReleaseHook] = [], labels: [String: String] = [:]) {
        self.name = name
        self.namespace = namespace
        self.version = version
        self.info = info
        self.chart = chart
        self.config = config
        self.manifest = manifest
        self.hooks = hooks
        self.labels = labels
    }

    /// `info.status`, `unknown` when there is no info.
    public var status: ReleaseStatus { info?.status ?? .unknown }
}

/// Helm's `release.Info`.
public struct ReleaseInfo: Sendable, Hashable {
    public var firstDeployed: ReleaseTime
    public var lastDeployed: ReleaseTime
    /// When the release was uninstalled with `--keep-history`; zero otherwise.
    public var deleted: ReleaseTime
    /// The one-line log entry `helm history` prints ("Install complete", "Upgrade complete").
    public var description: String
    public var status: ReleaseStatus
    /// The rendered NOTES.txt.
    public var notes: String

    public init(firstDeployed: ReleaseTime = .zero, lastDeployed: ReleaseTime = .zero, deleted: ReleaseTime = .zero,
                description: String = "", status: ReleaseStatus = .unknown, notes: String = "") {
        self.firstDeployed = firstDeployed
        self.lastDeployed = lastDeployed
        self.deleted = deleted
        self.description = description
        self.status = status
        self.notes = notes
    }
}

/// Helm's `release.Status`: a Go string type, so any text read from storage is kept as is;
/// the named values are the ones Helm writes.
public struct ReleaseStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let unknown = ReleaseStatus("unknown")
    public static let deployed = ReleaseStatus("deployed")
    public static let uninstalled = ReleaseStatus("uninstalled")
    /// No longer the deployed revision: a later one replaced it.
    public static let superseded = ReleaseStatus("superseded")
    public static let failed = ReleaseStatus("failed")
    public static let uninstalling = ReleaseStatus("uninstalling")
    public static let pendingInstall = ReleaseStatus("pending-install")
    public static let pendingUpgrade = ReleaseStatus("pending-upgrade")
    public static let pendingRollback = ReleaseStatus("pending-rollback")

    /// Helm's `IsPending`: an operation holds the release (install, upgrade or rollback).
    public var isPending: Bool { self == .pendingInstall || self == .pendingUpgrade || self == .pendingRollback }
}
