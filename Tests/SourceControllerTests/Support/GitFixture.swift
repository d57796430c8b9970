import ChildProcess
import Foundation

/// A scratch directory with git repositories made by the real git CLI, with fixed author and
/// committer dates so that commits (and hence artifacts) are reproducible.
final class GitFixture: @unchecked Sendable {
    let root: String
    private var tick = 0

    init() throws {
        // Short paths: gpg-agent sockets must fit in sun_path.
        root = "/tmp/fx-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit {
        _ = try? ChildProcess.runBlocking("gpgconf", ["--kill", "all"], environment: env(extra: ["GNUPGHOME": root + "/gnupg"]))
        try? FileManager.default.removeItem(atPath: root)
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    func env(extra: [String: String] = [:]) -> [String: String] {
        var e = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": root, "LANG": "C", "LC_ALL": "C",
            "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com",
            "GIT_AUTHOR_DATE": "2024-01-01T00:00:\(String(format: "%02d", tick % 60))Z",
            "GIT_COMMITTER_DATE": "2024-01-01T00:00:\(String(format: "%02d", tick % 60))Z",
            "GNUPGHOME": root + "/gnupg",
        ]
        for (k, v) in extra { e[k] = v }
        return e
    }

    /// Runs a program, failing the test on a non-zero exit. Returns trimmed stdout.
    @discardableResult
    func run(_ program: String, _ args: [String], in dir: String? = nil, extra: [String: String] = [:], input: [UInt8]? = nil) async throws -> String {
        let out = try await ChildProcess.run(program, dir.map { ["-C", $0] + args } ?? args, environment: env(extra: extra), input: input)
        guard out.status == 0 else {
            throw Failure(description: "\(program) \(args.joined(separator: " ")) failed (\(out.status)): \(out.stderrText)")
        }
        return out.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func git(_ args: [String], in dir: String, extra: [String: String] = [:]) async throws -> String {
        try await run("git", ["-c", "init.defaultBranch=master", "-c", "protocol.file.allow=always"] + args, in: dir, extra: extra)
    }

    /// A bare repository `<name>.git` and a work tree `<name>` whose `origin` it is.
    func makeRepository(_ name: String) async throws -> (work: String, bare: String, url: String) {
        let bare = root + "/\(name).git", work = root + "/\(name)"
        try await run("git", ["-c", "init.defaultBranch=master", "init", "-q", "--bare", bare])
        try await run("git", ["-c", "init.defaultBranch=master", "init", "-q", work])
        try await git(["remote", "add", "origin", bare], in: work)
        return (work, bare, "file://" + bare)
    }

    func write(_ path: String, _ text: String, executable: Bool = false) async throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if executable {
            // Written by a child so no descriptor of ours is open for writing when the script is run
            // (a spawn on another thread would inherit it and exec would fail with ETXTBSY).
            try await run("/bin/sh", ["-c", "cat > \"$0\" && chmod 755 \"$0\"", path], input: Array(text.utf8))
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    /// Commits everything in `work` (with extra `git commit` flags) and returns the commit id.
    @discardableResult
    func commit(_ work: String, _ message: String, flags: [String] = [], config: [String] = []) async throws -> String {
        tick += 1
        try await git(["add", "-A"], in: work)
        try await git(config.flatMap { ["-c", $0] } + ["commit", "-q", "--allow-empty", "-m", message] + flags, in: work)
        return try await git(["rev-parse", "HEAD"], in: work)
    }

    func push(_ work: String, _ refspecs: [String] = ["--all"], force: Bool = false) async throws {
        try await git(["push", "-q"] + (force ? ["-f"] : []) + ["origin"] + refspecs, in: work)
    }
}
