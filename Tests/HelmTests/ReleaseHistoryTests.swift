import Testing

@testable import Helm

/// Helm's history rules (`Storage.Deployed`, `Storage.Last`, `removeLeastRecent` under
/// `--history-max`) over revisions given as `version:status`.
@Suite struct ReleaseHistoryTests {
    static func history(_ spec: String) -> [Release] {
        spec.split(separator: " ").map { item in
            let parts = item.split(separator: ":")
            return Release(name: "web", namespace: "apps", version: Int(parts[0]) ?? 0,
                           info: ReleaseInfo(status: ReleaseStatus(String(parts[1]))))
        }
    }

    @Test(arguments: [
        // Room for one more under a maximum of 2: one may stay, never the deployed one.
        ("1:superseded 2:superseded 3:deployed 4:failed", 2, [1, 2, 4]),
        ("4:failed 3:deployed 1:superseded 2:superseded", 3, [1, 2]),
        ("1:deployed 2:failed 3:failed", 2, [2, 3]),
        ("1:failed 2:failed 3:failed", 2, [1, 2]),
        ("1:superseded 2:deployed", 1, [1]),
        ("1:superseded 2:deployed", 3, []),
        ("1:superseded 2:deployed", 0, []),
        ("1:superseded 2:deployed 3:pending-upgrade", -1, []),
        // Two deployed after a race: only the newer is protected.
        ("1:deployed 2:deployed 3:failed", 2, [1, 3]),
    ])
    func pruningFollowsHelmsMaxHistory(spec: String, maxHistory: Int, expected: [Int]) {
        #expect(ReleaseStorage.versionsToPrune(Self.history(spec), maxHistory: maxHistory) == expected)
    }

    @Test func lastDeployedLatestAndNextVersion() {
        let releases = Self.history("2:superseded 5:failed 1:superseded 3:deployed 4:deployed")
        #expect(ReleaseStorage.history(releases).map(\.version) == [1, 2, 3, 4, 5])
        #expect(ReleaseStorage.lastDeployed(releases)?.version == 4)
        #expect(ReleaseStorage.latest(releases)?.version == 5)
        #expect(ReleaseStorage.nextVersion(releases) == 6)
        #expect(ReleaseStorage.nextVersion([]) == 1)
        #expect(ReleaseStorage.lastDeployed(Self.history("1:failed 2:uninstalled")) == nil)
    }

    @Test func namesAndSelectorsAreHelms() {
        #expect(ReleaseStorage.secretName(release: "web", version: 12) == "sh.helm.release.v1.web.v12")
        #expect(ReleaseStorage.selector(name: "web") == "name=web,owner=helm")
        #expect(ReleaseStorage.selector(name: "web", status: .deployed) == "name=web,owner=helm,status=deployed")
        #expect(ReleaseStorage.listSelector == "owner=helm")
    }

    @Test func statusStringsAreHelms() {
        let all: [ReleaseStatus] = [.unknown, .deployed, .uninstalled, .superseded, .failed, .uninstalling,
                                    .pendingInstall, .pendingUpgrade, .pendingRollback]
        #expect(all.map(\.rawValue) == ["unknown", "deployed", "uninstalled", "superseded", "failed", "uninstalling",
                                        "pending-install", "pending-upgrade", "pending-rollback"])
        #expect(all.filter(\.isPending) == [.pendingInstall, .pendingUpgrade, .pendingRollback])
    }
}
