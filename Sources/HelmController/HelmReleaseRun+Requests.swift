import ControllerRuntime
import FerryAPI
import Manifests

/// The one-off requests `flux reconcile helmrelease --force/--reset` (and `ferry`'s) make by
/// annotation. Flux acts on one only when it carries the same value as
/// `reconcile.fluxcd.io/requestedAt` — so a stale annotation left on the object does nothing —
/// and only once: the value handled is echoed in `status.lastHandledForceAt`/`ResetAt`.
extension HelmReleaseRun {
    /// The value of `annotation` when it is a request not handled yet (`handled`).
    func pendingRequest(_ annotation: String, handled: String?) -> String? {
        let annotations = object[path: "metadata", "annotations"]
        guard let value = annotations?[annotation]?.stringValue, !value.isEmpty,
              value == annotations?[EnqueuePolicy.requestedAtAnnotation]?.stringValue, value != handled else { return nil }
        return value
    }

    /// `resetAt`: the failure counts start over, so a release whose retries are spent is tried
    /// again with the same chart and values.
    mutating func takeResetRequest() {
        guard let value = pendingRequest(HelmRelease.resetAnnotation, handled: status.lastHandledResetAt) else { return }
        status.failures = nil
        status.installFailures = nil
        status.upgradeFailures = nil
        status.lastHandledResetAt = value
    }

    /// `forceAt`: whether this reconcile makes one install or upgrade even when the release is
    /// up to date (recorded as handled whatever that action's outcome).
    mutating func takeForceRequest() -> Bool {
        guard let value = pendingRequest(HelmRelease.forceAnnotation, handled: status.lastHandledForceAt) else { return false }
        status.lastHandledForceAt = value
        return true
    }
}
