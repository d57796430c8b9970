import ChildProcess
import Foundation

/// Writing to a repository through the `git` CLI: the image automation's branch switch,
/// commit and push, on a checkout made by ``GitDriver/checkout(url:auth:ref:into:options:timeout:)``.
/// Every command runs in a ``GitSession`` (credentials scoped to the remote, nothing of the
/// user's or system's git configuration read, secrets scrubbed from messages).
extension GitDriver {
    /// Who a commit is by, and how it is signed.
    public struct CommitAuthor: Sendable, Hashable {
        public var name: String
        public var email: String

        public init(name: String, email: String) {
            self.name = name
            self.email = email
        }
    }

    /// The commit of `refs/heads/<branch>` on the remote, or nil when there is no such branch.
    public func remoteBranchCommit(url: GitURL, auth: GitAuth, branch: String, timeout: Duration) async throws(GitError) -> String? {
        let refs = try await lsRemote(url: url, auth: auth, patterns: ["refs/heads/" + branch], timeout: timeout)
        return refs.refs["refs/heads/" + branch]
    }

    /// Puts the checkout in `directory` on local branch `branch`: at the remote's tip of that
    /// branch when it exists (fetched), else at the commit checked out (Flux's `SwitchBranch`:
    /// a new push branch starts from the checkout). Returns the commit the branch is at.
    public func switchBranch(url: GitURL, auth: GitAuth, directory: String, branch: String, timeout: Duration) async throws(GitError) -> String {
        let session = try await GitSession.open(driver: self, url: url, auth: auth, timeout: timeout)
        defer { session.close() }
        let repo = ["-C", directory]
        let remote = try await session.run(["ls-remote", url.forGit, "refs/heads/" + branch], operation: "ls-remote")
        if !remote.trimmed.isEmpty {
            let local = "refs/remotes/origin/" + branch
            _ = try await session.run(repo + ["fetch", "-q", "--depth", "1", "--no-tags", "origin", "+refs/heads/\(branch):\(local)"],
                                      operation: "fetch")
            _ = try await session.run(repo + ["checkout", "-q", "-B", branch, local], operation: "checkout")
        } else {
            _ = try await session.run(repo + ["checkout", "-q", "-B", branch], operation: "checkout")
        }
        return try await session.run(repo + ["rev-parse", "HEAD"], operation: "rev-parse").trimmed
    }

    /// Resets the checkout to the remote's current tip of `branch` (after a rejected push), so
    /// the update can be made again on top of it. Returns the new tip.
    public func refresh(url: GitURL, auth: GitAuth, directory: String, branch: String, timeout: Duration) async throws(GitError) -> String {
        let session = try await GitSession.open(driver: self, url: url, auth: auth, timeout: timeout)
        defer { session.close() }
        let repo = ["-C", directory]
        let local = "refs/remotes/origin/" + branch
        _ = try await session.run(repo + ["fetch", "-q", "--depth", "1", "--no-tags", "origin", "+refs/heads/\(branch):\(local)"],
                                  operation: "fetch")
        _ = try await session.run(repo + ["checkout", "-q", "-B", branch, local], operation: "checkout")
        _ = try await session.run(repo + ["reset", "-q", "--hard", local], operation: "reset")
        _ = try await session.run(repo + ["clean", "-q", "-fd"], operation: "clean")
        return try await session.run(repo + ["rev-parse", "HEAD"], operation: "rev-parse").trimmed
    }

    /// Commits every change in the working tree, by `author` (also the committer), signed with
    /// `signer` when given. Returns the new commit, or nil when the tree has no change.
    public func commit(directory: String, author: CommitAuthor, message: String, signer: GitCommitSigner?,
                       timeout: Duration) async throws(GitError) -> String? {
        let local = try GitURL("file://" + directory, allowFile: true)
        var fileDriver = self
        fileDriver.allowFileProtocol = true
        let session = try await GitSession.open(driver: fileDriver, url: local, auth: GitAuth(), timeout: timeout)
        defer { session.close() }
        let repo = ["-C", directory]
        _ = try await session.run(repo + ["add", "-A"], operation: "add")
        let status = try await session.run(repo + ["status", "--porcelain"], operation: "status")
        guard !status.trimmed.isEmpty else { return nil }
        let messageFile = session.directory + "/message"
        guard FileManager.default.createFile(atPath: messageFile, contents: Data(message.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw GitError(.failed, "cannot write the commit message")
        }
        var config = ["-c", "user.name=" + author.name, "-c", "user.email=" + author.email, "-c", "commit.gpgsign=false"]
        var sign: [String] = []
        var prepared: GitCommitSigner.Prepared?
        defer { prepared?.cleanUp() }
        if let signer {
            let ready = try await signer.prepare(in: session.directory, timeout: timeout)
            prepared = ready
            config += ready.configuration
            sign = ["-S"]
        }
        _ = try await session.run(repo + config + ["commit", "-q", "--no-verify", "--cleanup=verbatim", "-F", messageFile] + sign,
                                  operation: "commit")
        return try await session.run(repo + ["rev-parse", "HEAD"], operation: "rev-parse").trimmed
    }

    /// Pushes HEAD to `refs/heads/<branch>` (never forced), with `git push -o` options.
    public func push(url: GitURL, auth: GitAuth, directory: String, branch: String, options: [String: String],
                     timeout: Duration) async throws(GitError) {
        try await push(url: url, auth: auth, directory: directory, refspec: "HEAD:refs/heads/" + branch, options: options, timeout: timeout)
    }

    /// Pushes with an explicit refspec (`HEAD:refs/for/main`); a forced (`+`) or deleting (`:x`)
    /// refspec is refused, as Flux's CRD pattern refuses it.
    public func push(url: GitURL, auth: GitAuth, directory: String, refspec: String, options: [String: String],
                     timeout: Duration) async throws(GitError) {
        guard !refspec.hasPrefix("+"), !refspec.hasPrefix(":"), !refspec.isEmpty else {
            throw GitError(.failed, "refspec '\(refspec)' is not supported: it would force or delete a ref")
        }
        let session = try await GitSession.open(driver: self, url: url, auth: auth, timeout: timeout)
        defer { session.close() }
        let pushOptions = options.keys.sorted().flatMap { key in ["-o", options[key].map { $0.isEmpty ? key : key + "=" + $0 } ?? key] }
        _ = try await session.run(["-C", directory, "push", "-q", "--porcelain"] + pushOptions + ["origin", refspec], operation: "push")
    }
}
