import Foundation

/// A remote base or component: a Git repository, a ref in it and the kustomization's
/// directory inside it, read from a `resources`/`components` entry with kustomize v5's rules
/// (`api/internal/git/repospec.go`). Pure: parsing does no IO.
///
/// The rules, in order:
/// - the query (`?ref=`, `?version=`, `?timeout=`, `?submodules=`) is cut off first; `ref`
///   wins over `version`; `timeout` is whole seconds (`61`) or a Go duration (`1m1s`), 27 s
///   when absent or not positive; `submodules` is a Go boolean, true when absent or invalid;
/// - a `git::` prefix is ignored; the scheme is `ssh://`, `https://`, `http://` or `file://`
///   (any case); without one the entry must be SCP-like (`user@host:path`) or on github.com;
/// - github.com is normalised: `https://github.com/` unless an ssh scheme or a user is given,
///   then `git@github.com:`;
/// - the repository ends at `_git/NAME` (Azure), else at `//`, else just after `.git`, else
///   after two path segments (`org/repo`; `file://` takes the whole path);
/// - the directory inside may not leave the repository (`../` past its root).
struct RemoteSpec: Equatable, Sendable {
    /// The entry as written (with any credentials; never print it, print ``display``).
    var raw: String
    /// Scheme, user and host, e.g. `https://github.com/`, `git@github.com:`, `ssh://git@host/`.
    var host: String
    /// The repository's path after the host, e.g. `org/repo` or `org/repo.git`.
    var repoPath: String
    /// The kustomization's directory in the repository, without leading or trailing `/`.
    var path: String
    /// Branch, tag or commit; empty means the remote's HEAD.
    var ref: String
    var timeout: Duration
    var submodules: Bool

    static let defaultTimeout: Duration = .seconds(27)

    /// What `git clone` is given.
    var cloneURL: String { host + repoPath }

    /// The entry without a password or token: what errors and logs may show.
    var display: String { RemoteSpec.redact(raw) }

    struct ParseError: Error, Equatable { var reason: String }

    /// Whether a `resources`/`components` entry is meant as a remote target rather than a
    /// local path (checked only when no local file or directory has that name, as kustomize
    /// tries the local file system first).
    static func looksRemote(_ entry: String) -> Bool {
        let lower = entry.lowercased()
        return ["git::", "gh:", "ssh://", "https://", "http://", "file://", "github.com/", "github.com:"].contains { lower.hasPrefix($0) }
            || entry.range(of: #"^[A-Za-z][A-Za-z0-9-]*@[^/:]+:"#, options: .regularExpression) != nil
            || lower.hasPrefix("gitlab.com/") || lower.hasPrefix("bitbucket.org/")
    }

    static func parse(_ entry: String) throws -> RemoteSpec {
        if entry.hasPrefix("/") { throw ParseError(reason: "uri looks like abs path: \(redact(entry))") }
        var rest = entry
        var query = ""
        if let q = entry.firstIndex(of: "?") {
            rest = String(entry[..<q])
            query = String(entry[entry.index(after: q)...])
        }
        let (ref, timeout, submodules) = parseQuery(query)
        let (host, afterHost) = try extractHost(rest)
        let (repoPath, path) = try splitPath(afterHost, wholePath: host.lowercased().hasPrefix("file://"))
        return RemoteSpec(raw: entry, host: host, repoPath: repoPath, path: path, ref: ref, timeout: timeout, submodules: submodules)
    }

    static func parseQuery(_ query: String) -> (ref: String, timeout: Duration, submodules: Bool) {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let raw = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            // The first value of a key counts (Go's `url.Values.Get`).
            if values[key] == nil { values[key] = raw.removingPercentEncoding ?? raw }
        }
        var ref = values["version"] ?? ""
        if let r = values["ref"], !r.isEmpty { ref = r }
        var timeout = defaultTimeout
        if let t = values["timeout"], !t.isEmpty {
            if let seconds = Int(t), seconds > 0 {
                timeout = .seconds(seconds)
            } else if let d = GoDurationParser.parse(t), d > .zero {
                timeout = d
            }
        }
        var submodules = true
        if let s = values["submodules"], !s.isEmpty {
            switch s {
            case "1", "t", "T", "TRUE", "true", "True": submodules = true
            case "0", "f", "F", "FALSE", "false", "False": submodules = false
            default: break
            }
        }
        return (ref, timeout, submodules)
    }

    static func trimPrefixIgnoringCase(_ s: String, _ prefix: String) -> String? {
        s.lowercased().hasPrefix(prefix) ? String(s.dropFirst(prefix.count)) : nil
    }

    static func extractHost(_ input: String) throws -> (host: String, rest: String) {
        var n = trimPrefixIgnoringCase(input, "git::") ?? input
        var scheme = ""
        for s in ["ssh://", "https://", "http://", "file://"] {
            if let r = trimPrefixIgnoringCase(n, s) { scheme = s; n = r; break }
        }
        var user = ""
        if let m = n.range(of: #"^[A-Za-z][A-Za-z0-9-]*@"#, options: .regularExpression) {
            user = String(n[m]); n = String(n[m.upperBound...])
        }
        let github = n.lowercased().hasPrefix("github.com/") || n.lowercased().hasPrefix("github.com:")
        let scp = scheme.isEmpty && (!user.isEmpty || github)
        if scheme.isEmpty && !scp { throw ParseError(reason: "failed to parse scheme") }
        if scheme == "file://" { return (scheme, user + n) }
        var host = n, rest = ""
        var sep = n.firstIndex(of: "/")
        if scp, let colon = n.firstIndex(of: ":"), colon > n.startIndex, sep == nil || colon < sep! {
            sep = colon
        }
        if let sep {
            host = String(n[...sep]); rest = String(n[n.index(after: sep)...])
        }
        if github {
            if scheme.hasPrefix("ssh://") || !user.isEmpty {
                scheme = ""; host = "github.com:"
            } else {
                scheme = "https://"; user = ""; host = "github.com/"
            }
        }
        if host.isEmpty { throw ParseError(reason: "failed to parse host segment") }
        return (scheme + user + host, rest)
    }

    static func splitPath(_ n: String, wholePath: Bool) throws -> (repo: String, path: String) {
        var repo = "", path = ""
        var found = true
        if let r = n.range(of: "_git/") {
            let after = n[r.upperBound...].split(separator: "/", omittingEmptySubsequences: false)
            repo = String(n[..<r.upperBound]) + (after.first.map(String.init) ?? "")
            path = after.dropFirst().joined(separator: "/")
        } else if let r = n.range(of: "//") {
            repo = String(n[..<r.lowerBound]); path = String(n[r.upperBound...])
        } else if let r = n.range(of: ".git") {
            repo = String(n[..<r.upperBound]); path = String(n[r.upperBound...])
        } else if wholePath {
            repo = n
        } else {
            let segments = n.split(separator: "/", omittingEmptySubsequences: false)
            if segments.count >= 2 {
                repo = segments.prefix(2).joined(separator: "/"); path = segments.dropFirst(2).joined(separator: "/")
            } else {
                found = false
            }
        }
        guard found, !repo.isEmpty else { throw ParseError(reason: "failed to parse repo path segment") }
        let cleaned = (path as NSString).standardizingPath
        if cleaned == ".." || cleaned.hasPrefix("../") || (path.hasPrefix("..") && cleaned.hasPrefix("/")) {
            throw ParseError(reason: "url path exits repo: \(redact(n))")
        }
        return (repo, path.trimmingCharacters(in: CharacterSet(charactersIn: "/")))
    }

    /// `scheme://user:secret@host/…` → `scheme://user:***@host/…`; token-only userinfo
    /// (`https://TOKEN@host/`) is masked too, as is any `access_token`-like query value.
    static func redact(_ s: String) -> String {
        guard let schemeEnd = s.range(of: "://") else { return s }
        let afterScheme = s[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return s }
        let userinfo = authority[..<at]
        let masked: String
        if let colon = userinfo.firstIndex(of: ":") {
            masked = String(userinfo[..<colon]) + ":***"
        } else if s.lowercased().hasPrefix("ssh://") {
            masked = String(userinfo)
        } else {
            masked = "***"
        }
        return String(s[..<schemeEnd.upperBound]) + masked + String(afterScheme[at...])
    }
}

/// Go's `time.ParseDuration` for the `?timeout=` of a remote URL: a sequence of decimal
/// numbers with units (`ns`, `us`, `µs`, `ms`, `s`, `m`, `h`), e.g. `1m30s`, `1.5h`.
enum GoDurationParser {
    static func parse(_ text: String) -> Duration? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" || s.first == "+" { negative = s.first == "-"; s = s.dropFirst() }
        if s == "0" { return .zero }
        guard !s.isEmpty else { return nil }
        var total = 0.0
        let units: [(String, Double)] = [("ns", 1e-9), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)]
        while !s.isEmpty {
            let number = s.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            s = s.dropFirst(number.count)
            guard let unit = units.first(where: { s.hasPrefix($0.0) }) else { return nil }
            s = s.dropFirst(unit.0.count)
            total += value * unit.1
        }
        let d = Duration.nanoseconds(Int64((total * 1e9).rounded()))
        return negative ? .zero - d : d
    }
}
