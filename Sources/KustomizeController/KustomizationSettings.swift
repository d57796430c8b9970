import ControllerRuntime
import FerryAPI
import KubernetesClient
import Manifests
import ResourceManager

/// What a Kustomization's spec means once Flux's defaults are applied: the values every step
/// reads, computed in one place.
public struct KustomizationSettings: Sendable {
    public let kustomization: Kustomization
    public let namespace: String
    public let name: String

    /// `defaultServiceAccount` (`--default-service-account`) replaces a missing or empty
    /// `spec.serviceAccountName`: an empty name is unset (older objects may hold one the CRD now
    /// refuses), so it cannot slip past the default into acting as the controller itself.
    public init(_ kustomization: Kustomization, defaultServiceAccount: String? = nil) {
        var kustomization = kustomization
        if (kustomization.spec.serviceAccountName ?? "").isEmpty {
            kustomization.spec.serviceAccountName = defaultServiceAccount.flatMap { $0.isEmpty ? nil : $0 }
        }
        self.kustomization = kustomization
        namespace = kustomization.metadata.namespace ?? "default"
        name = kustomization.metadata.name
    }

    public var spec: KustomizationSpec { kustomization.spec }
    public var key: ObjectKey { ObjectKey(namespace: namespace, name: name) }
    public var owner: KustomizationOwner { KustomizationOwner(name: name, namespace: namespace) }

    /// `spec.interval`, at least ``minimumInterval`` (10 minutes when unusable: ``durationError`` stalls then).
    public var interval: Duration { Self.duration(spec.interval).map { max($0, Self.minimumInterval) } ?? .seconds(600) }
    /// `spec.retryInterval`, defaulting to the interval; at least ``minimumInterval``.
    public var retryInterval: Duration { spec.retryInterval.flatMap(Self.duration).map { max($0, Self.minimumInterval) } ?? interval }
    /// `spec.timeout`, defaulting to the interval minus 30 s, at least 30 s (Flux's `GetTimeout`).
    public var timeout: Duration {
        if let timeout = spec.timeout.flatMap(Self.duration) { return timeout }
        let derived = interval - .seconds(30)
        return derived < .seconds(30) ? .seconds(30) : derived
    }

    /// The floor of `spec.interval` and `spec.retryInterval`: shorter values (`0s`, `1ms`) are
    /// raised to it, so one object cannot keep a worker busy in a loop.
    static let minimumInterval: Duration = .seconds(1)
    /// A spec duration as a `Duration`, nil when it is not one or out of range; never traps.
    static func duration(_ text: String) -> Duration? {
        try? GoDuration.checked(text).get()
    }

    /// The first spec value that cannot be used as written or that Ferry does not support,
    /// as a Stalled `InvalidSpec` error naming the field. The CRD refuses most of these at
    /// admission; objects stored before (or written without validation) still reach here.
    public var specError: ReconcileError? {
        if let error = durationError { return error }
        if deletionPolicy == nil {
            return .stalled(reason: ConditionReason.invalidSpec,
                            "spec.deletionPolicy '\(spec.deletionPolicy ?? "")' is not one of \(DeletionPolicy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let strategy = spec.postBuild?.substituteStrategy, SubstituteStrategy(rawValue: strategy) == nil {
            return .stalled(reason: ConditionReason.invalidSpec,
                            "spec.postBuild.substituteStrategy '\(strategy)' is not one of \(SubstituteStrategy.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return unsupportedField
    }

    /// The first of `spec.interval`, `spec.retryInterval`, `spec.timeout` that is not a usable
    /// duration, as a Stalled error naming the field (the CRD's pattern accepts digits without
    /// bound; `9999999999999999h` must stall the object, not trap the process).
    var durationError: ReconcileError? {
        for (field, value) in [("interval", spec.interval), ("retryInterval", spec.retryInterval), ("timeout", spec.timeout)] {
            guard let value, case .failure(let refusal) = GoDuration.checked(value) else { continue }
            let problem = refusal == .outOfRange ? "is out of range (at most \(GoDuration.maximumText))" : "is not a duration such as 5m or 1h30m"
            return .stalled(reason: ConditionReason.invalidSpec, "spec.\(field) '\(value)' \(problem)")
        }
        return nil
    }

    /// The source, namespace defaulted to the Kustomization's.
    public var sourceKind: String { spec.sourceRef.kind }
    public var sourceKey: ObjectKey { ObjectKey(namespace: spec.sourceRef.namespace ?? namespace, name: spec.sourceRef.name) }
    /// `GitRepository/ns/name`, as Flux names a source in messages.
    public var sourceDescription: String { "\(sourceKind)/\(sourceKey.namespace)/\(sourceKey.name)" }

    /// `spec.dependsOn`, namespaces and kinds (Kustomization unless named) defaulted.
    public var dependencies: [DependencyKey] {
        DependencyKey.list(spec.dependsOn, kind: Kustomization.kind, namespace: namespace)
    }

    /// `spec.deletionPolicy`; nil when it is not one of Flux's (``specError`` stalls then).
    public var deletionPolicy: DeletionPolicy? { DeletionPolicy(rawValue: spec.deletionPolicy ?? DeletionPolicy.mirrorPrune.rawValue) }

    /// Impersonation for `spec.serviceAccountName` (Flux impersonates the user name only).
    public var impersonation: Impersonation? {
        guard let account = spec.serviceAccountName, !account.isEmpty else { return nil }
        return Impersonation(user: "system:serviceaccount:\(namespace):\(account)")
    }

    /// Health checks are configured when `spec.wait` is true or `spec.healthChecks` is not empty.
    public var checksHealth: Bool { spec.wait == true || !(spec.healthChecks ?? []).isEmpty }

    /// The objects `spec.healthChecks` names (namespace defaulted to the Kustomization's).
    public var healthCheckObjects: [InventoryObject] {
        (spec.healthChecks ?? []).map { ref in
            let apiVersion = ref.apiVersion ?? ""
            let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
            let group = parts.count == 2 ? parts[0] : ""
            let version = parts.last ?? ""
            return InventoryObject(id: ObjectID(group: group, kind: ref.kind, namespace: ref.namespace ?? namespace, name: ref.name),
                                   version: version)
        }
    }
}
