import ControllerRuntime
import FerryAPI
import KubernetesClient
import ResourceManager

/// The numbers and choices of a HelmRelease spec, computed and checked once before anything
/// runs, with where each default comes from (Flux's helm-controller `api/v2`).
///
/// - `spec.interval` (required) floored at 1 s; `spec.timeout` defaults to 5 m (`GetTimeout`);
///   each action's `timeout` defaults to `spec.timeout`.
/// - The release name (``ReleaseName``), `targetNamespace` and `storageNamespace` default to the
///   object's namespace; `maxHistory` defaults to 5 (0: unlimited).
/// - CRD policies: `install.crds` defaults to `Create`, `upgrade.crds` to `Skip`.
/// - What Ferry does not do yet is refused, naming the field, rather than ignored: a release
///   that silently skipped its post-renderers or tests would be a different release from the
///   one in Git (Stalled, InvalidSpec "… is not supported by Ferry yet").
struct HelmReleaseSettings: Sendable {
    var interval: Duration
    var timeout: Duration
    var releaseName: String
    var targetNamespace: String
    var storageNamespace: String
    var maxHistory: Int
    var installCRDs: HelmCRDPolicy
    var upgradeCRDs: HelmCRDPolicy
    var installRetries: Int
    var upgradeRetries: Int
    /// Whether the failure that spends the last retry is remediated too (`remediateLastFailure`,
    /// Flux's default: true when `retries` is greater than 0).
    var remediateLastFailure: (install: Bool, upgrade: Bool)
    var disableWait: (install: Bool, upgrade: Bool)
    var uninstallKeepHistory: Bool
    /// `install.createNamespace`: the target namespace is created when missing.
    var createNamespace: Bool
    /// `upgrade.cleanupOnFail`: objects a failed upgrade created are deleted.
    var cleanupOnFail: Bool
    /// `spec.serviceAccountName`: every release action (storage, hooks, apply, prune, uninstall)
    /// runs as `system:serviceaccount:<namespace>:<name>`, so a tenant's release can do only
    /// what its account may; the HelmChart and `valuesFrom` are read as the controller.
    var impersonation: Impersonation?

    static let defaultTimeout: Duration = .seconds(300)
    static let defaultMaxHistory = 5

    /// `defaultServiceAccount` (`--default-service-account`) stands in for a missing or empty
    /// `spec.serviceAccountName`, so tenants' releases never run as the controller.
    init(_ release: HelmRelease, defaultServiceAccount: String? = nil) throws(ReconcileError) {
        let spec = release.spec
        let namespace = release.metadata.namespace ?? "default"
        interval = max(.seconds(1), try Self.duration(spec.interval, field: "spec.interval"))
        timeout = try spec.timeout.map { text throws(ReconcileError) in try Self.duration(text, field: "spec.timeout") } ?? Self.defaultTimeout
        targetNamespace = spec.targetNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? namespace
        storageNamespace = spec.storageNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? namespace
        releaseName = ReleaseName.make(name: release.metadata.name, releaseName: spec.releaseName, targetNamespace: spec.targetNamespace)
        maxHistory = spec.maxHistory ?? Self.defaultMaxHistory
        guard maxHistory >= 0 else { throw Self.invalid("spec.maxHistory", "\(maxHistory)", because: "must not be negative") }
        // `install.skipCRDs` is Flux's deprecated spelling of `crds: Skip`.
        installCRDs = try Self.crdPolicy(spec.install?.crds, field: "spec.install.crds", default: spec.install?.skipCRDs == true ? .skip : .create)
        upgradeCRDs = try Self.crdPolicy(spec.upgrade?.crds, field: "spec.upgrade.crds", default: .skip)
        installRetries = spec.install?.remediation?.retries ?? 0
        upgradeRetries = spec.upgrade?.remediation?.retries ?? 0
        remediateLastFailure = (spec.install?.remediation?.remediateLastFailure ?? (installRetries > 0),
                                spec.upgrade?.remediation?.remediateLastFailure ?? (upgradeRetries > 0))
        disableWait = (spec.install?.disableWait ?? false, spec.upgrade?.disableWait ?? false)
        uninstallKeepHistory = spec.uninstall?.keepHistory ?? false
        createNamespace = spec.install?.createNamespace ?? false
        cleanupOnFail = spec.upgrade?.cleanupOnFail ?? false
        if let account = spec.serviceAccountName.flatMap({ $0.isEmpty ? nil : $0 }) ?? defaultServiceAccount, !account.isEmpty {
            impersonation = Impersonation(user: "system:serviceaccount:\(namespace):\(account)")
        }
        if let checks = spec.healthCheckExprs, !checks.isEmpty {
            do throws(CELHealthRules.InvalidExpression) {
                healthRules = try CELHealthRules(checks.map {
                    CELHealthRules.Check(apiVersion: $0.apiVersion, kind: $0.kind, current: $0.current, inProgress: $0.inProgress, failed: $0.failed)
                })
            } catch {
                throw ReconcileError.stalled(reason: ConditionReason.invalidCELExpression, error.description)
            }
        }
        try Self.refuseUnactedOptions(spec)
        try Self.checkDriftAndTests(spec)
        if spec.chart == nil && spec.chartRef == nil {
            throw Self.invalid("spec.chart", "", because: "one of spec.chart and spec.chartRef must be set")
        }
        if let ref = spec.chartRef, !HelmReleaseReconciler.chartRefKinds.contains(ref.kind) {
            throw Self.invalid("spec.chartRef.kind", ref.kind, because: "must be one of \(HelmReleaseReconciler.chartRefKinds.joined(separator: ", "))")
        }
    }

    /// `spec.kubeConfig`: the cluster the release lives in (its storage, objects, hooks and
    /// capabilities), resolved by the checkSpec step; nil: the controller's own.
    var target: KubernetesClient?
    /// `spec.healthCheckExprs` compiled: what "ready" means for kinds kstatus does not know.
    var healthRules: CELHealthRules?

    /// The client release actions use: the target cluster's (or the controller's), as the
    /// service account when one is named.
    func client(_ base: KubernetesClient) -> KubernetesClient {
        let cluster = target ?? base
        return impersonation.map { cluster.impersonating($0) } ?? cluster
    }

    static func crdPolicy(_ text: String?, field: String, default fallback: HelmCRDPolicy) throws(ReconcileError) -> HelmCRDPolicy {
        guard let text, !text.isEmpty else { return fallback }
        guard let policy = HelmCRDPolicy(rawValue: text) else { throw invalid(field, text, because: "must be Skip, Create or CreateReplace") }
        return policy
    }

    static func duration(_ text: String, field: String) throws(ReconcileError) -> Duration {
        switch GoDuration.checked(text) {
        case .success(let value): return value
        case .failure(.outOfRange): throw invalid(field, text, because: "larger than the largest duration, \(GoDuration.maximumText)")
        case .failure(.notADuration): throw invalid(field, text, because: "not a duration such as 1m or 30s")
        }
    }

    static func invalid(_ field: String, _ value: String, because why: String) -> ReconcileError {
        .stalled(reason: ConditionReason.invalidSpec, "invalid \(field) '\(value)': \(why)")
    }

    static func unsupported(_ field: String, because why: String) -> ReconcileError {
        .stalled(reason: ConditionReason.invalidSpec, "\(field) is not supported by Ferry yet: \(why)")
    }
}
