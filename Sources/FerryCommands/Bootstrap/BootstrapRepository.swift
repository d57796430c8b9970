import ChildProcess
import Foundation

/// The bootstrap's working copy: clone, write, commit and push with the git CLI, with the
/// credentials given on the command line (an SSH key, or a user name and password/token passed
/// through an askpass helper, never on a command line or in a URL that git would store).
struct BootstrapRepository {
    var url: String
    var branch: String
    var directory: String
    var privateKeyFile: String?
    var knownHostsFile: String?
    var username: String?
    var password: String?
    var authorName: String
    var authorEmail: String

    struct GitFailed: Error, CustomStringConvertible {
        var description: String
    }

    private var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["GIT_TERMINAL_PROMPT"] = "0"
        if let privateKeyFile {
            var ssh = "ssh -i '\(privateKeyFile)' -o IdentitiesOnly=yes -o BatchMode=yes"
            ssh += knownHostsFile.map { " -o UserKnownHostsFile='\($0)' -o StrictHostKeyChecking=yes" } ?? " -o StrictHostKeyChecking=accept-new"
            env["GIT_SSH_COMMAND"] = ssh
        }
        if username != nil || password != nil {
            env["GIT_ASKPASS"] = directory + ".askpass"
            env["FERRY_GIT_USERNAME"] = username ?? "git"
            env["FERRY_GIT_PASSWORD"] = password ?? ""
        }
        env["GIT_AUTHOR_NAME"] = authorName
        env["GIT_AUTHOR_EMAIL"] = authorEmail
        env["GIT_COMMITTER_NAME"] = authorName
        env["GIT_COMMITTER_EMAIL"] = authorEmail
        return env
    }

    @discardableResult
    private func git(_ args: [String], in dir: String? = nil) async throws -> String {
        let out = try await ChildProcess.run("git", args, environment: environment, directory: dir ?? directory)
        guard out.status == 0 else {
            let password = self.password
            var message = out.stderrText.trimmingCharacters(in: .whitespacesAndNewlines)
            if let password, !password.isEmpty { message = message.replacingOccurrences(of: password, with: "***") }
            throw GitFailed(description: "git \(args.first ?? "") failed: \(message)")
        }
        return out.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Clones `branch`; an empty repository (or a new branch) starts from an empty tree.
    func clone() async throws {
        if username != nil || password != nil {
            let script = "#!/bin/sh\ncase \"$1\" in Username*) echo \"$FERRY_GIT_USERNAME\";; *) echo \"$FERRY_GIT_PASSWORD\";; esac\n"
            _ = FileManager.default.createFile(atPath: directory + ".askpass", contents: Data(script.utf8), attributes: [.posixPermissions: 0o700])
        }
        let parent = (directory as NSString).deletingLastPathComponent
        let heads = try await git(["ls-remote", "--heads", url], in: parent)
        if heads.contains("refs/heads/\(branch)") {
            try await git(["clone", "--quiet", "--branch", branch, "--single-branch", url, directory], in: parent)
        } else {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try await git(["init", "--quiet", "--initial-branch", branch])
            try await git(["remote", "add", "origin", url])
        }
    }

    /// Writes the files; returns whether anything changed.
    func write(_ files: [(path: String, contents: String)]) throws -> Bool {
        var changed = false
        for file in files {
            let full = directory + "/" + file.path
            if (try? String(contentsOfFile: full, encoding: .utf8)) == file.contents { continue }
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try file.contents.write(toFile: full, atomically: true, encoding: .utf8)
            changed = true
        }
        return changed
    }

    /// Commits everything under `paths` and pushes; returns the new commit.
    func commitAndPush(_ paths: [String], message: String) async throws -> String {
        try await git(["add", "--"] + paths)
        try await git(["commit", "--quiet", "-m", message])
        try await git(["push", "--quiet", "origin", "HEAD:refs/heads/\(branch)"])
        return try await git(["rev-parse", "HEAD"])
    }

    func head() async throws -> String { try await git(["rev-parse", "HEAD"]) }

    func cleanUp() {
        try? FileManager.default.removeItem(atPath: directory)
        try? FileManager.default.removeItem(atPath: directory + ".askpass")
    }
}
