import FerryTesting
import Foundation

/// The values of `DIR/env` that `scripts/git-server up DIR` writes.
struct GitServerEnv: Sendable {
    var values: [String: String]
    subscript(key: String) -> String { values[key] ?? "" }

    /// The run's shared test Git servers (nginx + git http-backend, sshd), with a fresh repository
    /// `<prefix>-<random>` on them holding one commit on `master` (`deploy/app.yaml`: `v: 1`),
    /// made with `fx`'s fixed dates.
    static func withRepository(prefix: String, fixture fx: GitFixture) async throws -> (env: GitServerEnv, name: String, commit: String) {
        let env = GitServerEnv(values: try await GitServer.shared().values)
        let name = prefix + "-" + UUID().uuidString.prefix(8).lowercased()
        let bare = env["REPOS_DIR"] + "/\(name).git"
        try await fx.run("git", ["init", "-q", "--bare", bare])
        let work = fx.root + "/work"
        try await fx.run("git", ["-c", "init.defaultBranch=master", "init", "-q", work])
        try await fx.write(work + "/deploy/app.yaml", "v: 1\n")
        let commit = try await fx.commit(work, "first")
        try await fx.git(["push", "-q", bare, "master"], in: work)
        return (env, name, commit)
    }
}
