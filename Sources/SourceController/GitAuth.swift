import Manifests

/// A repository address as a GitRepository may give it: `http(s)://` or `ssh://` (and `file://`
/// when the controller allows it, for tests). scp-like `git@host:path` is refused, as Flux does.
public struct GitURL: Hashable, Sendable, CustomStringConvertible {
    public enum Scheme: String, Sendable { case http, https, ssh, file }
    public var scheme: Scheme
    public var user: String?
    /// A password written into the URL itself (discouraged); treated as a secret.
    public var password: String?
    public var host: String
    public var port: Int?
    public var path: String
    /// The URL as written, passed to git.
    public var raw: String

    public init(_ text: String, allowFile: Bool = false) throws(GitError) {
        func invalid(_ why: String) -> GitError {
            GitError(.invalidURL, "invalid url '\(GitURL.redact(text))': \(why)")
        }
        guard let sep = text.range(of: "://") else { throw invalid("must start with http://, https:// or ssh://") }
        guard let scheme = Scheme(rawValue: text[..<sep.lowerBound].lowercased()), scheme != .file || allowFile else {
            throw invalid("scheme must be http, https or ssh")
        }
        let rest = text[sep.upperBound...]
        guard !rest.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) else { throw invalid("contains whitespace") }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        var user: String?, password: String?
        if let at = authority.lastIndex(of: "@") {
            let info = authority[..<at]
            authority = authority[authority.index(after: at)...]
            if let colon = info.firstIndex(of: ":") {
                user = String(info[..<colon])
                password = String(info[info.index(after: colon)...])
            } else {
                user = String(info)
            }
        }
        var host = String(authority), port: Int?
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else { throw invalid("bad port") }
            port = p
        }
        guard scheme == .file || !host.isEmpty else { throw invalid("no host") }
        guard host.allSatisfy({ $0.isLetter || $0.isNumber || ".-_[]:".contains($0) }) else { throw invalid("bad host") }
        self.scheme = scheme
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.path = String(rest[authorityEnd...])
        self.raw = text
    }

    /// The URL git is given. For http(s) without any user information: a user (`https://TOKEN@host`,
    /// often a token) and a password written into the URL reach git through the askpass script
    /// instead, never a command line or `.git/config`. An ssh user (`ssh://git@host`) stays: it is
    /// a login name, not a secret.
    public var forGit: String {
        guard scheme != .ssh, user != nil || password != nil, let sep = raw.range(of: "://") else { return raw }
        let rest = raw[sep.upperBound...]
        let end = rest.firstIndex(of: "/") ?? rest.endIndex
        guard let at = rest[..<end].lastIndex(of: "@") else { return raw }
        return String(raw[..<sep.upperBound] + rest[rest.index(after: at)...])
    }

    /// `scheme://host[:port]`, as git names the server in its credential prompts
    /// ("Username for 'https://host:8443': "): what credentials are scoped to.
    public var origin: String {
        scheme.rawValue + "://" + host + (port.map { ":\($0)" } ?? "")
    }

    /// The URL with any user information redacted, for messages.
    public var description: String { GitURL.redact(raw) }

    /// Redacts user information in URLs in any text: the password of `scheme://user:password@`,
    /// and the whole user of `http(s)://user@` (a token written as the user); an ssh login name stays.
    public static func redact(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let sep = rest.range(of: "://") {
            let scheme = rest[..<sep.lowerBound].reversed().prefix { $0.isLetter }.reversed()
            let isHTTP = ["http", "https"].contains(String(scheme).lowercased())
            out += rest[..<sep.upperBound]
            rest = rest[sep.upperBound...]
            let end = rest.firstIndex(where: { $0 == "/" || $0 == " " || $0 == "'" || $0 == "\"" || $0 == "\n" }) ?? rest.endIndex
            let authority = rest[..<end]
            guard let at = authority.lastIndex(of: "@") else { continue }
            if let colon = authority[..<at].firstIndex(of: ":") {
                out += authority[..<colon] + ":***" + authority[at...]
                rest = rest[end...]
            } else if isHTTP {
                out += "***" + authority[at...]
                rest = rest[end...]
            }
        }
        return out + rest
    }
}

/// Credentials and transport settings for one repository, read from the GitRepository's Secret
/// (and proxy Secret). Every secret value is kept in `secretValues` so messages can be scrubbed.
public struct GitAuth: Sendable {
    public enum Method: Sendable {
        case none
        case basic(username: String, password: String)
        case bearer(token: String)
        case ssh(identity: [UInt8], knownHosts: [UInt8], passphrase: String?)
    }

    public var method: Method = .none
    /// PEM CA bundle to trust for https (`ca.crt`, or the older `caFile`).
    public var caCertificate: [UInt8]?
    /// mTLS client certificate and key (`tls.crt`, `tls.key`).
    public var clientCertificate: [UInt8]?
    public var clientKey: [UInt8]?
    /// Proxy URL with credentials (`address`, `username`, `password` of the proxy Secret), for http(s) remotes.
    public var proxyURL: String?
    /// The same proxy for an ssh remote: ssh is tunnelled through it with HTTP CONNECT (``GitSSHProxy``).
    public var sshProxy: GitSSHProxy.Configuration?
    /// Values that must never appear in a message.
    public private(set) var secretValues: [String] = []

    public init() {}

    /// Reads a Flux git Secret for `url`. Throws `.authenticationFailed` (Flux's AuthenticationFailed)
    /// when the Secret does not fit the URL's scheme.
    public init(url: GitURL, secret: [String: [UInt8]]?, proxySecret: [String: [UInt8]]? = nil) throws(GitError) {
        func text(_ key: String) -> String? {
            guard let v = secret?[key], !v.isEmpty else { return nil }
            return String(decoding: v, as: UTF8.self)
        }
        if url.scheme != .ssh, url.user != nil || url.password != nil {
            // User information in an http(s) URL is a credential (`https://TOKEN@host`: a token as
            // the user, with an empty password), answered by askpass for this host only.
            method = .basic(username: url.user ?? "", password: url.password ?? "")
            if let password = url.password { secretValues.append(password) }
            // A user alone is most likely a token; a short one is a name, and scrubbing a name such
            // as "git" from every message would garble them (URLs are redacted whole anyway).
            else if let user = url.user, user.count >= 8 { secretValues.append(user) }
        } else if let password = url.password {
            secretValues.append(password)
        }
        switch url.scheme {
        case .http, .https, .file:
            let username = text("username"), password = text("password"), token = text("bearerToken")
            if let token {
                if username != nil || password != nil {
                    throw GitError(.authenticationFailed, "invalid secret: basic auth ('username', 'password') and 'bearerToken' cannot both be set")
                }
                method = .bearer(token: token)
                secretValues.append(token)
            } else if let username, let password {
                method = .basic(username: username, password: password)
                secretValues.append(password)
            } else if username != nil || password != nil {
                throw GitError(.authenticationFailed, "invalid secret: basic auth needs both 'username' and 'password'")
            }
            caCertificate = secret?["ca.crt"] ?? secret?["caFile"]
            clientCertificate = secret?["tls.crt"]
            clientKey = secret?["tls.key"]
            if (clientCertificate == nil) != (clientKey == nil) {
                throw GitError(.authenticationFailed, "invalid secret: 'tls.crt' and 'tls.key' must be set together")
            }
        case .ssh:
            if let secret, !secret.isEmpty {
                guard let identity = secret["identity"], !identity.isEmpty else {
                    throw GitError(.authenticationFailed, "invalid secret: 'identity' is required for ssh")
                }
                guard let knownHosts = secret["known_hosts"], !knownHosts.isEmpty else {
                    throw GitError(.authenticationFailed, "invalid secret: 'known_hosts' is required for ssh")
                }
                let passphrase = text("password")
                method = .ssh(identity: identity, knownHosts: knownHosts, passphrase: passphrase)
                if let passphrase { secretValues.append(passphrase) }
                secretValues.append(String(decoding: identity, as: UTF8.self))
            }
        }
        if let proxySecret, url.scheme == .ssh {
            let proxy = try GitSSHProxy.Configuration(proxySecret: proxySecret)
            sshProxy = proxy
            if let password = proxy.password { secretValues.append(password) }
        } else if let proxySecret {
            guard let address = proxySecret["address"].map({ String(decoding: $0, as: UTF8.self) }), !address.isEmpty,
                  let sep = address.range(of: "://") else {
                throw GitError(.authenticationFailed, "invalid proxy secret: 'address' must be a URL")
            }
            let user = proxySecret["username"].map { String(decoding: $0, as: UTF8.self) }
            let password = proxySecret["password"].map { String(decoding: $0, as: UTF8.self) }
            if let user, let password {
                proxyURL = address[..<sep.upperBound] + Self.percentEncode(user) + ":" + Self.percentEncode(password) + "@" + address[sep.upperBound...]
                secretValues.append(password)
                secretValues.append(Self.percentEncode(password))
            } else {
                proxyURL = address
            }
        }
        // Scrub longest first so a secret containing another is removed whole.
        secretValues = Array(Set(secretValues.filter { $0.count >= 3 })).sorted { $0.count > $1.count }
    }

    /// Answers git's prompts with `username`/`password` (a GitHub App installation token as the
    /// password of `x-access-token`), replacing whatever method the Secret gave; the password is
    /// scrubbed from messages like every other secret.
    public mutating func useBasicAuth(username: String, password: String) {
        method = .basic(username: username, password: password)
        secretValues = Array(Set(secretValues + (password.count >= 3 ? [password] : []))).sorted { $0.count > $1.count }
    }

    /// `text` with every secret value replaced by `***` and URL passwords redacted.
    public func scrub(_ text: String) -> String {
        var out = text
        for value in secretValues {
            out = out.replacingAll(value, with: "***")
            // Multi-line secrets (keys) also scrubbed line by line, in case a tool echoes one line.
            if value.contains("\n") {
                for line in value.split(separator: "\n") where line.count >= 16 { out = out.replacingAll(String(line), with: "***") }
            }
        }
        return GitURL.redact(out)
    }

    static func percentEncode(_ s: String) -> String {
        var out = ""
        for byte in s.utf8 {
            let c = Character(UnicodeScalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~".contains(c)) { out.append(c) } else { out += "%" + String(format2: byte) }
        }
        return out
    }
}

extension String {
    init(format2 byte: UInt8) {
        let hex = String(byte, radix: 16, uppercase: true)
        self = hex.count == 1 ? "0" + hex : hex
    }
}
