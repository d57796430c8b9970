/// Helm's `release.Hook` (v3.15): a rendered hook manifest, when it fires, and how its last run
/// went. (Helm 3.18 added `output_log_policies`; a record with it still decodes, without it.)
public struct ReleaseHook: Sendable, Hashable {
    /// The hook object's `metadata.name`.
    public var name: String
    /// The hook object's kind (`Job`, `Pod`, …).
    public var kind: String
    /// The template it came from, chart-relative (`mychart/templates/job.yaml`).
    public var path: String
    public var manifest: String
    public var events: [HookEvent]
    public var lastRun: HookExecution
    /// `helm.sh/hook-weight`: the order among hooks of one event.
    public var weight: Int
    public var deletePolicies: [HookDeletePolicy]

    public init(name: String = "", kind: String = "", path: String = "", manifest: String = "",
                events: [HookEvent] = [], lastRun: HookExecution = HookExecution(), weight: Int = 0,
                deletePolicies: [HookDeletePolicy] = []) {
        self.name = name
        self.kind = kind
        self.path = path
        self.manifest = manifest
        self.events = events
        self.lastRun = lastRun
        self.weight = weight
        self.deletePolicies = deletePolicies
    }
}

/// Helm's `release.HookExecution`: both times are zero and the phase empty until the hook runs.
public struct HookExecution: Sendable, Hashable {
    public var startedAt: ReleaseTime
    public var completedAt: ReleaseTime
    public var phase: HookPhase

    public init(startedAt: ReleaseTime = .zero, completedAt: ReleaseTime = .zero, phase: HookPhase = HookPhase("")) {
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.phase = phase
    }
}

/// Helm's `release.HookEvent` (the values of the `helm.sh/hook` annotation).
public struct HookEvent: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let preInstall = HookEvent("pre-install")
    public static let postInstall = HookEvent("post-install")
    public static let preDelete = HookEvent("pre-delete")
    public static let postDelete = HookEvent("post-delete")
    public static let preUpgrade = HookEvent("pre-upgrade")
    public static let postUpgrade = HookEvent("post-upgrade")
    public static let preRollback = HookEvent("pre-rollback")
    public static let postRollback = HookEvent("post-rollback")
    public static let test = HookEvent("test")
}

/// Helm's `release.HookDeletePolicy` (`helm.sh/hook-delete-policy`).
public struct HookDeletePolicy: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let hookSucceeded = HookDeletePolicy("hook-succeeded")
    public static let hookFailed = HookDeletePolicy("hook-failed")
    public static let beforeHookCreation = HookDeletePolicy("before-hook-creation")
}

/// Helm's `release.HookPhase`.
public struct HookPhase: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let unknown = HookPhase("Unknown")
    public static let running = HookPhase("Running")
    public static let succeeded = HookPhase("Succeeded")
    public static let failed = HookPhase("Failed")
}
