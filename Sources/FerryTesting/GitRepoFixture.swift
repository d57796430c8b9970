import ChildProcess
import Foundation

/// A bare repository `NAME.git` served by a ``GitServer``, and a scratch working clone in
/// which a test makes commits, tags and branches, then ``push()``es them to the bare repository.
///
/// ```swift
/// let server = try await GitServer.shared()
/// let repo = try await GitRepoFixture.create("podinfo", on: server)
/// let sha = try await repo.commit(files: ["deploy/app.yaml": yaml], message: "app")
/// try await repo.tag("v1.0.0", annotated: true, signed: .gpg)
/// try await repo.push()
/// let url = repo.url(.httpAuth)   // http://127.0.0.1:PORT/auth/podinfo-xxxxxx.git
/// ```
///
/// Every git command runs with no system or global config of the machine's, as
/// ``authorName``/``authorEmail``, and at ``date`` (author and committer) when one is set.
public actor GitRepoFixture {
    /// How a commit or tag is signed: not at all, with the fixture's ``gpgKey()`` or its ``sshSigningKey()``.
    public enum Signing: Sendable { case none, gpg, ssh }

    public nonisolated let server: GitServer
    /// The repository's name in URLs (without `.git`).
    public nonisolated let name: String
    /// Path of the bare repository the servers serve.
    public nonisolated let bareRepository: String
    /// Path of the scratch working clone.
    public nonisolated let workTree: String
    /// Scratch space of this fixture: its git config and signing keys.
    public nonisolated let scratch: String

    public var authorName = "Ferry Test"
    public var authorEmail = "test@ferry.invalid"
    /// A fixed author and committer date (any form git takes, e.g. `2024-01-01T00:00:00Z`) for
    /// every commit and tag, for reproducible commit ids; `nil` is now.
    public var date: String?
    private var gpg: GPGKey?
    private var ssh: SSHSigningKey?

    init(server: GitServer, name: String) {
        self.server = server
        self.name = name
        self.bareRepository = server.repositoriesDirectory + "/" + name + ".git"
        self.scratch = server.directory + "/fixtures/" + name
        self.workTree = scratch + "/work"
    }

    /// Creates the empty bare repository (default branch `defaultBranch`) and the working clone.
    /// With `unique` (the default), a random suffix is added to `name` so tests running in
    /// parallel, or again against the same server, never meet; read the result from ``name``.
    public static func create(_ name: String, on server: GitServer, unique: Bool = true,
                              defaultBranch: String = "main") async throws -> GitRepoFixture {
        let fixture = GitRepoFixture(server: server, name: unique ? server.uniqueRepositoryName(name) : name)
        try await fixture.setUp(defaultBranch: defaultBranch)
        return fixture
    }

    private func setUp(defaultBranch: String) async throws {
        guard !FileManager.default.fileExists(atPath: bareRepository) else {
            throw CommandFailed(command: "create \(bareRepository)", status: 1, output: "repository exists")
        }
        try FileManager.default.createDirectory(atPath: workTree, withIntermediateDirectories: true)
        try """
        [init]
        \tdefaultBranch = \(defaultBranch)
        [safe]
        \tdirectory = *
        [protocol "file"]
        \tallow = always
        [commit]
        \tgpgSign = false
        [tag]
        \tgpgSign = false
        [core]
        \tsymlinks = true
        \tautocrlf = false

        """.write(toFile: scratch + "/gitconfig", atomically: true, encoding: .utf8)
        try await git(["init", "-q", "--bare", "-b", defaultBranch, bareRepository], in: scratch)
        try await git(["init", "-q", "-b", defaultBranch])
        try await git(["remote", "add", "origin", bareRepository])
    }

    /// `BASE/NAME.git` on `endpoint`.
    public nonisolated func url(_ endpoint: GitServer.Endpoint) -> String {
        server.url(endpoint, repository: name)
    }

    /// The URL with basic-auth credentials in it, for `.httpAuth` and `.httpsAuth`.
    public nonisolated func urlWithCredentials(_ endpoint: GitServer.Endpoint) -> String {
        server.urlWithCredentials(endpoint, repository: name)
    }

    public func setAuthor(name: String, email: String) {
        authorName = name
        authorEmail = email
    }

    public func setDate(_ date: String?) {
        self.date = date
    }

    // MARK: Signing keys

    /// The OpenPGP key `.gpg` signs with; generated on first use.
    public func gpgKey() async throws -> GPGKey {
        if let gpg { return gpg }
        // Not under `scratch`: gpg-agent's socket path must stay short (108 bytes at most).
        let home = server.directory + "/gpg/" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let key = try await GPGKey.generate(in: home, name: authorName, email: authorEmail)
        gpg = key
        return key
    }

    /// The ssh key `.ssh` signs with; generated on first use.
    public func sshSigningKey() async throws -> SSHSigningKey {
        if let ssh { return ssh }
        let key = try await SSHSigningKey.generate(in: scratch + "/ssh-signing", principal: authorEmail)
        ssh = key
        return key
    }

    /// Signs from now on with `key` (e.g. one the verifier does not trust).
    public func use(gpgKey key: GPGKey) { gpg = key }
    var gpgKeyIfMade: GPGKey? { gpg }
    public func use(sshSigningKey key: SSHSigningKey) { ssh = key }

    // MARK: Running git

    /// Runs git in the working clone (or `directory`) with the fixture's environment; returns stdout.
    @discardableResult
    public func git(_ args: [String], in directory: String? = nil, environment extra: [String: String] = [:]) async throws -> String {
        var env = ProcessInfo.processInfo.environment
        for key in env.keys where key.hasPrefix("GIT_") { env[key] = nil }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_CONFIG_GLOBAL"] = scratch + "/gitconfig"
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_AUTHOR_NAME"] = authorName
        env["GIT_AUTHOR_EMAIL"] = authorEmail
        env["GIT_COMMITTER_NAME"] = authorName
        env["GIT_COMMITTER_EMAIL"] = authorEmail
        if let date {
            env["GIT_AUTHOR_DATE"] = date
            env["GIT_COMMITTER_DATE"] = date
        }
        if let gpg { env["GNUPGHOME"] = gpg.home }
        env.merge(extra) { $1 }
                return try await LocalControlPlane.run("/usr/bin/git", args, environment: env, directory: directory ?? workTree)
    }

    /// `-c` options making `git commit -S` / `git tag -s` sign as `signing` asks.
    func signingOptions(_ signing: Signing) async throws -> [String] {
        switch signing {
        case .none: return []
        case .gpg: return ["-c", "gpg.format=openpgp", "-c", "user.signingkey=\(try await gpgKey().fingerprint)"]
        case .ssh: return ["-c", "gpg.format=ssh", "-c", "user.signingkey=\(try await sshSigningKey().privateKey)"]
        }
    }

    /// The commit id `revision` names (`HEAD`, a branch, a tag — peeled to its commit).
    public func revision(_ revision: String = "HEAD") async throws -> String {
        try await git(["rev-parse", revision + "^{commit}"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The current branch of the working clone.
    public func currentBranch() async throws -> String {
        try await git(["symbolic-ref", "--short", "HEAD"]).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
