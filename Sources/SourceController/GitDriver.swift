import ChildProcess
import Foundation
import Logging

/// Git through the `git` CLI, one private session directory per operation.
///
/// Credentials never reach a command line or a URL git could echo: basic auth goes through a
/// `GIT_ASKPASS` script reading a 0600 file, a bearer token through `http.extraHeader` in
/// `GIT_CONFIG_*` environment variables, ssh keys and `known_hosts` through 0600 files named in
/// `GIT_SSH_COMMAND` with strict host-key checking. No user or system git configuration is read,
/// no prompt is ever shown, and every message is scrubbed of the secret values.
public struct GitDriver: Sendable {
    /// The git program (a path or a name on PATH).
    public var git: String
    /// Allows `file://` remotes, and file-protocol submodules (tests only).
    public var allowFileProtocol: Bool
    /// Where per-operation session directories are made.
    public var temporaryDirectory: String
    /// Each git command at debug level (operation, redacted URL, exit status, duration).
    public var logger: Logger

    public init(git: String = "git", allowFileProtocol: Bool = false, temporaryDirectory: String = NSTemporaryDirectory(),
                logger: Logger = Logger(label: "ferry.source.git")) {
        self.git = git
        self.allowFileProtocol = allowFileProtocol
        self.temporaryDirectory = temporaryDirectory
        self.logger = logger
    }

    /// What `checkout` should do besides fetching the ref.
    public struct CheckoutOptions: Hashable, Sendable {
        public var recurseSubmodules: Bool
        /// Directories to check out (cone mode); empty for everything.
        public var sparseCheckout: [String]

        public init(recurseSubmodules: Bool = false, sparseCheckout: [String] = []) {
            self.recurseSubmodules = recurseSubmodules
            self.sparseCheckout = sparseCheckout
        }
    }

    /// The result of a checkout.
    public struct Checkout: Hashable, Sendable {
        /// The commit actually checked out (full id).
        public var commit: String
        /// The commit's subject line, for the NewArtifact event.
        public var subject: String
        /// The ref as resolved, with `commit` updated to what was checked out.
        public var resolved: ResolvedRef
    }

    /// Lists the remote's refs matching `patterns` (`git ls-remote`).
    public func lsRemote(url: GitURL, auth: GitAuth, patterns: [String], timeout: Duration) async throws(GitError) -> RemoteRefs {
        let session = try await GitSession.open(driver: self, url: url, auth: auth, timeout: timeout)
        defer { session.close() }
        let output = try await session.run(["ls-remote", url.forGit] + patterns, operation: "ls-remote")
        return RemoteRefs(lsRemoteOutput: output)
    }

    /// Resolves `reference` against the remote (one ls-remote).
    public func resolve(url: GitURL, auth: GitAuth, reference: GitReference, timeout: Duration) async throws(GitError) -> ResolvedRef {
        let refs = try await lsRemote(url: url, auth: auth, patterns: reference.lsRemotePatterns, timeout: timeout)
        if case .commit(_, nil) = reference, refs.refs.isEmpty {
            throw GitError(.emptyRepository, "git repository '\(url)' is empty")
        }
        do {
            return try reference.resolve(in: refs)
        } catch {
            // On the failure path only: tell a missing ref from a repository with no branches at all.
            if refs.refs.isEmpty,
               let any = try? await lsRemote(url: url, auth: auth, patterns: ["HEAD", "refs/heads/*"], timeout: timeout),
               any.refs.isEmpty {
                throw GitError(.emptyRepository, "git repository '\(url)' is empty")
            }
            throw GitError(.refNotFound, "\(error) in '\(url)'")
        }
    }

    /// Fetches and checks out `ref` into `directory` (created mode 0700; must not exist or be empty).
    ///
    /// Branches, tags and named refs are fetched with `--depth 1`; a commit is fetched alone when
    /// the server allows it, else with the history it needs. Annotated tags are fetched as tag
    /// objects so they can be verified.
    public func checkout(url: GitURL, auth: GitAuth, ref: ResolvedRef, into directory: String,
                         options: CheckoutOptions = CheckoutOptions(), timeout: Duration) async throws(GitError) -> Checkout {
        let session = try await GitSession.open(driver: self, url: url, auth: auth, timeout: timeout)
        defer { session.close() }
        // The checkout is private (0700): git creates what is inside with the process umask.
        do {
            try FileManager.default.createDirectory(atPath: (directory as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            if mkdir(directory, 0o700) != 0 && errno != EEXIST { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            guard chmod(directory, 0o700) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        } catch {
            throw GitError(.failed, "cannot create the checkout directory: \(error.localizedDescription)")
        }
        let repo = ["-C", directory]
        // A SHA-256 repository (64-digit ids) needs a checkout of the same object format.
        let format = ref.commit.count == 64 ? ["--object-format=sha256"] : []
        _ = try await session.run(["init", "-q", "--template="] + format + [directory], operation: "init")
        _ = try await session.run(repo + ["remote", "add", "origin", url.forGit], operation: "init")
        if !options.sparseCheckout.isEmpty {
            let dirs = options.sparseCheckout.map { $0.hasPrefix("./") ? String($0.dropFirst(2)) : $0 }
            _ = try await session.run(repo + ["sparse-checkout", "set", "--cone", "--"] + dirs, operation: "sparse-checkout")
        }
        var target: String
        switch ref.reference {
        case .commit(let commit, let branch):
            if let branch {
                let local = "refs/remotes/origin/\(branch)"
                _ = try await session.run(repo + ["fetch", "-q", "--no-tags", "origin", "+refs/heads/\(branch):\(local)"], operation: "fetch")
                target = try await session.run(repo + ["rev-parse", "--verify", "-q", "\(commit)^{commit}"], operation: "checkout",
                                               notFound: "commit '\(commit)' not found on branch '\(branch)'").trimmed
                do {
                    _ = try await session.run(repo + ["merge-base", "--is-ancestor", target, local], operation: "checkout")
                } catch {
                    throw GitError(.refNotFound, "commit '\(commit)' is not on branch '\(branch)' of '\(url)'")
                }
            } else {
                // Ask for the commit alone first; servers that refuse unadvertised objects get a full fetch.
                var fetched = false
                if commit.count == 40 || commit.count == 64 {
                    fetched = (try? await session.run(repo + ["fetch", "-q", "--depth", "1", "--no-tags", "origin", commit],
                                                      operation: "fetch")) != nil
                }
                if !fetched {
                    _ = try await session.run(repo + ["fetch", "-q", "origin", "+refs/heads/*:refs/remotes/origin/*",
                                                      "+refs/tags/*:refs/tags/*"], operation: "fetch")
                }
                target = try await session.run(repo + ["rev-parse", "--verify", "-q", "\(commit)^{commit}"], operation: "checkout",
                                               notFound: "commit '\(commit)' not found in '\(url)'").trimmed
            }
        default:
            guard let refName = ref.refName else { throw GitError(.refNotFound, "no ref to fetch") }
            let local = refName.hasPrefix("refs/heads/") ? "refs/remotes/origin/" + refName.dropFirst("refs/heads/".count) : refName
            _ = try await session.run(repo + ["fetch", "-q", "--depth", "1", "--no-tags", "origin", "+\(refName):\(local)"],
                                      operation: "fetch")
            target = try await session.run(repo + ["rev-parse", "--verify", "-q", "\(local)^{commit}"], operation: "checkout").trimmed
        }
        _ = try await session.run(repo + ["-c", "advice.detachedHead=false", "checkout", "-q", "--detach", target], operation: "checkout")
        if options.recurseSubmodules {
            _ = try await session.run(repo + ["submodule", "update", "-q", "--init", "--recursive"], operation: "submodule update")
        }
        for dir in options.sparseCheckout {
            let path = dir.hasPrefix("./") ? String(dir.dropFirst(2)) : dir
            if !FileManager.default.fileExists(atPath: directory + "/" + path) {
                throw GitError(.sparseCheckoutPathMissing, "sparse checkout dir '\(dir)' does not exist in repository")
            }
        }
        let subject = (try? await session.run(repo + ["log", "-1", "--format=%s", target], operation: "log"))?.trimmed ?? ""
        var resolved = ref
        resolved.commit = target
        return Checkout(commit: target, subject: subject, resolved: resolved)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
