import Foundation

/// Registry credentials: none, a user name and password (HTTP basic, and what a bearer-token
/// server is asked with), or an identity token (an OAuth2 refresh token for the token server).
public enum OCICredentials: Equatable, Sendable {
    case anonymous
    case basic(username: String, password: String)
    case identityToken(String)
}

/// The `.dockerconfigjson` key of a `kubernetes.io/dockerconfigjson` Secret — `{"auths": {HOST:
/// {username, password, auth, identitytoken}}}` — and the credentials it holds for one registry.
///
/// Keys are matched by host as Docker's and Flux's clients match them: the scheme and any path
/// are ignored (`https://registry.example/v1/` is `registry.example`), the port is not (`host:5000`
/// is another registry), and `docker.io`, `index.docker.io` and `registry-1.docker.io` are one.
public struct DockerConfigJSON: Sendable {
    struct Entry: Decodable, Sendable {
        var username: String?
        var password: String?
        var auth: String?
        var identitytoken: String?
    }

    private struct File: Decodable {
        var auths: [String: Entry]?
    }

    let auths: [String: Entry]

    /// Parses the file's bytes; the error never quotes them (they are credentials).
    public init(_ bytes: [UInt8]) throws(OCIError) {
        do { auths = try JSONDecoder().decode(File.self, from: Data(bytes)).auths ?? [:] } catch {
            throw OCIError(.invalidReference, "invalid .dockerconfigjson: not a JSON object with 'auths'")
        }
    }

    /// The host part of an `auths` key or a registry address, normalised for matching.
    static func host(of key: String) -> String {
        var text = Substring(key.lowercased())
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        if let slash = text.firstIndex(of: "/") { text = text[..<slash] }
        switch text {
        case "index.docker.io", "registry-1.docker.io": return "docker.io"
        default: return String(text)
        }
    }

    /// The credentials for `registry` (`host` or `host:port`); nil when no key matches.
    /// Throws when the matching entry's `auth` is not base64 of `user:password`.
    public func credentials(for registry: String) throws(OCIError) -> OCICredentials? {
        let wanted = Self.host(of: registry)
        // An exact key wins over one that only matches after normalising.
        guard let entry = auths[registry] ?? auths.first(where: { Self.host(of: $0.key) == wanted })?.value else { return nil }
        if let token = entry.identitytoken, !token.isEmpty { return .identityToken(token) }
        if let user = entry.username, let password = entry.password, !user.isEmpty || !password.isEmpty {
            return .basic(username: user, password: password)
        }
        if let auth = entry.auth, !auth.isEmpty {
            guard let decoded = Data(base64Encoded: auth).map({ String(decoding: $0, as: UTF8.self) }),
                  let colon = decoded.firstIndex(of: ":") else {
                throw OCIError(.invalidReference, "invalid .dockerconfigjson: 'auth' of '\(registry)' is not base64 of 'user:password'")
            }
            return .basic(username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]))
        }
        return .anonymous
    }
}
