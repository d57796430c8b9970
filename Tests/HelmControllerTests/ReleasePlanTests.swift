import GoTemplate
import Helm
import HelmController
import Testing

/// The next action from the stored history alone.
@Suite struct ReleasePlanTests {
    static let values: GoMap = { let m = GoMap(); m["message"] = .string("hi"); return m }()
    static let desired = ReleasePlan.Desired(chartName: "app", chartVersion: "1.0.0", configDigest: ReleaseValues.digest(values))

    static func record(_ version: Int, _ status: ReleaseStatus, chartVersion: String = "1.0.0", values: GoMap = values) -> Release {
        var metadata = ChartMetadata()
        metadata.name = "app"
        metadata.version = chartVersion
        return Release(name: "web", namespace: "apps", version: version, info: ReleaseInfo(status: status),
                       chart: StoredChart(metadata: metadata), config: values)
    }

    func next(_ history: [Release], failures: Int = 0, retries: Int = 0) -> ReleasePlan {
        ReleasePlan.next(history: history, desired: Self.desired, failures: failures, retries: retries)
    }

    @Test func installWhenNothingWasDeployed() {
        #expect(next([]) == .install)
        #expect(next([Self.record(1, .uninstalled)]) == .install)
        #expect(next([Self.record(1, .failed, chartVersion: "0.9.0")]) == .install)
    }

    @Test func upToDateOnlyForTheSameChartAndValues() {
        #expect(next([Self.record(1, .superseded), Self.record(2, .deployed)]) == .upToDate(version: 2))
        #expect(next([Self.record(1, .deployed, chartVersion: "0.9.0")]) == .upgrade)
        let other = GoMap()
        other["message"] = .string("bye")
        #expect(next([Self.record(1, .deployed, values: other)]) == .upgrade)
    }

    @Test func pendingIsUnlocked() {
        #expect(next([Self.record(1, .deployed), Self.record(2, .pendingUpgrade)]) == .unlock(version: 2))
        #expect(next([Self.record(1, .pendingInstall)]) == .unlock(version: 1))
    }

    @Test func failedIsRetriedUntilTheRetriesAreSpent() {
        let history = [Self.record(1, .deployed), Self.record(2, .failed)]
        #expect(next(history, failures: 1, retries: 0) == .exhausted(version: 2))
        #expect(next(history, failures: 1, retries: 1) == .upgrade)
        #expect(next(history, failures: 2, retries: 1) == .exhausted(version: 2))
        #expect(next(history, failures: 50, retries: -1) == .upgrade, "negative retries: unlimited")
        // A failed install remediated by uninstalling leaves no history, or an uninstalled one.
        #expect(next([], failures: 2, retries: 1) == .exhausted(version: 0))
        #expect(next([], failures: 1, retries: 1) == .install)
        #expect(next([Self.record(1, .uninstalled)], failures: 2, retries: 1) == .exhausted(version: 1))
        // The last failure rolled back: the rollback is deployed, but not what is desired.
        let rolledBack = [Self.record(1, .superseded, chartVersion: "0.9.0"), Self.record(2, .superseded),
                          Self.record(3, .deployed, chartVersion: "0.9.0")]
        #expect(next(rolledBack, failures: 2, retries: 1) == .exhausted(version: 3))
        #expect(next(rolledBack, failures: 1, retries: 1) == .upgrade)
    }

    /// `reconcile.fluxcd.io/forceAt`: one action whatever the history says — except that a
    /// pending release is still unlocked first.
    @Test func aForceRequestReleasesEvenWhenUpToDateOrSpent() {
        var forced = Self.desired
        forced.forced = true
        let plan = { (history: [Release], failures: Int) in ReleasePlan.next(history: history, desired: forced, failures: failures, retries: 0) }
        #expect(plan([Self.record(1, .superseded), Self.record(2, .deployed)], 0) == .upgrade)
        #expect(plan([Self.record(1, .deployed), Self.record(2, .failed)], 3) == .upgrade)
        #expect(plan([], 3) == .install)
        #expect(plan([Self.record(1, .uninstalled)], 3) == .install)
        #expect(plan([Self.record(1, .deployed), Self.record(2, .pendingUpgrade)], 0) == .unlock(version: 2))
    }
}
