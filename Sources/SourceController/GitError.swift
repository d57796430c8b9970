/// A failed git operation, classified so the reconciler can pick the condition reason and whether
/// retrying can help. `message` is already scrubbed of every credential.
public struct GitError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// Host unknown, refused, unreachable; TLS failures.
        case unreachable
        /// Wrong or missing credentials.
        case authenticationFailed
        /// The server's ssh host key is not in `known_hosts` (or does not match it).
        case unknownHostKey
        /// No repository at that path.
        case repositoryNotFound
        /// The branch, tag, ref or commit does not exist (or no tag matches the semver range).
        case refNotFound
        /// The remote has no commits.
        case emptyRepository
        case timeout
        /// The URL cannot be used at all (user must fix the spec).
        case invalidURL
        /// Sparse checkout of a directory that does not exist.
        case sparseCheckoutPathMissing
        case failed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Reads git's (C-locale) stderr and exit status.
    static func classify(status: Int32, stderr: String) -> Kind {
        if status == 124 || status == 137 { return .timeout }
        let s = stderr.lowercased()
        func any(_ needles: [String]) -> Bool { needles.contains { s.contains($0) } }
        if any(["host key verification failed", "host key is known", "remote host identification has changed", "no matching host key"]) {
            return .unknownHostKey
        }
        if any(["authentication failed", "permission denied (publickey", "permission denied, please try again",
                "could not read username", "could not read password", "terminal prompts disabled",
                "returned error: 401", "returned error: 403", "invalid username or password", "access denied",
                "too many authentication failures", "incorrect passphrase", "load key"]) {
            return .authenticationFailed
        }
        if any(["couldn't find remote ref", "not our ref", "unadvertised object", "no such remote ref", "is not a commit",
                "unknown revision", "bad revision", "invalid reference", "did not match any"]) {
            return .refNotFound
        }
        if any(["does not appear to be a git repository", "repository not found", "returned error: 404", "not found"]) {
            return .repositoryNotFound
        }
        if any(["could not resolve host", "could not resolve hostname", "connection refused", "failed to connect",
                "connection timed out", "no route to host", "network is unreachable", "ssl certificate problem",
                "server certificate verification failed", "unable to access", "connection reset", "connection closed",
                "could not read from remote repository", "name or service not known", "temporary failure in name resolution",
                "operation timed out", "gnutls", "unable to connect"]) {
            return .unreachable
        }
        return .failed
    }

    /// The lines of git's stderr worth showing (fatal/error/ssh diagnostics), joined, scrubbed, bounded.
    static func summary(of stderr: String, scrub: (String) -> String) -> String {
        let lines = stderr.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: " \t\r") }.filter { !$0.isEmpty }
        let important = lines.filter {
            $0.hasPrefix("fatal:") || $0.hasPrefix("error:") || $0.hasPrefix("remote:") || $0.contains("denied")
                || $0.contains("Host key") || $0.contains("host key") || $0.hasPrefix("ssh:") || $0.hasPrefix("timeout:")
        }
        var text = (important.isEmpty ? Array(lines.suffix(3)) : important).joined(separator: "; ")
        text = scrub(text)
        if text.count > 600 { text = String(text.prefix(600)) + "…" }
        return text.isEmpty ? "git exited without a message" : text
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        String(self.drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
