/// The history decisions of Helm's `storage.Storage` and `action` package, as pure functions
/// over a release's revisions (the Secrets the selector listed, decoded).
extension ReleaseStorage {
    /// The revisions oldest first (Helm's `SortByRevision`).
    public static func history(_ releases: [Release]) -> [Release] {
        releases.sorted { $0.version < $1.version }
    }

    /// The newest revision, whatever its status (Helm's `Storage.Last`): what an upgrade
    /// numbers from and what `helm status` shows.
    public static func latest(_ releases: [Release]) -> Release? {
        releases.max { $0.version < $1.version }
    }

    /// The newest revision whose status is `deployed` (Helm's `Storage.Deployed`: if a race
    /// left several deployed, the highest revision wins). Nil when none is.
    public static func lastDeployed(_ releases: [Release]) -> Release? {
        releases.filter { $0.status == .deployed }.max { $0.version < $1.version }
    }

    /// The revision the next install, upgrade or rollback writes: one past the newest, 1 for
    /// a release with no history.
    public static func nextVersion(_ releases: [Release]) -> Int {
        (latest(releases)?.version ?? 0) + 1
    }

    /// The revisions Helm deletes before it stores a new one when `maxHistory` is set (Helm's
    /// `Storage.Create` → `removeLeastRecent(name, maxHistory - 1)`): oldest first, until
    /// `maxHistory - 1` remain to make room for the new one, never the last deployed revision
    /// (so fewer may remain deletable than asked). `maxHistory` of 0 or less keeps everything.
    public static func versionsToPrune(_ releases: [Release], maxHistory: Int) -> [Int] {
        guard maxHistory > 0 else { return [] }
        let keep = maxHistory - 1
        guard releases.count > keep else { return [] }
        let deployed = lastDeployed(releases)?.version
        var doomed: [Int] = []
        for release in history(releases) {
            if releases.count - doomed.count == keep { break }
            if release.version != deployed { doomed.append(release.version) }
        }
        return doomed
    }
}
