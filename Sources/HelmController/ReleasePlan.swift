import GoTemplate
import Helm

/// What a HelmRelease reconcile does with its Helm release, decided from the stored history
/// and the desired chart and values alone (no cluster): Flux's "next action" in miniature.
///
/// - no release, or none deployed and the latest uninstalled → **install**;
/// - the latest is pending (an install, upgrade or rollback that never finished: the
///   controller stopped mid-way) → **unlock** it (mark it failed) and decide again;
/// - the latest is deployed with the desired chart version and values → **up to date**;
/// - the latest failed with the desired chart and values, and the retries are spent →
///   **exhausted**: nothing is tried again until the spec changes; likewise when a failed
///   install was remediated away (no history, or the latest uninstalled) and the retries are spent;
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
        guard let latest = history.last else { return spent ? .exhausted(version: 0) : .install }
        if latest.status.isPending { return .unlock(version: latest.version) }
        let matches = latest.chart?.metadata?.name == desired.chartName && latest.chart?.metadata?.version == desired.chartVersion
            && ReleaseValues.digest(latest.config ?? GoMap()) == desired.configDigest
        let deployed = ReleaseStorage.lastDeployed(history)
        switch latest.status {
        case .deployed where matches:
            return .upToDate(version: latest.version)
        case .failed where matches && spent:
            return .exhausted(version: latest.version)
        case .uninstalled where deployed == nil && spent:
            return .exhausted(version: latest.version)
        default:
            return deployed == nil ? .install : .upgrade
        }
    }
}
