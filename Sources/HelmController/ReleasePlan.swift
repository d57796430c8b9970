import GoTemplate
import Helm

/// What a HelmRelease reconcile does with its Helm release, decided from the stored history
/// and the desired chart and values alone (no cluster): Flux's "next action" in miniature.
///
/// - no release, or none deployed and the latest uninstalled → **install**;
/// - the latest is pending (an install, upgrade or rollback that never finished: the
///   controller stopped mid-way) → **unlock** it (mark it failed) and decide again;
/// - the latest is deployed with the desired chart version and values, and the post-renderers
///   have not changed since → **up to date**;
/// - the retries for the desired chart and values are spent → **exhausted**: nothing is tried
///   again until the spec changes, whether the last failure was left failed or remediated
///   (rolled back, or uninstalled — then there may be no history left);
/// - otherwise **upgrade** (a new chart version, new values, or a retry of a failed release),
///   or **install** again when nothing was ever deployed.
public enum ReleasePlan: Equatable, Sendable {
    case install
    case upgrade
    case upToDate(version: Int)
    case unlock(version: Int)
    case exhausted(version: Int)

    public struct Desired: Equatable, Sendable {
        public var chartName: String
        public var chartVersion: String
        public var configDigest: String
        /// A `reconcile.fluxcd.io/forceAt` request not yet handled: one install or upgrade even
        /// when up to date or when the retries are spent.
        public var forced = false
        /// The post-renderers differ from those of the last successful release
        /// (`status.observedPostRenderersDigest`): a deployed release is out of date.
        public var postRenderersChanged = false

        public init(chartName: String, chartVersion: String, configDigest: String) {
            self.chartName = chartName
            self.chartVersion = chartVersion
            self.configDigest = configDigest
        }
    }

    /// `failures`: failed attempts of the current action against the current desired state;
    /// `retries`: how many the spec allows (a negative number: unlimited).
    public static func next(history: [Release], desired: Desired, failures: Int, retries: Int) -> ReleasePlan {
        // An install remediated by uninstalling leaves no history: the failures still count.
        let spent = retries >= 0 && failures > retries
        guard let latest = history.last else { return spent && !desired.forced ? .exhausted(version: 0) : .install }
        if latest.status.isPending { return .unlock(version: latest.version) }
        if desired.forced { return ReleaseStorage.lastDeployed(history) != nil ? .upgrade : .install }
        let matches = latest.chart?.metadata?.name == desired.chartName && latest.chart?.metadata?.version == desired.chartVersion
            && ReleaseValues.digest(latest.config ?? GoMap()) == desired.configDigest
        if latest.status == .deployed && matches && !desired.postRenderersChanged { return .upToDate(version: latest.version) }
        // `failures` count against the desired state only (the caller resets them when it
        // changes), so spent retries stop everything — whether the last failure was left
        // failed, rolled back or uninstalled — until the spec changes.
        if spent { return .exhausted(version: latest.version) }
        return ReleaseStorage.lastDeployed(history) == nil ? .install : .upgrade
    }
}
