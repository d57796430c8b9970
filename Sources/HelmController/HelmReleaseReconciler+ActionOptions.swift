import ControllerRuntime
import FerryAPI
import Foundation
import GoTemplate
import Helm
import KubernetesClient
import Manifests

/// The install and upgrade options that change what a reconcile decides rather than how an
/// action runs: `upgrade.preserveValues` and the `install.strategy`/`upgrade.strategy` choice
/// between remediating a failure and retrying it.
extension HelmReleaseReconciler {
    /// `upgrade.preserveValues` (Helm's `--reuse-values`): the last deployed release's values
    /// stay, with the HelmRelease's composed values merged over them (a key set in both takes
    /// the new value; a key only the old release had is kept). Returns the digest of the
    /// merged values, or nil when the option is off or nothing was ever deployed (an install
    /// takes the spec's values as they are). Helm also keeps the old chart's default values
    /// under them; Ferry renders with the chart being installed, whose defaults apply.
    func preserveValues(_ s: inout HelmReleaseRun, history: [Release]) -> String? {
        guard s.spec.upgrade?.preserveValues == true, let values = s.values,
              let deployed = ReleaseStorage.lastDeployed(history) else { return nil }
        let merged = ValuesFilesMerge.mergeMaps(deployed.config ?? GoMap(), values)
        s.values = merged
        let digest = ReleaseValues.digest(merged)
        s.configDigest = digest
        return digest
    }

    /// The retries the plan allows the next action: the spec's `remediation.retries`, or
    /// unlimited under `RetryOnFailure` (each failure is retried after `retryInterval`,
    /// never remediated).
    func plannedRetries(_ s: HelmReleaseRun, upgrade: Bool) -> Int {
        if HelmReleaseSettings.retryInterval(s.spec, upgrade: upgrade) != nil { return -1 }
        return upgrade ? (s.settings?.upgradeRetries ?? 0) : (s.settings?.installRetries ?? 0)
    }
}

extension HelmReleaseSettings {
    /// Flux's strategy names (`install.strategy.name`, `upgrade.strategy.name`).
    static let remediateOnFailure = "RemediateOnFailure"
    static let retryOnFailure = "RetryOnFailure"
    /// `strategy.retryInterval` when not given (Flux's default).
    static let defaultRetryInterval: Duration = .seconds(300)

    /// With `RetryOnFailure`, how long after a failed install (or upgrade) it is tried again;
    /// nil under `RemediateOnFailure` (the default). Assumes the spec passed ``checkStrategies(_:)``.
    static func retryInterval(_ spec: HelmReleaseSpec, upgrade: Bool) -> Duration? {
        guard let strategy = upgrade ? spec.upgrade?.strategy : spec.install?.strategy,
              strategy.name == retryOnFailure else { return nil }
        guard let text = strategy.retryInterval, !text.isEmpty,
              case .success(let interval) = GoDuration.checked(text) else { return defaultRetryInterval }
        return max(.seconds(1), interval)
    }

    /// Refuses a strategy Flux does not define, a bad `retryInterval`, and a `retryInterval`
    /// under `RemediateOnFailure` (Flux's validation rule: it only means something when retrying).
    static func checkStrategies(_ spec: HelmReleaseSpec) throws(ReconcileError) {
        for (field, strategy) in [("spec.install.strategy", spec.install?.strategy), ("spec.upgrade.strategy", spec.upgrade?.strategy)] {
            guard let strategy else { continue }
            guard strategy.name == remediateOnFailure || strategy.name == retryOnFailure else {
                throw invalid(field + ".name", strategy.name, because: "must be RemediateOnFailure or RetryOnFailure")
            }
            guard let text = strategy.retryInterval, !text.isEmpty else { continue }
            guard strategy.name == retryOnFailure else {
                throw invalid(field + ".retryInterval", text, because: "can only be set when the strategy is RetryOnFailure")
            }
            _ = try duration(text, field: field + ".retryInterval")
        }
    }
}
